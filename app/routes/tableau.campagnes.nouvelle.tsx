import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireCsrf } from "~/accounts/csrf.server";
import { CampaignForm } from "~/ui/CampaignForm";
import { CampaignsCrumb } from "~/ui/dashboard/CampaignHeader";
import { getDb } from "~/db.server";
import {
  campaignFieldErrors,
  campaignFormInput,
  parisDayOf,
  RETENTION_DEFAULT_MONTHS,
  ZCampaignForm,
} from "~/campaigns/campaign-form";
import { requireActor } from "~/accounts/login.server";
import { createCampaign, manageableTerritories, surveyOptions } from "~/campaigns/campaign-admin.server";
import { type Actor, canManage } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Nouvelle campagne · Coéduc" }];

// Viewers read dashboards only: for them this page does not exist.
async function requireManager(request: Request): Promise<Actor> {
  const actor = await requireActor(request);
  if (!canManage(actor)) throw new Response("Page introuvable", { status: 404 });
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireManager(request);
  const territories = await manageableTerritories(await getDb(), actor);
  const surveys = surveyOptions();
  return {
    territories,
    surveys,
    values: {
      territoryId: territories.length === 1 ? String(territories[0]!.id) : "",
      title: "",
      waveLabel: "",
      surveys: surveys.map((s) => s.key),
      opensOn: parisDayOf(new Date()),
      closesOn: "",
      slug: "",
      retentionMonths: String(RETENTION_DEFAULT_MONTHS),
      formOffer: "long",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request);
  const actor = await requireManager(request);
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response("Formulaire illisible", { status: 400 });
  const values = campaignFormInput(formData);
  const parsed = ZCampaignForm.safeParse(values);
  if (!parsed.success) return json({ fields: campaignFieldErrors(parsed.error), values }, { status: 422 });
  const result = await createCampaign(await getDb(), actor, parsed.data);
  if (!result.ok) return json({ fields: result.fields, values }, { status: 422 });
  throw redirect(`/tableau?enregistre=${encodeURIComponent(result.slug)}`);
}

export default function NewCampaign() {
  const { territories, surveys, values } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  return (
    <div className="page dash-page">
      <CampaignsCrumb />
      <h1>Nouvelle campagne</h1>
      {territories.length === 0 ? (
        <p>
          Votre compte n'est rattaché à aucun territoire. Demandez à une personne administratrice de vous y
          ajouter.
        </p>
      ) : (
        <CampaignForm
          territories={territories}
          surveys={surveys}
          values={sent?.values ?? values}
          errors={sent?.fields}
        />
      )}
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
