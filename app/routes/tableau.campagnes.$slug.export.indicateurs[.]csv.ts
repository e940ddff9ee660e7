import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvHeaders } from "~/exports/csv.server";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { recordAudit } from "~/privacy/audit.server";
import { indicatorsCsv, indicatorsFileName } from "~/exports/indicators-export.server";
import { campaignIndicators } from "~/indicators/indicators.server";

// GET /tableau/campagnes/:slug/export/indicateurs.csv — the dashboard's figures as a file.
// Viewers (steering committees) may download it too: it holds only aggregated figures,
// protected by campaignIndicators exactly as on the dashboard they already see (groups
// under 10 hidden, complementary suppression of age bands), never a response.
export async function loader({ request, params }: LoaderFunctionArgs) {
  // Another territory's campaign and an unknown one look the same.
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug);

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
