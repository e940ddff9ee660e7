import { AUDIENCE_LABELS, HIDDEN_FIGURE, STATUS_LABELS } from "~/indicators/labels";
import type { AudienceProfile } from "~/indicators/indicators.server";
import { count } from "./figures";
import { formsSentence } from "./QuestionCounts";
import { ProfileFigure, ProfileTable } from "./ProfileTable";

type Group = Pick<AudienceProfile, "audience" | "responses" | "status" | "dimensions" | "forms">;

/** The profile across dimensions, one card per group (never pooled); hidden groups show no number. */
export function GroupProfiles({ groups }: { groups: Group[] }) {
  return (
    <section aria-labelledby="profil" className="dash-section">
      <h2 id="profil">Profil par dimension</h2>
      <p className="hint">
        Pour chaque public, la part de réponses favorables (score au-dessus de 50, du côté « d'accord ») et
        son intervalle de confiance à 95 %. Les dimensions D1 et D2 viennent en premier : reconnaissance comme
        acteur et savoirs d'expérience.
      </p>
      <div className="dash-grid">
        {groups.map((g) => (
          <GroupCard key={g.audience} group={g} />
        ))}
      </div>
    </section>
  );
}

function GroupCard({ group: g }: { group: Group }) {
  const label = AUDIENCE_LABELS[g.audience];
  const headingId = `profil-${g.audience}`;
  return (
    <article className="dash-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{label}</h3>
      {g.responses === null ? (
        <p className="hidden-note">{HIDDEN_FIGURE}</p>
      ) : (
        <>
          <p className="group-meta">
            {count(g.responses)} réponses
            {formsSentence(g.forms) ? <> ({formsSentence(g.forms)})</> : null}
            {g.status === "indicative" ? (
              <span className="badge badge-indicative">{STATUS_LABELS.indicative}</span>
            ) : null}
          </p>
          <ProfileFigure audience={g.audience} label={label} figures={g.dimensions} />
          <ProfileTable caption={`${label} : chiffres par dimension`} figures={g.dimensions} />
        </>
      )}
    </article>
  );
}
