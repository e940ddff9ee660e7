import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvHeaders } from "~/exports/csv.server";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { recordAudit } from "~/privacy/audit.server";
import {
  exportSurvey,
  openExportReader,
  responsesCsv,
  responsesFileName,
} from "~/exports/responses-export.server";

// GET /tableau/campagnes/:slug/export/reponses.csv?questionnaire=<surveyId> — one survey's
// responses, one row each (the file's columns depend on the survey, hence one file per
// survey; without the parameter, the campaign's first). A resource route: no component.
export async function loader({ request, params }: LoaderFunctionArgs) {
  // Answers, free text included, are for coordinators and admins of the territory: for a
  // viewer, another territory or an unknown campaign, the file does not exist.
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
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
