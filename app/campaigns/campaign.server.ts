import type { DB } from "../../db/client";
import type { Campaign, CampaignStatus, FormOffer } from "../../db/schema";
import { RETENTION_DEFAULT_MONTHS } from "./campaign-form";

export interface CampaignSurveyRef {
  surveyId: string;
  surveyVersion: number;
}

export interface CampaignWithSurveys extends Campaign {
  territoryName: string;
  surveys: CampaignSurveyRef[];
}

/** A campaign to store: what the coordinators' form, the demo, the synthetic territories and the tests give. */
export interface NewCampaign {
  territoryId: number;
  slug: string;
  title: string;
  waveLabel: string;
  /** ISO-8601 UTC instants. */
  opensAt: string;
  closesAt: string;
  status: CampaignStatus;
  /** Defaults to RETENTION_DEFAULT_MONTHS. */
  retentionMonths?: number;
  /** Which form of its questionnaires it offers: long (the default), short, or the person's choice. */
  formOffer?: FormOffer;
}

/**
 * The one writer of a campaign's row and of the questionnaires it offers (createCampaign,
 * the demo, the synthetic territories and the tests all come here). In one transaction: the
 * caller's, or its own. Checks nothing: the callers decide who may create what.
 */
export async function insertCampaign(
  db: DB,
  campaign: NewCampaign,
  surveys: readonly CampaignSurveyRef[],
): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((trx) => insertCampaign(trx, campaign, surveys));
  const row = await db
    .insertInto("campaign")
    .values({
      territory_id: campaign.territoryId,
      slug: campaign.slug,
      title: campaign.title,
      wave_label: campaign.waveLabel,
      opens_at: campaign.opensAt,
      closes_at: campaign.closesAt,
      status: campaign.status,
      retention_months: campaign.retentionMonths ?? RETENTION_DEFAULT_MONTHS,
      form_offer: campaign.formOffer ?? "long",
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertCampaignSurveys(db, row.id, surveys);
  return row.id;
}

/** Adds questionnaires to a campaign (none: nothing to write). */
export async function insertCampaignSurveys(
  db: DB,
  campaignId: number,
  surveys: readonly CampaignSurveyRef[],
): Promise<void> {
  if (surveys.length === 0) return;
  await db
    .insertInto("campaign_survey")
    .values(
      surveys.map((s) => ({
        campaign_id: campaignId,
        survey_id: s.surveyId,
        survey_version: s.surveyVersion,
      })),
    )
    .execute();
}

/**
 * Campaigns with their territory's name, every column in the form's words: the one query
 * behind the lists (the teams' campaign list, retention). Callers add their filters and order.
 */
export function selectCampaignSummaries(db: DB) {
  return db
    .selectFrom("campaign")
    .innerJoin("territory", "territory.id", "campaign.territory_id")
    .select([
      "campaign.id",
      "campaign.territory_id as territoryId",
      "campaign.slug",
      "campaign.title",
      "campaign.wave_label as waveLabel",
      "campaign.opens_at as opensAt",
      "campaign.closes_at as closesAt",
      "campaign.status",
      "campaign.retention_months as retentionMonths",
      "campaign.form_offer as formOffer",
      "territory.name as territoryName",
    ]);
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
