import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { type ComponentType, startTransition, useEffect, useState } from "react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { releasePreviewEvents } from "~/ui/FirstQuestionPreview";
import { QuickQuestions } from "~/ui/QuickQuestions";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { hasJointConsent } from "~/privacy/consent.server";
import { dir, htmlLang, isLocale, surveyLocaleFor } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { progressBase, quickPagesOf } from "~/surveys/quick-pages";
import { localizedText } from "~/surveys/localized-text";
import { surveyJsonFor } from "~/surveys/adapter";
import { AGE_BANDS_BY_AUDIENCE, type AgeBand, ZAgeBand } from "~/surveys/definition";
import { requireOpenCampaign } from "~/campaigns/campaign-page.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import firstQuestionStyles from "~/styles/first-question.css?url";

import type { SurveyFormProps } from "~/ui/SurveyForm.client";

// The SurveyJS bundle (about 360 KB gzip) is asked for as soon as this module runs in the
// browser, not after hydration: on a slow phone that is seconds earlier (decision 013).
const surveyFormModule = typeof document === "undefined" ? null : import("~/ui/SurveyForm.client");
// A chunk that fails before hydration would be an unhandled rejection until useSurveyForm's
// handler is attached (a page error): mark it handled now; that handler still gets the failure.
surveyFormModule?.catch(() => {});

/**
 * The SurveyJS form once its chunk is here, mounted in a transition after hydration.
 * Not `React.lazy` + `<Suspense>`: a tap on the server-drawn question while React was
 * hydrating forced a synchronous render that met the suspended lazy component, and React
 * gave up the page ("Root did not complete", bench:phone, repeat visits). Nothing here
 * suspends, so a tap can never meet a pending render.
 */
function useSurveyForm(): { Form: ComponentType<SurveyFormProps> | null; failed: boolean } {
  const [Form, setForm] = useState<ComponentType<SurveyFormProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    (surveyFormModule ?? import("~/ui/SurveyForm.client")).then(
      (module) => {
        if (live) startTransition(() => setForm(() => module.default));
      },
      () => {
        // A lost connection while the chunk was on its way: say so; the preview stays.
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { Form, failed };
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: firstQuestionStyles }];

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
  const quickPages = quickPagesOf(def.survey, locale);
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
    // Drawn by the server, so they show before SurveyJS arrives (decisions 013 and 031).
    quickPages,
    questions: progressBase(def.survey, quickPages.length),
  };
}

export default function Questionnaire() {
  const { slug, title, minutes, ageBand, survey, quickPages, questions } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = useT();
  const tu = survey.audience === "Y" || survey.audience === "A";
  // The questionnaire may be in French on an Arabic page: say so, and mark its language.
  const surveyLocale = isLocale(survey.locale) ? survey.locale : "fr";
  const other = surveyLocale !== locale;
  // Until SurveyJS is here: the first question as plain HTML (answerable), else a message.
  // It stays mounted, in the same place, until SurveyForm says it has taken over, so a tap
  // is never lost to a redraw (bench:phone caught that when the preview was drawn twice).
  const { Form, failed } = useSurveyForm();
  const [ready, setReady] = useState(false);
  // Hydrated: events in the preview may reach React again (see FirstQuestionPreview).
  useEffect(releasePreviewEvents, []);
  const waiting =
    quickPages.length > 0 ? (
      <div lang={htmlLang(surveyLocale)}>
        <QuickQuestions
          pages={quickPages}
          surveyLocale={survey.locale}
          total={questions}
          progress={t("survey.progress")}
          loading={t("survey.preview")}
          dir={dir(surveyLocale)}
        />
        <noscript>
          <p className="notice">{t("survey.noscript")}</p>
        </noscript>
      </div>
    ) : (
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
      {ready ? null : waiting}
      {failed ? (
        <div className="notice" role="alert">
          <p>{t("survey.loadFailed")}</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t("survey.reload")}
          </button>
        </div>
      ) : null}
      {Form ? (
        <Form
          slug={slug}
          survey={survey}
          ageBand={ageBand}
          firstQuestion={quickPages[0]?.name ?? null}
          onReady={() => setReady(true)}
        />
      ) : null}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
