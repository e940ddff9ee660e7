import { json } from "@remix-run/node";
import { getDb } from "~/db.server";
import { campaignAvailability, findCampaignBySlug } from "~/campaigns/campaign.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { retentionEndsAt } from "~/campaigns/campaign-form";
import type { Audience } from "~/surveys/definition";
import { territoryLogoSrc } from "~/accounts/territory-logo.server";

export interface CampaignSurveySummary {
  id: string;
  version: number;
  audience: Audience;
  minutes: number;
}

export interface CampaignPage {
  slug: string;
  title: string;
  territoryName: string;
  /** The territory's logo for an <img> (issue 14), or null. */
  territoryLogo: string | null;
  waveLabel: string;
  closesAt: string;
  /** The last day its responses are kept (closing + retention), for the landing and privacy pages. */
  keptUntil: string;
  /** Whether it takes answers now (always true unless `requireOpen: false`). */
  open: boolean;
  surveys: CampaignSurveySummary[];
}

/** What the error boundary of a campaign page receives with a 404 or 410. */
export interface CampaignUnavailableData {
  reason: "not_found" | "closed" | "not_yet_open";
  slug?: string;
  title?: string;
  opensAt?: string;
  closesAt?: string;
}

/**
 * Loads a campaign for a respondent page, or throws the French 404 page (unknown slug,
 * or a draft) or the 410 page with the dates (closed, or not open yet). Pages shown
 * after answering (thanks) pass `requireOpen: false`: a response acknowledged just
 * before closing must still get its thank-you page.
 */
export async function requireOpenCampaign(
  slug: string | undefined,
  { requireOpen = true }: { requireOpen?: boolean } = {},
): Promise<CampaignPage> {
  const db = await getDb();
  const campaign = slug ? await findCampaignBySlug(db, slug) : undefined;
  const availability = campaign && campaignAvailability(campaign);
  if (!campaign || availability === "draft") {
    throw json<CampaignUnavailableData>({ reason: "not_found" }, { status: 404 });
  }
  if (requireOpen && (availability === "closed" || availability === "not_yet_open")) {
    throw json<CampaignUnavailableData>(
      {
        reason: availability,
        slug: campaign.slug,
        title: campaign.title,
        opensAt: campaign.opens_at,
        closesAt: campaign.closes_at,
      },
      { status: 410 },
    );
  }
  const surveys = campaign.surveys.flatMap((s) => {
    const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
    return def ? [{ id: def.id, version: def.version, audience: def.audience, minutes: def.minutes }] : [];
  });
  return {
    slug: campaign.slug,
    title: campaign.title,
    territoryName: campaign.territoryName,
    territoryLogo: await territoryLogoSrc(db, campaign.territory_id),
    waveLabel: campaign.wave_label,
    closesAt: campaign.closes_at,
    keptUntil: retentionEndsAt(campaign.closes_at, campaign.retention_months),
    open: availability === "open",
    surveys,
  };
}

/** The campaign's survey for an audience, if it offers one. */
export function surveyFor(page: CampaignPage, audience: Audience): CampaignSurveySummary | undefined {
  return page.surveys.find((s) => s.audience === audience);
}
