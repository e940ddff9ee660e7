import { AUDIENCE_LABELS } from "~/indicators/labels";
import type { AudienceProfile } from "~/indicators/indicators.server";
import { alpha, plural } from "./figures";
import { DataTable, DimensionHeader } from "./DataTable";

type Group = Pick<AudienceProfile, "audience" | "reliability">;

const COLUMNS = [
  { label: "Dimension" },
  { label: "Alpha", num: true },
  { label: "Qualité" },
  { label: "Calculé" },
];

const ACCEPTABLE = 0.7;
/** ALPHA_MIN_RESPONSES of indicators.server.ts (a server module: the browser cannot import it). */
export const ALPHA_FROM = 100;

/** Cronbach's alpha per dimension and group (≥ 100 responses): a quality flag, not a result. */
export function ReliabilitySection({ groups }: { groups: Group[] }) {
  const measured = groups.filter((g) => g.reliability !== null);
  return (
    <section aria-labelledby="fiabilite" className="dash-section">
      <h2 id="fiabilite">Cohérence des questions</h2>
      <p className="hint">
        L'alpha de Cronbach dit si les questions d'une même dimension vont dans le même sens ; à partir de
        0,7, la dimension est jugée cohérente et son score peut être lu comme un tout. Il est arrondi au
        dixième inférieur et calculé une fois par jour, comme les autres chiffres.
      </p>
      {measured.length === 0 ? (
        <p>Calculé pour les publics d'au moins {ALPHA_FROM} réponses : aucun pour l'instant.</p>
      ) : (
        <div className="dash-grid">
          {measured.map((g) => {
            return (
              <DataTable
                key={g.audience}
                caption={<>Alpha de Cronbach : {AUDIENCE_LABELS[g.audience]}</>}
                columns={COLUMNS}
              >
                <tbody>
                  {g.reliability!.map((r) => (
                    <tr key={r.dimension}>
                      <DimensionHeader dimension={r.dimension} />
                      <td className="num">{r.alpha === null ? "non calculable" : alpha(r.alpha)}</td>
                      <td>{r.alpha === null ? "—" : r.alpha >= ACCEPTABLE ? "acceptable" : "à vérifier"}</td>
                      <td>sur un échantillon de {plural(r.n, "réponse complète", "réponses complètes")}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            );
          })}
        </div>
      )}
    </section>
  );
}
