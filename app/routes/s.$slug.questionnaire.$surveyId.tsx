import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/ClientOnly";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { hasJointConsent } from "~/lib/consent.server";
import { dir, htmlLang, isLocale, surveyLocaleFor } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { localizedText } from "~/lib/localized-text";
import { surveyJsonFor } from "~/lib/survey-adapter";
import { AGE_BANDS_BY_AUDIENCE, type AgeBand, ZAgeBand } from "~/lib/survey-definition";
import { requireOpenCampaign } from "~/models/campaign-page.server";
import { getSurveyDefinition } from "~/models/surveys.server";

const SurveyForm = lazy(() => import("~/components/SurveyForm.client"));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.title} · Coéduc` : metaTitle(matches, "landing.meta") },
];

/** Where to choose an age band when the link has none (or a wrong one). */
const CHOOSE_AGE: Record<string, string> = { Px: "enfant", Y: "jeune" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const summary = campaign.surveys.find((s) => s.id === params.surveyId);
  const def = summary && getSurveyDefinition(summary.id, summary.version);
  if (!def) throw new Response(null, { status: 404 });

  const allowed = AGE_BANDS_BY_AUDIENCE[def.audience];
  const requested = ZAgeBand.safeParse(new URL(request.url).searchParams.get("age"));
  let ageBand: AgeBand | null = requested.success ? requested.data : null;
  if (!allowed.includes(ageBand)) {
    if (allowed.length === 1) ageBand = allowed[0]!;
    else throw redirect(`/s/${campaign.slug}/${CHOOSE_AGE[def.audience] ?? ""}`);
  }
  if (ageBand === "12-14" && !(await hasJointConsent(request, campaign.slug))) {
    throw redirect(`/s/${campaign.slug}/accord`);
  }
  // The page's language when the survey is written in it, else the survey's own first one.
  const locale = surveyLocaleFor(def.locales, getLocale(request));
  return {
    slug: campaign.slug,
    title: localizedText(def.title, locale) || def.id,
    minutes: def.minutes,
    ageBand,
    survey: {
      id: def.id,
      version: def.version,
      audience: def.audience,
      locale,
      // Only the strings of that language travel to the phone.
      json: surveyJsonFor(def.survey, locale, def.locales),
    },
  };
}

export default function Questionnaire() {
  const { slug, title, minutes, ageBand, survey } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = useT();
  const tu = survey.audience === "Y" || survey.audience === "A";
  // The questionnaire may be in French on an Arabic page: say so, and mark its language.
  const surveyLocale = isLocale(survey.locale) ? survey.locale : "fr";
  const other = surveyLocale !== locale;
  const loading = (
    <div className="survey-loading" role="status">
      <p>{t("survey.loading")}</p>
      <noscript>
        <p>{t("survey.noscript")}</p>
      </noscript>
    </div>
  );
  return (
    <div className="page survey-page">
      <h1 lang={htmlLang(surveyLocale)} dir={other ? dir(surveyLocale) : undefined}>
        {title}
      </h1>
      {other ? (
        <p className="notice">{t(locale === "falc" ? "survey.noSimplified" : "survey.onlyFrench")}</p>
      ) : null}
      <p className="small">
        {t("common.minutes", { minutes })} {t(tu ? "survey.kept.tu" : "survey.kept.vous")}
      </p>
      <ClientOnly fallback={loading}>
        {() => (
          <Suspense fallback={loading}>
            <SurveyForm slug={slug} survey={survey} ageBand={ageBand} />
          </Suspense>
        )}
      </ClientOnly>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
