import type { OpenedDatabase } from "../../db/client";
import { insertCampaign } from "~/campaigns/campaign.server";
import { latestSurveyDefinitions } from "~/surveys/surveys.server";
import { addSyntheticResponses } from "./demo.server";

/** Territories made by the seed for benchmarks are named so nobody mistakes them for real ones. */
export const SYNTHETIC_TERRITORY_PREFIX = "synthetique-";
const DAY = 24 * 60 * 60 * 1000;

/**
 * Makes sure `count` synthetic territories exist, each with one open campaign offering the
 * latest individual surveys; returns their campaign slugs in territory order.
 */
export async function ensureSyntheticTerritories(opened: OpenedDatabase, count: number, now = new Date()) {
  const { db } = opened;
  const surveys = latestSurveyDefinitions()
    .filter((d) => d.audience !== "C")
    .map((d) => ({ surveyId: d.id, surveyVersion: d.version }));
  const slugs: string[] = [];
  for (let i = 1; i <= count; i++) {
    const number = String(i).padStart(3, "0");
    const territorySlug = `${SYNTHETIC_TERRITORY_PREFIX}${number}`;
    const campaignSlug = `${territorySlug}-automne-2026`;
    slugs.push(campaignSlug);
    const exists = await db
      .selectFrom("campaign")
      .select("id")
      .where("slug", "=", campaignSlug)
      .executeTakeFirst();
    if (exists) continue;
    await db.transaction().execute(async (trx) => {
      const territory =
        (await trx
          .selectFrom("territory")
          .select("id")
          .where("slug", "=", territorySlug)
          .executeTakeFirst()) ??
        (await trx
          .insertInto("territory")
          .values({ slug: territorySlug, name: `Territoire synthétique ${number}` })
          .returning("id")
          .executeTakeFirstOrThrow());
      await insertCampaign(
        trx,
        {
          territoryId: territory.id,
          slug: campaignSlug,
          title: "Questionnaire des familles et des jeunes",
          waveLabel: "automne 2026",
          opensAt: new Date(now.getTime() - 30 * DAY).toISOString(),
          closesAt: new Date(now.getTime() + 365 * DAY).toISOString(),
          status: "open",
        },
        surveys,
      );
    });
  }
  return slugs;
}

/**
 * Spreads `total` synthetic responses over the campaigns with a Zipf-like skew (the first
 * territory is the largest), as real territories differ in size.
 */
export async function seedAcross(
  opened: OpenedDatabase,
  slugs: string[],
  total: number,
  onProgress?: (done: number) => void,
): Promise<{ slug: string; count: number }[]> {
  const weights = slugs.map((_, i) => 1 / (i + 1) ** 0.7);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  counts[0]! += total - counts.reduce((a, b) => a + b, 0);
  let done = 0;
  const result: { slug: string; count: number }[] = [];
  for (const [i, slug] of slugs.entries()) {
    const count = counts[i]!;
    if (count > 0) await addSyntheticResponses(opened, slug, count, { seed: 1000 + i });
    done += count;
    onProgress?.(done);
    result.push({ slug, count });
  }
  return result;
}
