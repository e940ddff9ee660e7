import { AGE_BAND_LABELS, AUDIENCE_LABELS, HIDDEN_CELL } from "~/indicators/labels";
import type { AudienceProfile, DimensionFigure } from "~/indicators/indicators.server";
import { count, interval, pct } from "./figures";
import { DataTable, DimensionHeader } from "./DataTable";

type Group = Pick<AudienceProfile, "audience" | "byAgeBand">;

/** Dimensions × age bands for the groups that have several bands (children's ages, 12–14 / 15–17). */
export function AgeBandsSection({ groups }: { groups: Group[] }) {
  const banded = groups.filter((g) => g.byAgeBand.length > 0);
  if (banded.length === 0) return null;
  return (
    <section aria-labelledby="ages" className="dash-section">
      <h2 id="ages">Selon l'âge</h2>
      <p className="hint">
        Mêmes règles que pour les publics : une case de moins de 10 réponses est masquée, et parfois une
        seconde, pour qu'on ne puisse pas la retrouver par soustraction.
      </p>
      <div className="dash-stack">
        {banded.map((g) => {
          const dimensions = g.byAgeBand[0]!.dimensions.map((d) => d.dimension);
          return (
            <DataTable
              key={g.audience}
              caption={<>{AUDIENCE_LABELS[g.audience]} : réponses favorables selon l'âge</>}
              columns={[
                { label: "Dimension" },
                ...g.byAgeBand.map((b) => ({
                  key: b.ageBand,
                  num: true,
                  label: (
                    <>
                      {AGE_BAND_LABELS[b.ageBand]}
                      <span className="th-sub">
                        {b.responses === null ? HIDDEN_CELL : `${count(b.responses)} réponses`}
                      </span>
                    </>
                  ),
                })),
              ]}
            >
              <tbody>
                {dimensions.map((d, i) => (
                  <tr key={d}>
                    <DimensionHeader dimension={d} />
                    {g.byAgeBand.map((b) => (
                      <BandCell key={b.ageBand} figure={b.dimensions[i]!} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          );
        })}
      </div>
    </section>
  );
}

function BandCell({ figure: f }: { figure: DimensionFigure }) {
  if (f.favourable === null || f.ci === null) return <td className="hidden-cell">{HIDDEN_CELL}</td>;
  return (
    <td className="num">
      <strong>{pct(f.favourable)}</strong>
      <span className="cell-sub">
        {interval(f.ci)} · n = {count(f.n)}
        {f.status === "indicative" ? " · indicatif" : ""}
      </span>
    </td>
  );
}
