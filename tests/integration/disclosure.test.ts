/**
 * The attacks of issue 12 against the figures, run as an attacker would and measured
 * (docs/decisions/021-disclosure-control.md):
 * - padding: one real response, nine known ones sent through the public API, then the
 *   known nine subtracted from what the dashboard and the public page show;
 * - two readings: the figures read, one more response, read again (minutes later, then the
 *   next day);
 * - the same cell in every view.
 * Each attack also prints what it recovered, for the decision's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { DIMENSIONS, type Dimension } from "~/surveys/audiences";
import { scoreResponse } from "~/indicators/scoring";
import { isFavourable } from "~/indicators/stats";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { campaignIndicators, type DimensionFigure } from "~/indicators/indicators.server";
import { eraseResponse } from "~/privacy/erasure.server";
import { publicResults } from "~/follow-up/public-results.server";
import { createCampaign, getTestDb, postResponse, surveyDefinition } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const PARENT = [{ surveyId: "parent", surveyVersion: 1 }];
const parent = () => surveyDefinition("parent");

let db: DB;
let seed = 9000;

beforeAll(async () => {
  db = (await getTestDb()).db;
});
afterAll(() => undefined);

/** The attacker's padding: every scored item at its lowest value; the rest as a real answer. */
function lowestAnswers(): Record<string, unknown> {
  const def = parent();
  const answers = syntheticAnswers(def, seededRandom(1));
  for (const [question, item] of Object.entries(def.scoring)) answers[question] = item.min;
  return answers;
}

async function send(slug: string, answers: Record<string, unknown>): Promise<string> {
  const result = await postResponse(slug, {
    id: crypto.randomUUID(),
    surveyId: "parent",
    surveyVersion: 1,
    locale: "fr",
    ageBand: null,
    answers,
  });
  expect(result.status).toBe(201);
  return result.body!.erasureCode!;
}

async function campaign(slug: string) {
  const c = await findCampaignBySlug(db, slug);
  if (!c) throw new Error(slug);
  return c;
}

function parentFigures(
  indicators: Awaited<ReturnType<typeof campaignIndicators>>,
): Map<Dimension, DimensionFigure> {
  const group = indicators.groups.find((g) => g.audience === "P")!;
  return new Map(group.dimensions.map((f) => [f.dimension, f]));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe("padding a small group with known answers", () => {
  it("does not give back the one real person's scores nor, with certainty, their favourable flags", async () => {
    const padding = lowestAnswers();
    const paddingScores = scoreResponse(padding, parent().scoring);
    const attacks = 60;
    const perAttackMedian: number[] = [];
    const allErrors: number[] = [];
    let flags = 0;
    let flagsWrong = 0;
    for (let a = 0; a < attacks; a += 1) {
      const slug = `padding-${a}`;
      await createCampaign(db, { slug, surveys: PARENT });
      const real = syntheticAnswers(parent(), seededRandom(seed++));
      const realScores = scoreResponse(real, parent().scoring);
      await send(slug, real);
      expect(parentFigures(await campaignIndicators(db, await campaign(slug))).get("D1")!.status).toBe(
        "hidden",
      );
      for (let i = 0; i < 9; i += 1) await send(slug, padding);

      // The next day (a new release), the group is shown at n = 10: subtract the known nine.
      const tomorrow = new Date(Date.now() + DAY);
      const figures = parentFigures(await campaignIndicators(db, await campaign(slug), { now: tomorrow }));
      // After closing, the public page: the same favourable shares.
      await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", slug).execute();
      const published = await publicResults(db, await campaign(slug));
      const errors: number[] = [];
      for (const dimension of DIMENSIONS) {
        const truth = realScores[dimension];
        const f = figures.get(dimension);
        if (truth === undefined || !f) continue;
        expect(f.status).toBe("indicative");
        const knownSum = 9 * (paddingScores[dimension] ?? 0);
        const estimate = f.mean! * f.n! - knownSum;
        errors.push(Math.abs(estimate - truth));
        // The flag: the favourable count shown less the known nine's.
        const knownFavourable = isFavourable(paddingScores[dimension] ?? 0) ? 9 : 0;
        const guess = Math.round(f.favourable! * f.n!) - knownFavourable >= 1;
        flags += 1;
        if (guess !== isFavourable(truth)) flagsWrong += 1;
        const pub = published.groups
          .find((g) => g.audience === "P")!
          .dimensions.find((d) => d.dimension === dimension)!;
        expect(pub.favourable).toBe(f.favourable);
      }
      allErrors.push(...errors);
      perAttackMedian.push(median(errors));
    }
    const typical = median(perAttackMedian);
    const atLeast10 = perAttackMedian.filter((m) => m >= 10).length;
    console.log(
      `padding attack (${attacks} real persons, 1 real + 9 known): typical error ${typical.toFixed(1)} points ` +
        `(median of per-person medians over dimensions); ${atLeast10}/${attacks} persons at 10 points or more; ` +
        `smallest single error ${Math.min(...allErrors).toFixed(1)}; favourable flags guessed wrong ${flagsWrong}/${flags}`,
    );
    expect(typical).toBeGreaterThanOrEqual(10);
    // Each dimension's error is a Gaussian draw (about 35 points' standard deviation): most
    // persons keep 10 points or more on most dimensions (95 % expected, 80 % asserted).
    expect(atLeast10).toBeGreaterThanOrEqual(Math.ceil(attacks * 0.8));
    // Never certain: the attacker's best guess of the flags is wrong often.
    expect(flagsWrong / flags).toBeGreaterThanOrEqual(0.1);
  }, 120_000);
});

describe("padding every day and averaging", () => {
  it("converges to the real person's scores plus a noise that never changes, not to their scores", async () => {
    // The careful attacker pads with answers in the middle of the scale, so that no figure is
    // held at 0 or 100 (the clamps would otherwise blur what they average).
    const padding = syntheticAnswers(parent(), seededRandom(2));
    const paddingScores = scoreResponse(padding, parent().scoring);
    const persons = 12;
    const days = 12;
    const perPerson: number[] = [];
    for (let p = 0; p < persons; p += 1) {
      const slug = `padding-daily-${p}`;
      await createCampaign(db, { slug, surveys: PARENT });
      const real = syntheticAnswers(parent(), seededRandom(seed++));
      const truth = scoreResponse(real, parent().scoring);
      await send(slug, real);
      for (let i = 0; i < 9; i += 1) await send(slug, padding);
      const sums = new Map<Dimension, number[]>();
      for (let day = 1; day <= days; day += 1) {
        // One more known response a day: a new cell key, so a fresh draw in each release.
        await send(slug, padding);
        const figures = parentFigures(
          await campaignIndicators(db, await campaign(slug), { now: new Date(Date.now() + day * DAY) }),
        );
        for (const [dimension, f] of figures) {
          if (f.mean === null || truth[dimension] === undefined) continue;
          const known = (f.n! - 1) * (paddingScores[dimension] ?? 0);
          sums.set(dimension, [...(sums.get(dimension) ?? []), f.mean * f.n! - known]);
        }
      }
      const errors = [...sums].map(([d, estimates]) => {
        const average = estimates.reduce((a, b) => a + b, 0) / estimates.length;
        return Math.abs(average - truth[d]!);
      });
      perPerson.push(median(errors));
    }
    console.log(
      `padding every day for ${days} days, estimates averaged (${persons} persons): typical error ` +
        `${median(perPerson).toFixed(1)} points; per person ${perPerson.map((e) => e.toFixed(0)).join(", ")}`,
    );
    expect(median(perPerson)).toBeGreaterThanOrEqual(10);
  }, 120_000);
});

describe("a closed campaign", () => {
  it("keeps the figures released after its close: erasing one's own responses buys no fresh draw", async () => {
    const slug = "closed-frozen";
    await createCampaign(db, { slug, surveys: PARENT });
    const codes: string[] = [];
    for (let i = 0; i < 14; i += 1)
      codes.push(await send(slug, syntheticAnswers(parent(), seededRandom(seed++))));
    await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", slug).execute();
    const published = await publicResults(db, await campaign(slug));
    expect(published.published).toBe(true);
    for (let day = 1; day <= 3; day += 1) {
      expect(await eraseResponse(db, codes[day]!)).toBe(true);
      const later = await publicResults(db, await campaign(slug));
      const nextDay = await campaignIndicators(db, await campaign(slug), {
        now: new Date(Date.now() + day * DAY),
      });
      expect(later.groups).toEqual(published.groups);
      expect(nextDay.groups.find((g) => g.audience === "P")!.dimensions.map((d) => d.favourable)).toEqual(
        published.groups.find((g) => g.audience === "P")!.dimensions.map((d) => d.favourable),
      );
    }
    // Reopened, it follows the daily release again.
    await db.updateTable("campaign").set({ status: "open" }).where("slug", "=", slug).execute();
    const reopened = await campaignIndicators(db, await campaign(slug), {
      now: new Date(Date.now() + 4 * DAY),
    });
    expect(reopened.participation.shownTotal).toBe(11);
  });
});

describe("reading twice", () => {
  it("gives the same figures all day, whatever arrives in between", async () => {
    const slug = "two-readings-same-day";
    await createCampaign(db, { slug, surveys: PARENT });
    for (let i = 0; i < 25; i += 1) await send(slug, syntheticAnswers(parent(), seededRandom(seed++)));
    const first = await campaignIndicators(db, await campaign(slug));
    await send(slug, syntheticAnswers(parent(), seededRandom(seed++)));
    const second = await campaignIndicators(db, await campaign(slug));
    expect(second.groups).toEqual(first.groups);
    expect(second.participation).toEqual(first.participation);
    expect(second.releasedAt).toBe(first.releasedAt);
    // The next day, the new response is in.
    const next = await campaignIndicators(db, await campaign(slug), { now: new Date(Date.now() + DAY) });
    expect(next.participation.shownTotal).toBe(first.participation.shownTotal + 1);
  });

  it("does not isolate the one response that arrived between two releases", async () => {
    const trials = 16;
    const errors: number[] = [];
    let flags = 0;
    let flagsWrong = 0;
    for (let t = 0; t < trials; t += 1) {
      const slug = `two-readings-${t}`;
      await createCampaign(db, { slug, surveys: PARENT });
      for (let i = 0; i < 20; i += 1) await send(slug, syntheticAnswers(parent(), seededRandom(seed++)));
      const before = parentFigures(await campaignIndicators(db, await campaign(slug)));
      const newcomer = syntheticAnswers(parent(), seededRandom(seed++));
      const truth = scoreResponse(newcomer, parent().scoring);
      await send(slug, newcomer);
      const after = parentFigures(
        await campaignIndicators(db, await campaign(slug), { now: new Date(Date.now() + DAY) }),
      );
      for (const dimension of DIMENSIONS) {
        const b = before.get(dimension);
        const a = after.get(dimension);
        if (!a || !b || truth[dimension] === undefined || a.n !== b.n! + 1) continue;
        errors.push(Math.abs(a.mean! * a.n! - b.mean! * b.n! - truth[dimension]));
        const guess = Math.round(a.favourable! * a.n!) - Math.round(b.favourable! * b.n!) >= 1;
        flags += 1;
        if (guess !== isFavourable(truth[dimension])) flagsWrong += 1;
      }
    }
    console.log(
      `two readings a day apart, one new response (${trials} trials): typical error ${median(errors).toFixed(1)} points, ` +
        `favourable flags guessed wrong ${flagsWrong}/${flags}`,
    );
    expect(errors.length).toBeGreaterThan(trials * 4);
    expect(median(errors)).toBeGreaterThanOrEqual(10);
    expect(flagsWrong / flags).toBeGreaterThanOrEqual(0.1);
  }, 120_000);
});
