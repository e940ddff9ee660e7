import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { jsonError } from "~/web/http.server";
import { getActor } from "~/accounts/login.server";
import { findCampaignForActor } from "~/campaigns/campaign.server";
import { campaignIndicators, type DimensionFigure } from "~/indicators/indicators.server";

/** A figure as the API shows it: a hidden one carries its status and nothing else. */
function apiFigure(f: DimensionFigure) {
  if (f.status === "hidden") return { status: "hidden" as const };
  return { n: f.n, mean: f.mean, favourable: f.favourable, ci: f.ci, status: f.status };
}

// GET /api/v1/campaigns/:slug/indicators — the session cookie, the same territory scoping
// (404 for another territory) and the same small-group suppression as the dashboard.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  if (!actor) return jsonError(401, "unauthorized", "Connectez-vous pour lire les indicateurs.");
  const db = await getDb();
  const campaign = await findCampaignForActor(db, actor, params.slug ?? "");
  if (!campaign) return jsonError(404, "campaign_not_found", "Cette campagne n'existe pas.");
  const indicators = await campaignIndicators(db, campaign);
  return Response.json(
    {
      campaign: {
        slug: campaign.slug,
        title: campaign.title,
        waveLabel: campaign.wave_label,
        territory: campaign.territoryName,
      },
      groups: Object.fromEntries(
        indicators.groups.map((g) => [
          g.audience,
          {
            responses: g.responses,
            status: g.status,
            dimensions: Object.fromEntries(g.dimensions.map((f) => [f.dimension, apiFigure(f)])),
          },
        ]),
      ),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
