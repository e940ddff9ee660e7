import { Form } from "@remix-run/react";
import { type Audience, AUDIENCES } from "~/surveys/audiences";
import { AUDIENCE_LABELS, HIDDEN_CELL } from "~/indicators/labels";
import type { DimensionFigure } from "~/indicators/figure-cells.server";
import { MIN_SHARED_ITEMS } from "~/indicators/shared-items";
import type { WaveDifference } from "~/indicators/waves.server";
import { isClearChange, pct, points, pointsInterval, signedScore } from "./figures";
import { DataTable, DimensionHeader } from "./DataTable";

export interface WaveOption {
  slug: string;
  title: string;
  waveLabel: string;
}

export interface Comparison {
  with: WaveOption;
  differences: WaveDifference[];
}

/** A select of the territory's other waves (a GET form, so the comparison has its own address). */
export function WaveComparisonSection({
  current,
  waves,
  selected,
  comparison,
}: {
  current: WaveOption;
  waves: WaveOption[];
  selected: string | null;
  comparison: Comparison | null;
}) {
  return (
    <section aria-labelledby="vagues" className="dash-section">
      <h2 id="vagues">Comparer deux vagues</h2>
      {waves.length === 0 ? (
        <p>Pas de comparaison possible : ce territoire n'a pas d'autre vague d'enquête publiée.</p>
      ) : (
        <Form method="get" preventScrollReset className="inline-form">
          <label htmlFor="comparer">Comparer « {current.waveLabel} » avec</label>
          <select id="comparer" name="comparer" defaultValue={selected ?? waves[0]!.slug}>
            {waves.map((w) => (
              <option key={w.slug} value={w.slug}>
                {w.waveLabel} : {w.title}
              </option>
            ))}
          </select>
          <button type="submit" className="button">
            Comparer
          </button>
        </Form>
      )}
      {selected && !comparison ? (
        <p className="notice dash-notice">Cette vague n'existe pas ou n'est pas de ce territoire.</p>
      ) : null}
      {comparison ? <ComparisonTables current={current} comparison={comparison} /> : null}
    </section>
  );
}

function ComparisonTables({ current, comparison }: { current: WaveOption; comparison: Comparison }) {
  const byAudience = new Map<Audience, WaveDifference[]>();
  for (const d of comparison.differences)
    byAudience.set(d.audience, [...(byAudience.get(d.audience) ?? []), d]);
  const audiences = AUDIENCES.filter((a) => byAudience.has(a));
  const any = comparison.differences.some((d) => d.favourable !== null);
  return (
    <>
      <p className="hint">
        Écart = « {current.waveLabel} » moins « {comparison.with.waveLabel} », en points de pourcentage de
        réponses favorables, avec son intervalle à 95 %. Quand l'intervalle ne contient pas zéro, l'écart a
        peu de chances d'être dû au hasard. Une dimension n'est comparée que si ses deux chiffres sont
        affichés (10 réponses ou plus).
      </p>
      {!any ? (
        <p>Aucun écart à montrer : pour chaque public, l'une des deux vagues a moins de 10 réponses.</p>
      ) : null}
      <div className="dash-stack">
        {audiences.map((a) => (
          <div key={a}>
            <DataTable
              key={a}
              caption={
                <>
                  {AUDIENCE_LABELS[a]} : « {comparison.with.waveLabel} » et « {current.waveLabel} »
                </>
              }
              columns={[
                { label: "Dimension" },
                { label: comparison.with.waveLabel, num: true },
                { label: current.waveLabel, num: true },
                { label: "Écart", num: true },
                { label: "Intervalle à 95 % de l'écart", num: true },
                { label: "Écart du score moyen", num: true },
              ]}
            >
              <tbody>
                {byAudience.get(a)!.map((d) => (
                  <tr key={d.dimension}>
                    <DimensionHeader dimension={d.dimension} />
                    <td className="num">{share(d.previous)}</td>
                    <td className="num">{share(d.current)}</td>
                    {d.favourable && d.mean ? (
                      <>
                        <td className={`num${isClearChange(d.favourable.ci) ? " clear-change" : ""}`}>
                          {points(d.favourable.difference)}
                        </td>
                        <td className="num">{pointsInterval(d.favourable.ci)}</td>
                        <td className="num">
                          {signedScore(d.mean.difference)} ({signedScore(d.mean.ci[0])} à{" "}
                          {signedScore(d.mean.ci[1])})
                        </td>
                      </>
                    ) : (
                      <td colSpan={3} className="hidden-cell">
                        {d.shared && !d.shared.comparable
                          ? `pas de comparaison : moins de ${MIN_SHARED_ITEMS} questions communes aux deux versions`
                          : "pas de comparaison : un des deux chiffres est masqué"}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </DataTable>
            <SharedItems differences={byAudience.get(a)!} />
          </div>
        ))}
      </div>
    </>
  );
}

/**
 * When the two waves' questionnaires differ (version or form): which questions each dimension
 * is compared on, or that it cannot be compared.
 */
function SharedItems({ differences }: { differences: WaveDifference[] }) {
  const shared = differences.filter((d) => d.shared !== null);
  if (shared.length === 0) return null;
  return (
    <div className="hint">
      <p>
        Les deux vagues n'ont pas le même questionnaire (version ou forme courte) : chaque dimension est
        comparée sur les questions communes aux deux, chaque réponse recalculée sur ces seules questions.
      </p>
      <ul>
        {shared.map((d) => (
          <li key={d.dimension}>
            <span className="dim-code">{d.dimension}</span>{" "}
            {d.shared!.comparable
              ? `Comparaison sur les ${d.shared!.items.length} questions communes aux deux versions : ${d.shared!.items.map((i) => `« ${i.title} »`).join(", ")}.`
              : d.shared!.items.length === 0
                ? "Ne peut pas être comparée : aucune question commune aux deux versions."
                : `Ne peut pas être comparée : une seule question commune aux deux versions (« ${d.shared!.items[0]!.title} »).`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function share(f: DimensionFigure): string {
  return f.favourable === null ? HIDDEN_CELL : pct(f.favourable);
}
