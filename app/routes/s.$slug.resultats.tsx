import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { getDb } from "~/db.server";
import { VERDICT_LABELS } from "~/lib/council";
import { formatDate, formatPercent } from "~/lib/format";
import { AUDIENCE_LABELS, DIMENSION_LABELS } from "~/lib/labels";
import { findCampaignBySlug } from "~/models/campaign.server";
import { requireOpenCampaign } from "~/models/campaign-page.server";
import { type PublicCouncil, publicResults } from "~/models/public-results.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Résultats : ${data.title} · Coéduc` : "Résultats · Coéduc" },
];

const NOT_PUBLISHED = "moins de 10 réponses : résultat non publié";
const STATUS_WORDS = { planned: "prévu", in_progress: "en cours", done: "fait" } as const;

export async function loader({ params }: LoaderFunctionArgs) {
  // Unknown or draft: the French 404. Open or closed: the page exists.
  const page = await requireOpenCampaign(params.slug, { requireOpen: false });
  const db = await getDb();
  const campaign = await findCampaignBySlug(db, page.slug);
  if (!campaign) throw new Response("Page introuvable", { status: 404 });
  return { slug: campaign.slug, ...(await publicResults(db, campaign)) };
}

/** "Le conseil estime que 5 critères sur 9 sont remplis." */
function metSentence({ met, total }: Pick<PublicCouncil, "met" | "total">): string {
  if (met === 0) return `Le conseil estime qu'aucun des ${total} critères n'est rempli.`;
  if (met === 1) return `Le conseil estime que 1 critère sur ${total} est rempli.`;
  return `Le conseil estime que ${met} critères sur ${total} sont remplis.`;
}

/** The councils' opinions and verdicts; their lines of evidence never reach this page. */
function Councils({ councils }: { councils: PublicCouncil[] }) {
  return (
    <section aria-labelledby="conseils">
      <h2 id="conseils">
        {councils.length > 1 ? "L'avis des conseils de jeunes" : "L'avis du conseil des jeunes"}
      </h2>
      <p className="small">
        Des jeunes se sont réunis en conseil. Ils ont écrit leur avis ensemble. Ils ont aussi dit si leur avis
        compte vraiment : oui, en partie ou non.
      </p>
      {councils.map((c) => (
        <section key={c.id} aria-labelledby={`conseil-${c.id}`} className="council-public">
          <h3 id={`conseil-${c.id}`}>{c.councilName}</h3>
          <p className="small">Séance du {formatDate(c.heldOn)}.</p>
          {/* Plain text: React escapes it. */}
          <blockquote className="council-opinion">{c.opinion}</blockquote>
          <p>
            <strong>{metSentence(c)}</strong>
          </p>
          <ul className="council-verdicts">
            {c.criteria.map((k) => (
              <li key={k.name}>
                <span>{k.question}</span>{" "}
                {k.verdict ? (
                  <span className={`verdict verdict-${k.verdict}`}>
                    <span className="visually-hidden">Réponse du conseil : </span>
                    {VERDICT_LABELS[k.verdict]}
                  </span>
                ) : (
                  <span className="verdict">pas de réponse</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

export default function PublicResultsPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{r.territoryName}</p>
      <h1>Résultats : {r.title}</h1>

      <h2>Ce que vous avez dit</h2>
      {!r.published ? (
        <p>Les résultats seront publiés après la fermeture du questionnaire, le {formatDate(r.closesAt)}.</p>
      ) : (
        <>
          <p>Résultats calculés sur {r.participation!.shownTotal} réponses.</p>
          {r.participation!.hiddenGroups > 0 ? (
            <p>Certains groupes ont moins de 10 réponses. Leurs résultats ne sont pas publiés.</p>
          ) : null}
          <p className="small">Le pourcentage dit la part des réponses plutôt positives.</p>
          {r.groups.map((g) => (
            <section key={g.audience} aria-labelledby={`groupe-${g.audience}`}>
              <h3 id={`groupe-${g.audience}`}>{AUDIENCE_LABELS[g.audience]}</h3>
              {g.status === "hidden" ? (
                <p>{NOT_PUBLISHED}</p>
              ) : (
                <>
                  <p>{g.responses} réponses.</p>
                  <ul>
                    {g.dimensions.map((d) => (
                      <li key={d.dimension}>
                        {DIMENSION_LABELS[d.dimension]} :{" "}
                        {d.favourable === null ? (
                          NOT_PUBLISHED
                        ) : (
                          <strong>{formatPercent(d.favourable)}</strong>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          ))}
        </>
      )}
      {r.open ? (
        <p>
          Le questionnaire est ouvert. <Link to={`/s/${r.slug}`}>Répondre au questionnaire</Link>
        </p>
      ) : null}

      {r.councils.length > 0 ? <Councils councils={r.councils} /> : null}

      {r.verbatims.length > 0 ? (
        <>
          <h2>Quelques phrases écrites</h2>
          <p className="small">
            Elles ont été relues. Les détails qui permettraient de reconnaître quelqu'un sont retirés.
          </p>
          <ul className="verbatim-list">
            {r.verbatims.map((v) => (
              <li key={v.id} className="verbatim">
                {/* Plain text: React escapes it. Never inject respondents' words as HTML. */}
                <blockquote>{v.text}</blockquote>
                <p className="verbatim-meta">{AUDIENCE_LABELS[v.audience]}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Ce qui a été fait</h2>
      {r.actions.length === 0 ? (
        <p>Rien n'est encore publié. L'équipe dira ici ce qu'elle fait avec vos réponses.</p>
      ) : (
        <ul className="actions-list">
          {r.actions.map((a) => (
            <li key={a.id}>
              <p>
                <strong>Ce que nous avons entendu :</strong> {a.heard}
              </p>
              <p>
                <strong>Ce que nous faisons :</strong> {a.decided}
              </p>
              <p>
                <strong>État :</strong> {STATUS_WORDS[a.status]}
                {a.startsOn ? `, depuis le ${formatDate(a.startsOn)}` : ""}
                {a.endsOn
                  ? `, ${a.status === "done" ? "terminé le" : "fin prévue le"} ${formatDate(a.endsOn)}`
                  : ""}
                .
              </p>
              {a.dimension ? <p className="small">Thème : {DIMENSION_LABELS[a.dimension]}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
