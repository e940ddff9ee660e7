import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { csvHeaders } from "~/exports/csv.server";
import { requireActor } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { findCampaignForActor } from "~/campaigns/campaign.server";
import { exportSurvey, openExportReader, responsesCsv, responsesFileName } from "~/exports/export.server";
import { canManage } from "~/accounts/user.server";

// GET /tableau/campagnes/:slug/export/reponses.csv?questionnaire=<surveyId> — one survey's
// responses, one row each (the file's columns depend on the survey, hence one file per
// survey; without the parameter, the campaign's first). A resource route: no component.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getDb();
  const campaign = await findCampaignForActor(db, actor, params.slug ?? "");
  // Answers, free text included, are for coordinators and admins of the territory: for a
  // viewer, another territory or an unknown campaign, the file does not exist.
  if (!campaign || !canManage(actor)) throw new Response("Page introuvable", { status: 404 });
  const def = exportSurvey(campaign, new URL(request.url).searchParams.get("questionnaire"));
  if (!def) throw new Response("Questionnaire introuvable dans cette campagne", { status: 404 });

  // Logged before the first byte leaves: an interrupted download was still an export.
  await recordAudit(db, {
    actor,
    action: "export_responses",
    target: campaign.slug,
    details: { campaignId: campaign.id, surveyId: def.id, surveyVersion: def.version },
  });
  const body = responsesCsv(openExportReader, campaign, def, { signal: request.signal });
  return new Response(body, { status: 200, headers: csvHeaders(responsesFileName(campaign.slug, def.id)) });
}
