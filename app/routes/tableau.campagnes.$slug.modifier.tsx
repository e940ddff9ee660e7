import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireCsrf } from "~/accounts/csrf.server";
import { CampaignForm } from "~/ui/CampaignForm";
import { CampaignsCrumb } from "~/ui/dashboard/CampaignHeader";
import { campaignFieldErrors, campaignFormInput, parisDayOf, ZCampaignForm } from "~/campaigns/campaign-form";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import {
  campaignLocks,
  campaignSurveyOptions,
  countResponses,
  manageableTerritories,
  surveyOptions,
  updateCampaign,
} from "~/campaigns/campaign-admin.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Modifier « ${data.title} » · Coéduc` : "Modifier une campagne · Coéduc" },
];

// Another territory's campaign, an unknown slug and a viewer all get the same 404, so nothing
// tells whether the campaign exists.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
  const responses = await countResponses(db, campaign.id);
  const locks = campaignLocks(campaign, responses);
  // Until someone answers, saving moves each questionnaire to its newest version.
  const surveys = locks.surveys ? campaignSurveyOptions(campaign) : surveyOptions();
  const offered = new Set(campaign.surveys.map((s) => s.surveyId));
  return {
    title: campaign.title,
    status: campaign.status,
    responses,
    locks,
    territories: await manageableTerritories(db, actor),
    surveys,
    values: {
      territoryId: String(campaign.territory_id),
      title: campaign.title,
      waveLabel: campaign.wave_label,
      surveys: surveys.filter((s) => offered.has(s.id)).map((s) => s.key),
      opensOn: parisDayOf(campaign.opens_at),
      closesOn: parisDayOf(campaign.closes_at),
      slug: campaign.slug,
      retentionMonths: String(campaign.retention_months),
      formOffer: campaign.form_offer,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response("Formulaire illisible", { status: 400 });
  const values = campaignFormInput(formData);
  const parsed = ZCampaignForm.safeParse(values);
  if (!parsed.success) return json({ fields: campaignFieldErrors(parsed.error), values }, { status: 422 });
  const result = await updateCampaign(db, actor, campaign, parsed.data);
  if (!result.ok) return json({ fields: result.fields, values }, { status: 422 });
  throw redirect(`/tableau?enregistre=${encodeURIComponent(result.slug)}`);
}

export default function EditCampaign() {
  const { title, status, responses, locks, territories, surveys, values } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  return (
    <div className="page dash-page">
      <CampaignsCrumb />
      <h1>Modifier « {title} »</h1>
      <CampaignForm
        status={status}
        territories={territories}
        surveys={surveys}
        values={sent?.values ?? values}
        errors={sent?.fields}
        locks={locks}
        responses={responses}
      />
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
