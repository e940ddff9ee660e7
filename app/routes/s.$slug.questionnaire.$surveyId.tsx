import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/ClientOnly";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign } from "~/models/campaign-page.server";
import { hasJointConsent } from "~/lib/consent.server";
import { AGE_BANDS_BY_AUDIENCE, type AgeBand, ZAgeBand } from "~/lib/survey-definition";
import { getSurveyDefinition } from "~/models/surveys.server";

const SurveyForm = lazy(() => import("~/components/SurveyForm.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Coéduc` : "Questionnaire · Coéduc" },
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
  return {
    slug: campaign.slug,
    title: typeof def.title === "string" ? def.title : (def.title.default ?? def.id),
    minutes: def.minutes,
    ageBand,
    survey: { id: def.id, version: def.version, audience: def.audience, json: def.survey },
  };
}

export default function Questionnaire() {
  const { slug, title, minutes, ageBand, survey } = useLoaderData<typeof loader>();
  const loading = (
    <div className="survey-loading" role="status">
      <p>Chargement du questionnaire…</p>
      <noscript>
        <p>Pour répondre, activez JavaScript dans votre navigateur.</p>
      </noscript>
    </div>
  );
  return (
    <div className="page survey-page">
      <h1>{title}</h1>
      <p className="small">
        Environ {minutes} minutes.{" "}
        {survey.audience === "Y" || survey.audience === "A"
          ? "Tes réponses sont gardées sur ce téléphone."
          : "Vos réponses sont gardées sur ce téléphone."}
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
