import type { ReactNode } from "react";
import type { Audience } from "~/surveys/audiences";
import {
  AGE_BAND_LABELS,
  AUDIENCE_LABELS,
  HIDDEN_CELL,
  localeLabel,
  STATUS_LABELS,
} from "~/indicators/labels";
import type { AudienceProfile, Participation as ParticipationData } from "~/indicators/indicators.server";
import { ChartBox, GroupedBars } from "./ChartBox";
import { count, plural, weekLabel } from "./figures";
import { DataTable } from "./DataTable";

type Group = Pick<AudienceProfile, "audience" | "responses" | "status" | "byAgeBand">;

/** The sentence every participation figure is read with: who is left out, and how many groups. */
export function LeftOutStatement({
  participation: p,
}: {
  participation: Pick<ParticipationData, "shownTotal" | "hiddenGroups">;
}) {
  return (
    <p className="lead">
      <strong>{plural(p.shownTotal, "réponse prise en compte", "réponses prises en compte")}.</strong> Les
      groupes de moins de 10 réponses sont laissés de côté, dans ce total comme dans tous les chiffres :{" "}
      {p.hiddenGroups === 0
        ? "aucun groupe n'est concerné pour cette campagne."
        : p.hiddenGroups === 1
          ? "1 groupe est concerné pour cette campagne."
          : `${p.hiddenGroups} groupes sont concernés pour cette campagne.`}
    </p>
  );
}

/** A table of response counts: one row a label (its header cell) and its count, already written. */
function CountTable({
  caption,
  heading,
  rows,
}: {
  caption: ReactNode;
  heading: string;
  rows: { key: string; label: ReactNode; responses: string }[];
}) {
  return (
    <DataTable caption={caption} columns={[{ label: heading }, { label: "Réponses", num: true }]}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{r.responses}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** Responses per audience; a hidden group shows « masqué ». */
export function AudienceCounts({ participation }: { participation: Pick<ParticipationData, "byAudience"> }) {
  return (
    <CountTable
      caption="Réponses par public"
      heading="Public"
      rows={participation.byAudience.map((a) => ({
        key: a.audience,
        label: AUDIENCE_LABELS[a.audience],
        responses: a.n === null ? STATUS_LABELS.hidden : count(a.n),
      }))}
    />
  );
}

export function ParticipationSection({
  participation: p,
  groups,
}: {
  participation: ParticipationData;
  groups: Group[];
}) {
  const shownAudiences = p.byAudience.filter((a) => a.n !== null).map((a) => a.audience);
  const weekRows = p.byWeek.map((w) => ({ label: weekLabel(w.week), ...w.counts }));
  // A series with every week hidden would draw nothing: leave it out of the chart (not the table).
  const charted = shownAudiences.filter((a) => p.byWeek.some((w) => typeof w.counts[a] === "number"));
  const banded = groups.filter((g) => g.byAgeBand.length > 0);
  return (
    <section aria-labelledby="participation" className="dash-section">
      <h2 id="participation">Participation</h2>
      <LeftOutStatement participation={p} />
      <div className="dash-grid">
        <div>
          <AudienceCounts participation={p} />
          <CountTable
            caption="Langue du questionnaire"
            heading="Langue"
            rows={p.locales.map((l) => ({
              key: l.locale,
              label: localeLabel(l.locale),
              responses: count(l.n),
            }))}
          />
        </div>
        <div>
          <h3>Réponses par semaine</h3>
          {weekRows.length === 0 ? (
            <p>Pas encore de réponse à compter.</p>
          ) : charted.length === 0 ? (
            <>
              <p>Chaque semaine compte trop peu de réponses par public : le détail par semaine est masqué.</p>
              <WeeklyTable byWeek={p.byWeek} audiences={shownAudiences} />
            </>
          ) : (
            <>
              <ChartBox
                height={260}
                label={`Réponses par semaine et par public, sur ${plural(weekRows.length, "semaine", "semaines")}, du ${weekRows[0]!.label} au ${weekRows.at(-1)!.label}. Les chiffres sont dans le tableau « Voir le tableau ».`}
              >
                {() => <GroupedBars rows={weekRows} audiences={charted} unit="" />}
              </ChartBox>
              {p.byWeek.some((w) => charted.some((a) => w.counts[a] === null)) ? (
                <p className="hint">
                  Une barre absente est un chiffre masqué, pas un zéro : voir le tableau.
                </p>
              ) : null}
              <details className="table-details">
                <summary>Voir le tableau</summary>
                <WeeklyTable byWeek={p.byWeek} audiences={shownAudiences} />
              </details>
            </>
          )}
        </div>
      </div>
      {banded.length > 0 ? (
        <div className="dash-grid">
          {banded.map((g) => (
            <CountTable
              key={g.audience}
              caption={`Tranches d'âge : ${AUDIENCE_LABELS[g.audience]}`}
              heading="Âge"
              rows={g.byAgeBand.map((b) => ({
                key: b.ageBand,
                label: AGE_BAND_LABELS[b.ageBand],
                responses: count(b.responses),
              }))}
            />
          ))}
        </div>
      ) : null}
      <p className="hint">
        Un chiffre « masqué » l'est parce qu'il compte moins de 10 réponses, ou parce qu'on pourrait le
        retrouver en soustrayant les autres chiffres du total.
      </p>
    </section>
  );
}

/** Weeks × shown audiences. No weekly total: it is not protected against subtraction. */
function WeeklyTable({ byWeek, audiences }: { byWeek: ParticipationData["byWeek"]; audiences: Audience[] }) {
  return (
    <DataTable
      caption="Réponses par semaine (semaine commençant le lundi indiqué)"
      columns={[
        { label: "Semaine du" },
        ...audiences.map((a) => ({ label: AUDIENCE_LABELS[a], num: true, key: a })),
      ]}
    >
      <tbody>
        {byWeek.map((w) => (
          <tr key={w.week}>
            <th scope="row">{weekLabel(w.week)}</th>
            {audiences.map((a) => (
              <td className="num" key={a}>
                {w.counts[a] === null || w.counts[a] === undefined ? HIDDEN_CELL : count(w.counts[a])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
