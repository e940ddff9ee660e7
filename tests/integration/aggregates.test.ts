/**
 * The running totals (indicator_aggregate, participation_daily, choice_count, verbatim)
 * always equal what the stored responses say, after submissions and erasures alike.
 */
import { describe, expect, it } from "vitest";
import { getEnv } from "~/env.server";
import { seededRandom, syntheticAnswers } from "~/lib/synthetic";
import { recomputeIndicatorAggregates } from "~/models/aggregates.server";
import { eraseResponse, erasureCodeFor } from "~/models/erasure.server";
import { getSurveyDefinition } from "~/models/surveys.server";
import { createCampaign, getTestDb, postResponse } from "./fixtures";

const BANDS: Record<string, (string | null)[]> = {
  parent: [null],
  child: ["0-2", "3-5", "6-11"],
  youth: ["15-17"],
  "young-adult": ["18-25"],
};

describe("running totals", () => {
  it("match the responses after 60 submissions and 15 erasures", async () => {
    const { db } = await getTestDb();
    const campaign = await createCampaign(db, { slug: "totaux" });
    const random = seededRandom(7);
    const ids: string[] = [];
    let texts = 0;
    for (let i = 0; i < 60; i++) {
      const surveyId = ["parent", "child", "youth", "young-adult"][i % 4]!;
      const def = getSurveyDefinition(surveyId, 1)!;
      const answers = syntheticAnswers(def, random);
      const bands = BANDS[surveyId]!;
      const id = crypto.randomUUID();
      const res = await postResponse("totaux", {
        id,
        surveyId,
        surveyVersion: 1,
        locale: "fr",
        ageBand: bands[i % bands.length],
        answers,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(id);
    }
    for (const id of ids.slice(0, 15)) {
      expect(await eraseResponse(db, erasureCodeFor(id, getEnv().SESSION_SECRET))).toBe(true);
    }

    const stored = await db
      .selectFrom("indicator_aggregate")
      .select(["audience", "age_band", "dimension", "n", "sum", "sum_squares", "favourable"])
      .where("campaign_id", "=", campaign.id)
      .where("n", ">", 0)
      .execute();
    const recomputed = await recomputeIndicatorAggregates(db, campaign.id);
    const byKey = (r: { audience: string; age_band: string; dimension: string }) =>
      `${r.audience}|${r.age_band}|${r.dimension}`;
    expect(stored.map(byKey).sort()).toEqual(recomputed.map(byKey).sort());
    for (const r of recomputed) {
      const s = stored.find((x) => byKey(x) === byKey(r))!;
      expect(s.n).toBe(r.n);
      expect(s.favourable).toBe(r.favourable);
      expect(s.sum).toBeCloseTo(r.sum, 6);
      expect(s.sum_squares).toBeCloseTo(r.sum_squares, 4);
    }

    const remaining = await db
      .selectFrom("response")
      .select(["answers", "survey_id"])
      .where("campaign_id", "=", campaign.id)
      .execute();
    expect(remaining).toHaveLength(45);
    const participation = await db
      .selectFrom("participation_daily")
      .select((eb) => eb.fn.sum<number>("n").as("n"))
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirstOrThrow();
    expect(Number(participation.n)).toBe(45);

    let continuum = 0;
    for (const r of remaining) {
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      for (const q of ["knowledge", "idea", "knowledge_child"]) {
        if (typeof answers[q] === "string" && (answers[q] as string).trim()) texts += 1;
      }
      if (answers.d2_continuum !== undefined) continuum += 1;
    }
    const verbatims = await db
      .selectFrom("verbatim")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirstOrThrow();
    expect(Number(verbatims.n)).toBe(texts);
    const choices = await db
      .selectFrom("choice_count")
      .select((eb) => eb.fn.sum<number>("n").as("n"))
      .where("campaign_id", "=", campaign.id)
      .where("question", "=", "d2_continuum")
      .executeTakeFirstOrThrow();
    expect(Number(choices.n)).toBe(continuum);
  }, 30_000);
});
