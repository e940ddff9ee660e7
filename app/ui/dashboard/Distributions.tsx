import type { Audience } from "~/surveys/audiences";
import {
  AUDIENCE_LABELS,
  CONTINUUM_LABELS,
  CONTINUUM_QUESTION,
  CONTINUUM_SHORT_LABELS,
  HIDDEN_CELL,
  PARTICIPATED_QUESTION,
} from "~/indicators/labels";
import type { AudienceProfile, ChoiceDistribution } from "~/indicators/indicators.server";
import { ChartBox, GroupedBars } from "./ChartBox";
import { count, pct } from "./figures";
import { DataTable } from "./DataTable";
import { OtherDistributionTables } from "./QuestionCounts";

type Group = Pick<AudienceProfile, "audience" | "status" | "distributions">;

function distributionsOf(groups: Group[], question: string): { audience: Audience; d: ChoiceDistribution }[] {
  return groups.flatMap((g) => {
    const d = g.distributions.find((x) => x.question === question);
    return d ? [{ audience: g.audience, d }] : [];
  });
}

/** "Informed / consulted / worked with / decided together": a distribution per group, not a score. */
export function ContinuumTable({ groups }: { groups: Group[] }) {
  const columns = distributionsOf(groups, CONTINUUM_QUESTION);
  if (columns.length === 0)
    return <p>Pas de chiffre à montrer pour cette question (aucun public de 10 réponses ou plus).</p>;
  const values = columns[0]!.d.values;
  return (
    <DataTable
      caption="Avec les professionnels, ce qui se passe le plus souvent (part des réponses à la question)"
      columns={[
        { label: "Réponse" },
        ...columns.map((c) => ({ label: AUDIENCE_LABELS[c.audience], num: true, key: c.audience })),
      ]}
    >
      <tbody>
        {values.map((v, i) => (
          <tr key={v.value}>
            <th scope="row">{CONTINUUM_LABELS[v.value] ?? v.label}</th>
            {columns.map((c) => {
              const cell = c.d.values[i];
              return (
                <td className="num" key={c.audience}>
                  {cell?.share === null || cell?.share === undefined
                    ? HIDDEN_CELL
                    : `${pct(cell.share)} (${count(cell.n)})`}
                </td>
              );
            })}
          </tr>
        ))}
        <tr className="total-row">
          <th scope="row">Réponses à la question</th>
          {columns.map((c) => (
            <td className="num" key={c.audience}>
              {count(c.d.total)}
            </td>
          ))}
        </tr>
      </tbody>
    </DataTable>
  );
}

/** Took part in a council, a project or a decision in the last 12 months: the share of "yes". */
export function ParticipatedTable({ groups }: { groups: Group[] }) {
  const rows = distributionsOf(groups, PARTICIPATED_QUESTION);
  if (rows.length === 0) return null;
  return (
    <DataTable
      caption="A participé à un conseil, un projet ou une décision ces 12 derniers mois"
      columns={[
        { label: "Public" },
        { label: "Oui", num: true },
        { label: "Réponses à la question", num: true },
      ]}
    >
      <tbody>
        {rows.map(({ audience, d }) => {
          const yes = d.values.find((v) => v.value === "yes");
          return (
            <tr key={audience}>
              <th scope="row">{AUDIENCE_LABELS[audience]}</th>
              <td className="num">
                {yes?.share === null || yes?.share === undefined ? HIDDEN_CELL : pct(yes.share)}
              </td>
              <td className="num">{count(d.total)}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}

export function DistributionsSection({ groups }: { groups: Group[] }) {
  const columns = distributionsOf(groups, CONTINUUM_QUESTION);
  const audiences = columns.map((c) => c.audience);
  const rows = (columns[0]?.d.values ?? []).map((v, i) => ({
    label: CONTINUUM_SHORT_LABELS[v.value] ?? v.label,
    ...Object.fromEntries(
      columns.map((c) => [c.audience, c.d.values[i]?.share == null ? null : c.d.values[i]!.share! * 100]),
    ),
  }));
  const summary = columns
    .map((c) => {
      const top = c.d.values.find((v) => v.value === "decided_together");
      return `${AUDIENCE_LABELS[c.audience]} : décide avec eux ${top?.share == null ? "masqué" : pct(top.share)}`;
    })
    .join(" ; ");
  const hiddenGroups = groups.some((g) => g.status === "hidden");
  const hiddenCells = columns.some((c) => c.d.values.some((v) => v.share === null));
  return (
    <section aria-labelledby="continuum" className="dash-section">
      <h2 id="continuum">Du simple avis à la décision partagée</h2>
      <p className="hint">
        Question posée aux parents et aux jeunes : « Avec les professionnels, que se passe-t-il le plus
        souvent ? ». Montrée telle quelle, sans score.
        {hiddenGroups ? " Les publics de moins de 10 réponses n'y figurent pas." : ""}
      </p>
      <div className="dash-grid">
        <div>
          {rows.length > 0 ? (
            <ChartBox
              height={360}
              label={`Répartition des réponses, de « informé·e » à « décide avec eux », par public. ${summary}. Détail dans le tableau.`}
            >
              {() => <GroupedBars rows={rows} audiences={audiences} unit="%" horizontal />}
            </ChartBox>
          ) : null}
          {rows.length > 0 && hiddenCells ? (
            <p className="hint">Une barre absente est un chiffre masqué, pas un zéro : voir le tableau.</p>
          ) : null}
          <ContinuumTable groups={groups} />
        </div>
      </div>
      <h3>Les autres questions sans score</h3>
      <p className="hint">
        Chaque question à choix sans score, avec son intitulé : faits (oui / non), conditions pour participer,
        participation.
      </p>
      <OtherDistributionTables groups={groups} />
    </section>
  );
}
