/**
 * The running totals (indicator_aggregate, participation_daily, choice_count, verbatim)
 * always equal what the stored responses say, after submissions and erasures alike.
 */
import { describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { seededRandom } from "~/demo/seeded-random";
import { eraseResponse, erasureCodeFor } from "~/privacy/erasure.server";
import { groupCommitStats } from "~/responses/group-commit.server";
import {
  createCampaign,
  expectIndicatorTotalsMatch,
  getTestDb,
  postResponse,
  syntheticSubmission,
} from "./fixtures";

/** The running totals of a campaign equal what its `count` stored responses say. */
async function expectTotalsMatch(db: DB, campaignId: number, count: number) {
  let texts = 0;
  await expectIndicatorTotalsMatch(db, campaignId);

  const remaining = await db
    .selectFrom("response")
    .select(["answers", "survey_id"])
    .where("campaign_id", "=", campaignId)
    .execute();
  expect(remaining).toHaveLength(count);
  const participation = await db
    .selectFrom("participation_daily")
    .select((eb) => eb.fn.sum<number>("n").as("n"))
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  expect(Number(participation.n)).toBe(count);

  let continuum = 0;
  const nonAnswers = new Map<string, number>();
  for (const r of remaining) {
    const answers = JSON.parse(r.answers) as Record<string, unknown>;
    for (const [q, v] of Object.entries(answers)) {
      if (v === "nsp" || v === "nc") nonAnswers.set(`${q}|${v}`, (nonAnswers.get(`${q}|${v}`) ?? 0) + 1);
    }
    for (const q of ["knowledge", "idea", "knowledge_child"]) {
      if (typeof answers[q] === "string" && (answers[q] as string).trim()) texts += 1;
    }
    if (answers.d2_continuum !== undefined) continuum += 1;
  }
  const verbatims = await db
    .selectFrom("verbatim")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .executeTakeFirstOrThrow();
  expect(Number(verbatims.n)).toBe(texts);
  const choices = await db
    .selectFrom("choice_count")
    .select((eb) => eb.fn.sum<number>("n").as("n"))
    .where("campaign_id", "=", campaignId)
    .where("question", "=", "d2_continuum")
    .executeTakeFirstOrThrow();
  expect(Number(choices.n)).toBe(continuum);
  // Every "nsp" / "nc" answer, per question (issue 14): what the non-answer tables count.
  const counted = await db
    .selectFrom("choice_count")
    .select(["question", "value", (eb) => eb.fn.sum<number>("n").as("n")])
    .where("campaign_id", "=", campaignId)
    .where("question", "like", "@non-answer:%")
    .groupBy(["question", "value"])
    .execute();
  expect(
    Object.fromEntries(
      counted
        .filter((c) => Number(c.n) !== 0)
        .map((c) => [`${c.question.slice(12)}|${c.value}`, Number(c.n)]),
    ),
  ).toEqual(Object.fromEntries(nonAnswers));
  expect(nonAnswers.size).toBeGreaterThan(0);
}

describe("running totals", () => {
  it("match the responses after 60 submissions and 15 erasures", async () => {
    const { db } = await getTestDb();
    const campaign = await createCampaign(db, { slug: "totaux" });
    const random = seededRandom(7);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const submission = syntheticSubmission(i, random);
      const res = await postResponse("totaux", submission);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(submission.id);
    }
    for (const id of ids.slice(0, 15)) {
      expect(await eraseResponse(db, erasureCodeFor(id, getEnv().SESSION_SECRET))).toBe(true);
    }

    await expectTotalsMatch(db, campaign.id, 45);
  }, 30_000);

  it("match the responses when many arrive at once and share transactions (group commit)", async () => {
    const { db } = await getTestDb();
    const campaigns = [
      await createCampaign(db, { slug: "ensemble-a" }),
      await createCampaign(db, { slug: "ensemble-b" }),
    ];
    const random = seededRandom(11);
    const before = groupCommitStats(db);
    const sent = Array.from({ length: 90 }, (_, i) => {
      const body = syntheticSubmission(i, random);
      // Every tenth is refused (an unknown question): it must add nothing to the totals.
      if (i % 10 === 9) body.answers.inconnue = 1;
      return postResponse(campaigns[i % 2]!.slug, body);
    });
    const statuses = (await Promise.all(sent)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(81);
    expect(statuses.filter((s) => s === 422)).toHaveLength(9);
    const after = groupCommitStats(db);
    // Refused ones too go through the transaction: a retry or an erased id is looked up first.
    expect(after.jobs - before.jobs).toBe(90);
    expect(after.groups - before.groups).toBeLessThan(45); // they did share transactions
    const stored = await db
      .selectFrom("response")
      .select(["campaign_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where(
        "campaign_id",
        "in",
        campaigns.map((c) => c.id),
      )
      .groupBy("campaign_id")
      .execute();
    for (const c of campaigns) {
      await expectTotalsMatch(db, c.id, Number(stored.find((r) => r.campaign_id === c.id)!.n));
    }
  }, 30_000);
});
