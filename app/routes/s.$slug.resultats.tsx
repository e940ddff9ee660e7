import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { getDb } from "~/db.server";
import { metaTitle, rich, useLocale, useT } from "~/i18n/react";
import { formatDateIn, formatPercentIn } from "~/i18n/i18n";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { requireOpenCampaign } from "~/campaigns/campaign-page.server";
import { type PublicCouncil, publicResults } from "~/follow-up/public-results.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? metaTitle(matches, "results.title", { title: data.title })
      : metaTitle(matches, "results.meta"),
  },
];

export async function loader({ params }: LoaderFunctionArgs) {
  // Unknown or draft: the 404 page. Open or closed: the page exists.
  const page = await requireOpenCampaign(params.slug, { requireOpen: false });
  const db = await getDb();
  const campaign = await findCampaignBySlug(db, page.slug);
  if (!campaign) throw new Response("Page introuvable", { status: 404 });
  return { slug: campaign.slug, ...(await publicResults(db, campaign)) };
}

/** What the team and the councils wrote is in French: said so to screen readers and to the layout. */
const FRENCH = { lang: "fr", dir: "auto" } as const;

/** The councils' opinions and verdicts; their lines of evidence never reach this page. */
function Councils({ councils }: { councils: PublicCouncil[] }) {
  const locale = useLocale();
  const t = useT();
  return (
    <section aria-labelledby="conseils">
      <h2 id="conseils">{t(councils.length > 1 ? "results.councils.many" : "results.councils.one")}</h2>
      <p className="small">{t("results.councils.intro")}</p>
      {councils.map((c) => (
        <section key={c.id} aria-labelledby={`conseil-${c.id}`} className="council-public">
          <h3 id={`conseil-${c.id}`} {...FRENCH}>
            {c.councilName}
          </h3>
          <p className="small">{t("results.council.held", { date: formatDateIn(locale, c.heldOn) })}</p>
          {/* Plain text: React escapes it. */}
          <blockquote className="council-opinion" {...FRENCH}>
            {c.opinion}
          </blockquote>
          <p>
            <strong>{t("results.council.met", { met: c.met, total: c.total })}</strong>
          </p>
          <ul className="council-verdicts">
            {c.criteria.map((k) => (
              <li key={k.name}>
                <span {...FRENCH}>{k.question}</span>{" "}
                {k.verdict ? (
                  <span className={`verdict verdict-${k.verdict}`}>
                    <span className="visually-hidden">{t("results.council.verdict")}</span>
                    {t(`verdict.${k.verdict}`)}
                  </span>
                ) : (
                  <span className="verdict">{t("results.council.noVerdict")}</span>
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
  const locale = useLocale();
  const t = useT();
  const date = (iso: string) => formatDateIn(locale, iso);
  return (
    <div className="page">
      <p className="eyebrow" {...FRENCH}>
        {r.territoryName}
      </p>
      <h1>
        {rich(t("results.title"), {
          title: (
            <bdi lang="fr" dir="auto">
              {r.title}
            </bdi>
          ),
        })}
      </h1>

      <h2>{t("results.said")}</h2>
      {!r.published ? (
        <p>{t("results.later", { date: date(r.closesAt) })}</p>
      ) : (
        <>
          <p>{t("results.total", { count: r.participation!.shownTotal })}</p>
          {r.participation!.hiddenGroups > 0 ? <p>{t("results.hiddenGroups")}</p> : null}
          <p className="small">{t("results.percent")}</p>
          {r.groups.map((g) => (
            <section key={g.audience} aria-labelledby={`groupe-${g.audience}`}>
              <h3 id={`groupe-${g.audience}`}>{t(`audience.${g.audience}`)}</h3>
              {g.status === "hidden" ? (
                <p>{t("results.notPublished")}</p>
              ) : (
                <>
                  <p>{t("results.responses", { count: g.responses ?? 0 })}</p>
                  <ul>
                    {g.dimensions.map((d) => (
                      <li key={d.dimension}>
                        {t("results.dimension", { dimension: t(`dimension.${d.dimension}`) })}{" "}
                        {d.favourable === null ? (
                          t("results.notPublished")
                        ) : (
                          <strong>{formatPercentIn(locale, d.favourable)}</strong>
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
          {t("results.open")} <Link to={`/s/${r.slug}`}>{t("results.answer")}</Link>
        </p>
      ) : null}

      {r.councils.length > 0 ? <Councils councils={r.councils} /> : null}

      {r.verbatims.length > 0 ? (
        <>
          <h2>{t("results.verbatims")}</h2>
          <p className="small">{t("results.verbatims.note")}</p>
          <ul className="verbatim-list">
            {r.verbatims.map((v) => (
              <li key={v.id} className="verbatim">
                {/* Plain text: React escapes it. Never inject respondents' words as HTML. */}
                <blockquote {...FRENCH}>{v.text}</blockquote>
                <p className="verbatim-meta">{t(`audience.${v.audience}`)}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("results.done")}</h2>
      {r.actions.length === 0 ? (
        <p>{t("results.nothingYet")}</p>
      ) : (
        <ul className="actions-list">
          {r.actions.map((a) => {
            const when = [
              t(`results.state.${a.status}`),
              a.startsOn ? t("results.since", { date: date(a.startsOn) }) : null,
              a.endsOn
                ? t(a.status === "done" ? "results.endedOn" : "results.endsOn", { date: date(a.endsOn) })
                : null,
            ].filter((part) => part !== null);
            return (
              <li key={a.id}>
                <p>
                  <strong>{t("results.heard")}</strong> <span {...FRENCH}>{a.heard}</span>
                </p>
                <p>
                  <strong>{t("results.decided")}</strong> <span {...FRENCH}>{a.decided}</span>
                </p>
                <p>
                  <strong>{t("results.state")}</strong> {when.join(t("common.listSeparator"))}.
                </p>
                {a.dimension ? (
                  <p className="small">{t("results.theme", { dimension: t(`dimension.${a.dimension}`) })}</p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
