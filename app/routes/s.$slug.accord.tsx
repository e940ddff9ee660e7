import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { grantJointConsent } from "~/lib/consent.server";
import { questionnairePath } from "~/lib/paths";
import { readForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Accord avant de commencer · Coéduc" }];

const ZConsent = z.object({
  youth: z.literal("oui", { error: "Coche cette case si tu es d'accord pour répondre." }),
  parent: z.literal("oui", { error: "Il faut aussi l'accord d'un de tes parents." }),
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
  const parsed = ZConsent.safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] = issue.message;
    return data({ errors }, { status: 422 });
  }
  return redirect(questionnairePath(campaign.slug, youth.id, "12-14"), {
    headers: { "Set-Cookie": await grantJointConsent(request, campaign.slug) },
  });
}

export default function JointConsent() {
  const { minutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const summary = useRef<HTMLDivElement>(null);
  // After a refused submit, bring the person to the list of what is missing.
  useEffect(() => {
    if (result?.errors) summary.current?.focus();
  }, [result]);
  return (
    <div className="page">
      <h1>Avant de commencer</h1>
      <p>Tu as moins de 15 ans.</p>
      <p>La loi demande ton accord et l'accord d'un de tes parents.</p>
      <p>Montre cette page à ton parent ou à l'adulte qui s'occupe de toi.</p>
      <h2>Ce qu'il faut savoir</h2>
      <ul className="facts">
        <li>Le questionnaire prend environ {minutes} minutes.</li>
        <li>On ne demande pas ton nom.</li>
        <li>Tu peux répondre « je ne sais pas ».</li>
        <li>Tu peux arrêter quand tu veux.</li>
        <li>L'équipe de la Cité éducative lit les réponses pour améliorer les activités.</li>
      </ul>
      <Form method="post" noValidate className="consent-form">
        {Object.keys(errors).length > 0 ? (
          <div className="error-summary" ref={summary} tabIndex={-1} aria-labelledby="summary-title">
            <p id="summary-title">
              <strong>
                {Object.keys(errors).length > 1 ? "Il manque 2 accords :" : "Il manque un accord :"}
              </strong>
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
          <legend>Les 2 accords</legend>
          <div className="check">
            <input
              type="checkbox"
              id="youth"
              name="youth"
              value="oui"
              aria-required="true"
              aria-invalid={errors.youth ? true : undefined}
              aria-describedby={errors.youth ? "youth-error" : undefined}
            />
            <label htmlFor="youth">Moi, je suis d'accord pour répondre.</label>
            {errors.youth ? (
              <p id="youth-error" className="field-error">
                {errors.youth}
              </p>
            ) : null}
          </div>
          <div className="check">
            <input
              type="checkbox"
              id="parent"
              name="parent"
              value="oui"
              aria-required="true"
              aria-invalid={errors.parent ? true : undefined}
              aria-describedby={errors.parent ? "parent-error" : undefined}
            />
            <label htmlFor="parent">Mon parent, ou l'adulte qui s'occupe de moi, est d'accord.</label>
            {errors.parent ? (
              <p id="parent-error" className="field-error">
                {errors.parent}
              </p>
            ) : null}
          </div>
        </fieldset>
        <button type="submit" className="button primary">
          Commencer le questionnaire
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
