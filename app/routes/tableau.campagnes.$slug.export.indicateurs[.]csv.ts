import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { csvHeaders } from "~/exports/csv.server";
import { requireActor } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { findCampaignForActor } from "~/campaigns/campaign.server";
import { indicatorsCsv, indicatorsFileName } from "~/exports/export.server";
import { campaignIndicators } from "~/indicators/indicators.server";

// GET /tableau/campagnes/:slug/export/indicateurs.csv — the dashboard's figures as a file.
// Viewers (steering committees) may download it too: it holds only aggregated figures,
// protected by campaignIndicators exactly as on the dashboard they already see (groups
// under 10 hidden, complementary suppression of age bands), never a response.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getDb();
  const campaign = await findCampaignForActor(db, actor, params.slug ?? "");
  // Another territory's campaign and an unknown one look the same.
  if (!campaign) throw new Response("Page introuvable", { status: 404 });

  const indicators = await campaignIndicators(db, campaign);
  await recordAudit(db, {
    actor,
    action: "export_indicators",
    target: campaign.slug,
    details: { campaignId: campaign.id },
  });
  return new Response(indicatorsCsv(indicators), {
    status: 200,
    headers: csvHeaders(indicatorsFileName(campaign.slug)),
  });
}
