import { Link } from "@remix-run/react";
import { type CriteriaSummary, VERDICT_LABELS } from "~/council/rules";
import { formatDate } from "~/i18n/format";
import type { PublishedCouncilOpinion } from "~/council/record.server";
import { pct, plural } from "./figures";

// Youth councils' self-assessment (docs/indicators.md, audience C): read apart from the
// individual scores, never pooled with them.

export interface CouncilsOverview {
  /** Sessions that were opened (held or under way). */
  sessionsHeld: number;
  /** All the councils' criteria together; null when no council has recorded its opinion. */
  pooled: CriteriaSummary | null;
  opinions: PublishedCouncilOpinion[];
}

/** "5 critères remplis sur 9 (56 %), 3 en partie, 1 non". */
export function criteriaMet(s: CriteriaSummary): string {
  const met = `${s.met} ${s.met <= 1 ? "critère rempli" : "critères remplis"}`;
  return `${met} sur ${s.total} (${pct(s.share)}), ${s.partly} en partie, ${s.notMet} non`;
}

/** The council's own words: plain text, React escapes it; line breaks kept by CSS. */
function Opinion({ text }: { text: string }) {
  return <blockquote className="council-opinion">{text}</blockquote>;
}

/** When the session was held and, beside other councils, this council's own share. */
function CouncilMeta({ opinion: o, alone }: { opinion: PublishedCouncilOpinion; alone: boolean }) {
  return (
    <>
      <p className="council-held">Séance du {formatDate(o.heldOn)}.</p>
      {/* A single council's share is the campaign's, already written above. */}
      {alone ? null : (
        <p>
          Auto-évaluation de ce conseil : <strong>{criteriaMet(o.record.summary)}</strong>.
        </p>
      )}
    </>
  );
}

function CriteriaTable({ opinion: o }: { opinion: PublishedCouncilOpinion }) {
  return (
    // The evidence column scrolls on a phone: focusable so a keyboard can scroll it too.
    <div
      className="table-scroll"
      tabIndex={0}
      role="region"
      aria-label={`Auto-évaluation : ${o.councilName}`}
    >
      <table className="data-table council-table">
        <caption>Auto-évaluation, critère par critère</caption>
        <thead>
          <tr>
            <th scope="col">Critère</th>
            <th scope="col">Réponse</th>
            <th scope="col">Exemple donné par le conseil</th>
          </tr>
        </thead>
        <tbody>
          {o.record.criteria.map((c) => (
            <tr key={c.name}>
              <th scope="row">
                {c.label}
                <span className="cell-sub">modèle de {c.model}</span>
              </th>
              <td>
                {c.verdict ? (
                  <span className={`verdict verdict-${c.verdict}`}>{VERDICT_LABELS[c.verdict]}</span>
                ) : (
                  <span className="hidden-cell">sans réponse</span>
                )}
              </td>
              <td className="council-evidence">{c.evidence || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CouncilsSection({ slug, councils: c }: { slug: string; councils: CouncilsOverview }) {
  const sessionsPage = `/tableau/campagnes/${slug}/conseils`;
  return (
    <section aria-labelledby="conseils" className="dash-section">
      <h2 id="conseils">Conseils de jeunes</h2>
      <p className="hint">
        Chaque conseil évalue en groupe sa propre participation : les 4 éléments du modèle de Lundy et les 5
        questions de Shier, notés oui, en partie ou non, avec un exemple. Ces résultats sont lus à part : ils
        ne comptent pas dans les scores des réponses individuelles.
      </p>
      {c.sessionsHeld === 0 ? (
        <p>
          Aucune séance de conseil de jeunes n'a encore eu lieu pour cette campagne.{" "}
          <Link to={sessionsPage}>Préparer une séance de conseil</Link>
        </p>
      ) : (
        <p>
          {plural(c.sessionsHeld, "séance tenue", "séances tenues")},{" "}
          {c.opinions.length === 0
            ? "aucun avis enregistré pour l'instant."
            : `${plural(c.opinions.length, "avis enregistré", "avis enregistrés")}.`}{" "}
          <Link to={sessionsPage}>Voir les séances</Link>
        </p>
      )}
      {c.pooled ? (
        <p className="lead">
          {c.opinions.length > 1 ? "Tous conseils confondus : " : "Auto-évaluation du conseil : "}
          <strong>{criteriaMet(c.pooled)}</strong>.
        </p>
      ) : null}
      <div className="dash-stack">
        {c.opinions.map((o) => (
          <article
            key={o.sessionId}
            className="dash-card council-card"
            aria-labelledby={`conseil-${o.sessionId}`}
          >
            <h3 id={`conseil-${o.sessionId}`}>{o.councilName}</h3>
            <CouncilMeta opinion={o} alone={c.opinions.length === 1} />
            <h4>L'avis du conseil</h4>
            <Opinion text={o.record.opinion} />
            <CriteriaTable opinion={o} />
          </article>
        ))}
      </div>
    </section>
  );
}

/** For the printable report: the share of criteria met and each council's opinion. */
export function CouncilsBrief({ councils: c }: { councils: Pick<CouncilsOverview, "pooled" | "opinions"> }) {
  return (
    <section className="report-block" aria-labelledby="r-conseils">
      <h2 id="r-conseils">Conseils de jeunes</h2>
      {c.pooled === null ? (
        <p>Aucun conseil de jeunes n'a enregistré son avis pour cette campagne.</p>
      ) : (
        <>
          <p>
            Chaque conseil évalue en groupe sa propre participation (modèles de Lundy et de Shier), à part des
            réponses individuelles. {c.opinions.length > 1 ? "Tous conseils confondus : " : "Résultat : "}
            <strong>{criteriaMet(c.pooled)}</strong>.
          </p>
          {c.opinions.map((o) => (
            <div key={o.sessionId} className="council-brief">
              <h3>{o.councilName}</h3>
              <CouncilMeta opinion={o} alone={c.opinions.length === 1} />
              <Opinion text={o.record.opinion} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
