import type { Audience } from "~/surveys/audiences";
import { DIMENSION_SHORT_LABELS, HIDDEN_FIGURE, STATUS_SHORT_LABELS } from "~/indicators/labels";
import type { DimensionFigure } from "~/indicators/indicators.server";
import { ChartBox, ProfileChart } from "./ChartBox";
import { barDatum, count, interval, pct, score } from "./figures";
import { DataTable, DimensionHeader } from "./DataTable";

/**
 * One group's profile across dimensions as a table (D1, D2 first, as the model orders
 * them). `bars` adds a drawn bar with its interval in the share cell, for print where the
 * browser-only charts are absent.
 */
export function ProfileTable({
  caption,
  figures,
  bars = false,
}: {
  caption: string;
  figures: DimensionFigure[];
  bars?: boolean;
}) {
  return (
    <DataTable
      className="profile-table"
      caption={caption}
      columns={[
        { label: "Dimension" },
        { label: "Réponses favorables", num: true },
        { label: "Intervalle à 95 %", num: true },
        { label: "Score moyen (0–100)", num: true },
        { label: "n", num: true },
        { label: "Statut" },
      ]}
    >
      <tbody>
        {figures.map((f) => (
          <tr key={f.dimension} className={f.status === "hidden" ? "is-hidden" : undefined}>
            <DimensionHeader dimension={f.dimension} />
            {f.favourable === null || f.ci === null || f.mean === null ? (
              <td colSpan={5} className="hidden-cell">
                {HIDDEN_FIGURE}
              </td>
            ) : (
              <>
                <td className="num">
                  {pct(f.favourable)}
                  {bars ? <ShareBar share={f.favourable} ci={f.ci} /> : null}
                </td>
                <td className="num">{interval(f.ci)}</td>
                <td className="num">{score(f.mean, f.status)}</td>
                <td className="num">{count(f.n)}</td>
                <td>{STATUS_SHORT_LABELS[f.status]}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** A share drawn as a bar with its interval: prints without JavaScript, hidden from screen readers. */
function ShareBar({ share, ci }: { share: number; ci: readonly [number, number] }) {
  return (
    <span className="share-bar" aria-hidden="true">
      <span className="share-bar-fill" style={{ width: `${share * 100}%` }} />
      <span
        className="share-bar-ci"
        style={{ left: `${ci[0] * 100}%`, width: `${(ci[1] - ci[0]) * 100}%` }}
      />
    </span>
  );
}

/** The profile chart of one shown group, with a spoken summary of its bars. */
export function ProfileFigure({
  audience,
  label,
  figures,
}: {
  audience: Audience;
  label: string;
  figures: DimensionFigure[];
}) {
  const bars = figures.map((f) => ({
    label: `${f.dimension} ${DIMENSION_SHORT_LABELS[f.dimension]}${f.status === "hidden" ? " (masqué)" : ""}`,
    ...barDatum(f.favourable, f.ci),
  }));
  const summary = figures
    .map((f) => `${f.dimension} ${f.favourable === null ? "masqué" : pct(f.favourable)}`)
    .join(", ");
  return (
    <ChartBox
      label={`${label} : part de réponses favorables par dimension, avec l'intervalle à 95 % : ${summary}. Détail dans le tableau qui suit.`}
      height={figures.length * 34 + 36}
    >
      {() => <ProfileChart bars={bars} audience={audience} />}
    </ChartBox>
  );
}
