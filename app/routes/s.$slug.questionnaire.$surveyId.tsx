import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
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
import { AGE_BANDS_BY_AUDIENCE, type AgeBand, needsJointConsent, ZAgeBand } from "~/surveys/definition";
import { childSelfPath } from "~/surveys/paths";
import { offeredForm, requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";
import { MAX_VISIT_PARTS } from "~/responses/submission-secret";
import { getSurveyDefinition, minutesOf } from "~/surveys/surveys.server";
import { formOf, type QuestionnaireForm } from "~/surveys/forms";
import { placedQuestionsOf } from "~/surveys/questions";
import { FormChoice } from "~/ui/FormChoice";
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
  const url = new URL(request.url);
  const requested = ZAgeBand.safeParse(url.searchParams.get("age"));
  let ageBand: AgeBand | null = requested.success ? requested.data : null;
  if (!allowed.includes(ageBand)) {
    if (allowed.length === 1) ageBand = allowed[0]!;
    else throw redirect(`/s/${campaign.slug}/${CHOOSE_AGE[def.audience] ?? ""}`);
  }
  // Under 15, both agreements first: the child's page with the parent (8–11), or the joint consent (12–14).
  if (needsJointConsent(ageBand) && !(await hasJointConsent(request, campaign.slug))) {
    throw redirect(ageBand === "8-11" ? childSelfPath(campaign.slug) : `/s/${campaign.slug}/accord`);
  }
  // The page's language when the survey is written in it, else the survey's own first one.
  const locale = surveyLocaleFor(def.locales, getLocale(request));
  const title = localizedText(def.title, locale) || def.id;
  // The form answered: the one the campaign offers, else the one chosen (?forme=courte or
  // complete, kept in the link so a reload, a change of language or a resume stays on it).
  const form =
    offeredForm(campaign.formOffer, def) ?? FORM_PARAM[url.searchParams.get("forme") ?? ""] ?? null;
  if (form === null) {
    // The person chooses first, on one screen, between the two versions.
    const choice = (f: QuestionnaireForm) => {
      const search = new URLSearchParams(url.search);
      search.set("forme", f === "short" ? "courte" : "complete");
      if (ageBand) search.set("age", ageBand);
      return {
        href: `${url.pathname}?${search.toString()}`,
        minutes: minutesOf(def, f, locale),
        questions: placedQuestionsOf(formOf(def, f)).length,
      };
    };
    return {
      kind: "choose" as const,
      title,
      audience: def.audience,
      locale,
      short: choice("short"),
      long: choice("long"),
    };
  }
  const answered = formOf(def, form);
  const childSurvey = surveyFor(campaign, "Px");
  const quickPages = quickPagesOf(answered.survey, locale);
  return {
    kind: "answer" as const,
    slug: campaign.slug,
    // Where a family visit may go after this part (the children, the parent's own part).
    family: { childSurveyId: childSurvey?.id ?? null, parent: !!surveyFor(campaign, "P") },
    title,
    minutes: minutesOf(def, form, locale),
    ageBand,
    survey: {
      id: def.id,
      version: def.version,
      audience: def.audience,
      locale,
      form,
      // Only the strings of that language, and the questions of that form, travel to the phone.
      json: surveyJsonFor(answered.survey, locale, def.locales),
    },
    // Drawn by the server, so they show before SurveyJS arrives (decisions 013 and 031): the
    // first pages of the form answered.
    quickPages,
    questions: progressBase(answered.survey, quickPages.length),
  };
}

/** The `forme` parameter of the link: `courte` (the short form) or `complete` (the long one). */
const FORM_PARAM: Record<string, QuestionnaireForm> = { courte: "short", complete: "long" };

export default function Questionnaire() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "choose") return <FormChoice {...data} />;
  return <Answering {...data} />;
}

/** The questionnaire itself, in the form chosen or offered. */
function Answering({
  slug,
  family,
  title,
  minutes,
  ageBand,
  survey,
  quickPages,
  questions,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "answer" }>) {
  // In a family visit, the child's place on the children screen (`?enfant=0`, 1…).
  const [params] = useSearchParams();
  const childParam = Number(params.get("enfant") ?? "NaN");
  const child =
    survey.audience === "Px" &&
    Number.isInteger(childParam) &&
    childParam >= 0 &&
    childParam < MAX_VISIT_PARTS
      ? childParam
      : null;
  // The care setting was chosen on the children screen: no quick page of that question (the
  // questionnaire starts after it once SurveyJS is there).
  const quick = child !== null && quickPages[0]?.name === "care" ? [] : quickPages;
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
    quick.length > 0 ? (
      <div lang={htmlLang(surveyLocale)}>
        <QuickQuestions
          pages={quick}
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
          // A new form for each child of the visit (the same page, another address).
          key={`${survey.id}:${ageBand ?? "-"}:${child ?? "-"}`}
          slug={slug}
          child={child}
          family={family}
          survey={survey}
          ageBand={ageBand}
          firstQuestion={quick[0]?.name ?? null}
          onReady={() => setReady(true)}
        />
      ) : null}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
