import type { DB } from "../../db/client";
import type { Campaign } from "../../db/schema";

export interface CampaignSurveyRef {
  surveyId: string;
  surveyVersion: number;
}

export interface CampaignWithSurveys extends Campaign {
  territoryName: string;
  surveys: CampaignSurveyRef[];
}

/** "draft": prepared by the coordinators, not published: respondents get a 404. */
export type Availability = "open" | "not_yet_open" | "closed" | "draft";

/** A campaign by its public slug, with its territory's name and the survey versions it offers. */
export async function findCampaignBySlug(db: DB, slug: string): Promise<CampaignWithSurveys | undefined> {
  const campaign = await db
    .selectFrom("campaign")
    .innerJoin("territory", "territory.id", "campaign.territory_id")
    .selectAll("campaign")
    .select("territory.name as territoryName")
    .where("campaign.slug", "=", slug)
    .executeTakeFirst();
  if (!campaign) return undefined;
  const surveys = await db
    .selectFrom("campaign_survey")
    .select(["survey_id as surveyId", "survey_version as surveyVersion"])
    .where("campaign_id", "=", campaign.id)
    .orderBy("survey_id")
    .execute();
  return { ...campaign, surveys };
}

/** Whether a campaign takes answers now: its status is open and now lies between its dates. */
export function campaignAvailability(
  campaign: Pick<Campaign, "status" | "opens_at" | "closes_at">,
  now: Date = new Date(),
): Availability {
  if (campaign.status === "draft") return "draft";
  if (campaign.status === "closed") return "closed";
  const t = now.toISOString();
  if (t >= campaign.closes_at) return "closed";
  if (t < campaign.opens_at) return "not_yet_open";
  return "open";
}

/**
 * A campaign the actor may see, by slug; undefined for an unknown slug AND for a campaign
 * of another territory, so callers answer 404 in both cases and nothing leaks its existence.
 */
export async function findCampaignForActor(
  db: DB,
  actor: { role: string; territoryIds: number[] },
  slug: string,
): Promise<CampaignWithSurveys | undefined> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return undefined;
  if (actor.role !== "admin" && !actor.territoryIds.includes(campaign.territory_id)) return undefined;
  return campaign;
}
