import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { Face } from "~/ui/Face";
import { CheckField } from "~/ui/Field";
import { metaTitle, useT } from "~/i18n/react";
import { grantJointConsent } from "~/privacy/consent.server";
import { readForm } from "~/web/http.server";
import { type Locale, t } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import type { FaceKind } from "~/surveys/faces";
import { questionnairePath } from "~/surveys/paths";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

// A child of 8 to 11 answers the face-scale questionnaire (audience E) with a parent beside them.
// This first page speaks to the parent, then to the child; both agree before the questions, as
// for the 12–14-year-olds (the same agreement kept on the phone, app/privacy/consent.server.ts),
// and the server refuses an 8–11 response without it. The erasure code shown at the end is the
// parent's: this page tells them so.

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "childSelf.meta") }];

const FACES = ["sad", "neutral", "happy"] as const satisfies readonly FaceKind[];

/** Both agreements, refused in the page's language. */
const consentSchema = (locale: Locale) =>
  z.object({
    child: z.literal("oui", { error: t(locale, "childSelf.consent.child.error") }),
    parent: z.literal("oui", { error: t(locale, "childSelf.consent.parent.error") }),
  });

async function childSurvey(slug: string | undefined) {
  const campaign = await requireOpenCampaign(slug);
  const survey = surveyFor(campaign, "E");
  if (!survey) throw new Response(null, { status: 404 });
  return { campaign, survey };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { survey } = await childSurvey(params.slug);
  const def = getSurveyDefinition(survey.id, survey.version);
  return {
    minutes: survey.minutes,
    questions: ((def?.survey.pages as unknown[] | undefined) ?? []).length,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { campaign, survey } = await childSurvey(params.slug);
  const form = Object.fromEntries(await readForm(request));
  const parsed = consentSchema(getLocale(request)).safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] = issue.message;
    return json({ errors }, { status: 422 });
  }
  return redirect(questionnairePath(campaign.slug, survey.id, "8-11"), {
    headers: { "Set-Cookie": await grantJointConsent(request, campaign.slug) },
  });
}

export default function ChildWithParent() {
  const { minutes, questions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const t = useT();
  const summary = useRef<HTMLDivElement>(null);
  // After a refused submit, bring the person to the list of what is missing.
  useEffect(() => {
    if (result?.errors) summary.current?.focus();
  }, [result]);
  return (
    <div className="page">
      <h1>{t("childSelf.title")}</h1>
      <section aria-labelledby="for-parent">
        <h2 id="for-parent">{t("childSelf.parent.title")}</h2>
        <p>
          <strong>{t("childSelf.parent.beside")}</strong>
        </p>
        <p>{t("childSelf.parent.choose")}</p>
        <p>{t("childSelf.parent.read")}</p>
        <ul className="facts">
          <li>{t("childSelf.parent.minutes", { count: questions, minutes })}</li>
          <li>{t("childSelf.parent.law")}</li>
          <li>{t("childSelf.parent.code")}</li>
        </ul>
      </section>
      <section aria-labelledby="for-child">
        <h2 id="for-child">{t("childSelf.child.title")}</h2>
        <p>{t("childSelf.child.faces")}</p>
        <ul className="face-legend">
          {FACES.map((kind) => (
            <li key={kind}>
              <Face kind={kind} size={48} />
              <span>{t(`childSelf.face.${kind}`)}</span>
            </li>
          ))}
        </ul>
        <ul className="facts">
          <li>{t("childSelf.child.dontKnow")}</li>
          <li>{t("childSelf.child.noWrong")}</li>
          <li>{t("childSelf.child.noName")}</li>
          <li>{t("childSelf.child.stop")}</li>
        </ul>
      </section>
      <Form method="post" noValidate className="consent-form">
        {Object.keys(errors).length > 0 ? (
          <div className="error-summary" ref={summary} tabIndex={-1} aria-labelledby="summary-title">
            <p id="summary-title">
              <strong>{t("consent.missing", { count: Object.keys(errors).length })}</strong>
            </p>
            <ul>
              {Object.entries(errors).map(([field, message]) => (
                <li key={field}>
                  <a href={`#${field}`}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <fieldset>
          <legend>{t("childSelf.consent.legend")}</legend>
          {(["child", "parent"] as const).map((who) => (
            <CheckField
              key={who}
              id={who}
              name={who}
              value="oui"
              aria-required="true"
              label={t(`childSelf.consent.${who}`)}
              error={errors[who]}
            />
          ))}
        </fieldset>
        <button type="submit" className="button primary">
          {t("consent.start")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
