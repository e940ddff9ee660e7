import crypto from "node:crypto";
import { insertResponsesBulk, type BulkResponse } from "../../db/bulk";
import type { OpenedDatabase } from "../../db/client";
import { scoreResponse } from "~/lib/scoring";
import { pickWeighted, seededRandom, SYNTHETIC_AGE_BANDS, syntheticAnswers } from "~/lib/synthetic";
import type { SurveyDefinition } from "~/lib/survey-definition";
import { findCampaignBySlug } from "./campaign.server";
import { submissionDay } from "./response.server";
import { getSurveyDefinition, latestSurveyDefinitions } from "./surveys.server";

export const DEMO_SLUG = "demo";
const DEMO_RESPONSES = 300;
const DAY = 24 * 60 * 60 * 1000;

// How often each audience appears among synthetic responses.
const AUDIENCE_WEIGHTS: Record<string, number> = { P: 0.35, Px: 0.25, Y: 0.25, A: 0.15 };

/**
 * On an empty database, creates the demo territory, an open campaign `demo` offering
 * the latest version of every survey, and synthetic responses so dashboards have data.
 */
export async function seedDemoIfEmpty(opened: OpenedDatabase, now = new Date()): Promise<boolean> {
  const { db } = opened;
  const existing = await db.selectFrom("territory").select("id").limit(1).executeTakeFirst();
  if (existing) return false;

  await db.transaction().execute(async (trx) => {
    const territory = await trx
      .insertInto("territory")
      .values({ slug: "demo", name: "Cité éducative de démonstration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const campaign = await trx
      .insertInto("campaign")
      .values({
        territory_id: territory.id,
        slug: DEMO_SLUG,
        title: "Questionnaire des familles et des jeunes",
        wave_label: "automne 2026",
        opens_at: new Date(now.getTime() - 30 * DAY).toISOString(),
        closes_at: new Date(now.getTime() + 365 * DAY).toISOString(),
        status: "open",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const surveys = latestSurveyDefinitions().filter((d) => d.audience !== "C");
    await trx
      .insertInto("campaign_survey")
      .values(surveys.map((d) => ({ campaign_id: campaign.id, survey_id: d.id, survey_version: d.version })))
      .execute();
  });
  const added = await addSyntheticResponses(opened, DEMO_SLUG, DEMO_RESPONSES, { seed: 2026, now });
  console.log(`Coéduc: demo data created (campaign "${DEMO_SLUG}", ${added} synthetic responses).`);
  if (process.env.NODE_ENV === "production") {
    console.log("Coéduc: for a real deployment, start on an empty database with DEMO_DATA=false.");
  }
  return true;
}

/**
 * Adds `count` synthetic responses to a campaign, spread over its surveys and the last
 * 30 days, in batches (a million takes a few minutes).
 */
export async function addSyntheticResponses(
  opened: OpenedDatabase,
  slug: string,
  count: number,
  options: { seed?: number; now?: Date; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const campaign = await findCampaignBySlug(opened.db, slug);
  if (!campaign) throw new Error(`No campaign with slug "${slug}"`);
  const defs = campaign.surveys
    .map((s) => getSurveyDefinition(s.surveyId, s.surveyVersion))
    .filter((d): d is SurveyDefinition => !!d && d.audience in AUDIENCE_WEIGHTS);
  if (defs.length === 0) throw new Error(`Campaign "${slug}" offers no survey to answer`);
  const weighted = defs.map((d): [SurveyDefinition, number] => [d, AUDIENCE_WEIGHTS[d.audience]!]);

  const random = seededRandom(options.seed ?? Date.now());
  const now = (options.now ?? new Date()).getTime();
  const start = Math.max(Date.parse(campaign.opens_at), now - 30 * DAY);
  const end = Math.min(now, Date.parse(campaign.closes_at));
  const BATCH = 5000;
  let done = 0;
  while (done < count) {
    const rows: BulkResponse[] = [];
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const def = pickWeighted(weighted, random);
      const answers = syntheticAnswers(def, random);
      const scores = scoreResponse(answers, def.scoring);
      const answersJson = JSON.stringify(answers);
      rows.push({
        id: crypto.randomUUID(),
        campaignId: campaign.id,
        surveyId: def.id,
        surveyVersion: def.version,
        audience: def.audience,
        ageBand: pickWeighted(SYNTHETIC_AGE_BANDS[def.audience] ?? [[null, 1]], random),
        locale: "fr",
        answers: answersJson,
        // Synthetic rows have no erasure code; random hashes keep the columns unique.
        contentHash: crypto.createHash("sha256").update(answersJson).digest("hex"),
        erasureHash: crypto.randomBytes(32).toString("hex"),
        submittedAt: submissionDay(new Date(start + random() * Math.max(0, end - start))),
        scores: Object.entries(scores),
      });
    }
    insertResponsesBulk(opened.sqlite, rows);
    done += rows.length;
    options.onProgress?.(done);
  }
  return done;
}
