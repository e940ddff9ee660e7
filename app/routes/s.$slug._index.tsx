import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { ClientOnly } from "~/ui/ClientOnly";
import { SimplifiedOffer } from "~/ui/LanguageSwitcher";
import { WaitingAnswers } from "~/ui/WaitingAnswers.client";
import { Pictogram, type PictogramKind } from "~/ui/Pictogram";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { formatDateIn } from "~/i18n/i18n";
import { childSelfPath, questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";
import { getLocale } from "~/i18n/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.campaign.title} · Coéduc` : metaTitle(matches, "landing.meta") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The minutes stated are those of the questionnaires in the page's language.
  const campaign = await requireOpenCampaign(params.slug, { locale: getLocale(request) });
  const parent = surveyFor(campaign, "P") ?? surveyFor(campaign, "Px");
  const youth = surveyFor(campaign, "Y");
  const adult = surveyFor(campaign, "A");
  // With the person's choice of version, from the short one's minutes to the complete one's.
  const minutes = campaign.surveys
    .filter((s) => s.audience !== "Px")
    .flatMap((s) => (s.shortMinutes === null ? [s.minutes] : [s.shortMinutes, s.minutes]));
  return {
    campaign,
    minutes: minutes.length > 0 ? { min: Math.min(...minutes), max: Math.max(...minutes) } : null,
    choices: {
      parent: !!parent,
      childSelf: surveyFor(campaign, "E") ? childSelfPath(campaign.slug) : null,
      youth: !!youth,
      adult: adult ? questionnairePath(campaign.slug, adult.id, "18-25") : null,
    },
  };
}

/** One fact of the list; the simplified version shows its picture beside it. */
function Fact({ picture, label, children }: { picture: PictogramKind; label: string; children: string }) {
  const simplified = useLocale() === "falc";
  return (
    <li className={simplified ? "fact-pictured" : undefined}>
      {simplified ? <Pictogram kind={picture} /> : null}
      <span>
        <strong>{label}</strong> {children}
      </span>
    </li>
  );
}

export default function CampaignLanding() {
  const { campaign, minutes, choices } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = useT();
  const duration =
    minutes && minutes.min !== minutes.max
      ? t("landing.duration.range", { min: minutes.min, max: minutes.max })
      : t("landing.duration", { minutes: minutes?.min ?? 5 });
  return (
    <div className="page">
      {/* The territory and the title are written by the team, in French. */}
      <p className="eyebrow" lang="fr" dir="auto">
        {campaign.territoryLogo ? (
          <img
            className="territory-logo"
            src={campaign.territoryLogo}
            alt={`Logo de ${campaign.territoryName}`}
          />
        ) : null}
        {campaign.territoryName}
      </p>
      <h1 lang="fr" dir="auto">
        {campaign.title}
      </h1>
      {/* Answers finished on this phone but not sent yet: known only to the browser, so the
          server's page stays the same (and works without JavaScript). */}
      <ClientOnly fallback={null}>
        {() => (
          <WaitingAnswers
            slug={campaign.slug}
            surveys={campaign.surveys.map((s) => ({ id: s.id, audience: s.audience }))}
          />
        )}
      </ClientOnly>
      {/* First screen first (issue 14, part 6): on a 360 x 740 phone, the question and its first
          choice show without scrolling, in every language; the explanations follow. */}
      <p className="landing-lead">
        {t("landing.duration.label")} {duration} {t("landing.anonymous.label")} {t("landing.anonymous")}
      </p>
      <h2 className="landing-who">{t("landing.who")}</h2>
      <ul className="choices">
        {choices.parent ? (
          <li>
            <Link className="choice" to={`/s/${campaign.slug}/parent`}>
              {t("landing.who.parent")}
            </Link>
          </li>
        ) : null}
        {choices.childSelf ? (
          <li>
            <Link className="choice" to={choices.childSelf}>
              {t("landing.who.childSelf")}
            </Link>
          </li>
        ) : null}
        {choices.youth ? (
          <li>
            <Link className="choice" to={`/s/${campaign.slug}/jeune`}>
              {t("landing.who.youth")}
            </Link>
          </li>
        ) : null}
        {choices.adult ? (
          <li>
            <Link className="choice" to={choices.adult}>
              {t("landing.who.adult")}
            </Link>
          </li>
        ) : null}
      </ul>
      <SimplifiedOffer />
      <h2>{t("landing.about")}</h2>
      <p>{t("landing.intro")}</p>
      <p>{t("landing.citeEducative")}</p>
      <p>{t("landing.why")}</p>
      <ul className="facts">
        <Fact picture="time" label={t("landing.duration.label")}>
          {duration}
        </Fact>
        <Fact picture="anonymous" label={t("landing.anonymous.label")}>
          {t("landing.anonymous")}
        </Fact>
        <Fact picture="readers" label={t("landing.readers.label")}>
          {t("landing.readers")}
        </Fact>
        <Fact picture="calendar" label={t("landing.until.label")}>
          {`${formatDateIn(locale, campaign.closesAt)}.`}
        </Fact>
      </ul>
      <p className="small">
        {t("landing.erase.question")} <Link to="/effacer">{t("common.erase")}</Link>
      </p>
      <p className="small">
        {t("privacy.keptUntil", { date: formatDateIn(locale, campaign.keptUntil) })}{" "}
        <Link to="/confidentialite">{t("privacy.more")}</Link>
      </p>
      <p>
        <Link to={`/s/${campaign.slug}/resultats`}>{t("common.results")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
