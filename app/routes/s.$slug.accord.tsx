import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { CheckField } from "~/ui/Field";
import { metaTitle, useT } from "~/i18n/react";
import { grantJointConsent } from "~/privacy/consent.server";
import { readForm } from "~/web/http.server";
import { type Locale, t } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "consent.meta") }];

/** Both agreements, refused in the page's language. */
const consentSchema = (locale: Locale) =>
  z.object({
    youth: z.literal("oui", { error: t(locale, "consent.youth.error") }),
    parent: z.literal("oui", { error: t(locale, "consent.parent.error") }),
  });

async function youthSurvey(slug: string | undefined) {
  const campaign = await requireOpenCampaign(slug);
  const youth = surveyFor(campaign, "Y");
  if (!youth) throw new Response(null, { status: 404 });
  return { campaign, youth };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { youth } = await youthSurvey(params.slug);
  return { minutes: youth.minutes };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { campaign, youth } = await youthSurvey(params.slug);
  const form = Object.fromEntries(await readForm(request));
  const parsed = consentSchema(getLocale(request)).safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] = issue.message;
    return json({ errors }, { status: 422 });
  }
  return redirect(questionnairePath(campaign.slug, youth.id, "12-14"), {
    headers: { "Set-Cookie": await grantJointConsent(request, campaign.slug) },
  });
}

export default function JointConsent() {
  const { minutes } = useLoaderData<typeof loader>();
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
      <h1>{t("consent.title")}</h1>
      <p>{t("consent.under15")}</p>
      <p>{t("consent.law")}</p>
      <p>{t("consent.show")}</p>
      <h2>{t("consent.toKnow")}</h2>
      <ul className="facts">
        <li>{t("youth.minutes", { minutes })}</li>
        <li>{t("consent.noName")}</li>
        <li>{t("consent.dontKnow")}</li>
        <li>{t("consent.stop")}</li>
        <li>{t("consent.readers")}</li>
      </ul>
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
          <legend>{t("consent.legend")}</legend>
          {(["youth", "parent"] as const).map((who) => (
            <CheckField
              key={who}
              id={who}
              name={who}
              value="oui"
              aria-required="true"
              label={t(`consent.${who}`)}
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
