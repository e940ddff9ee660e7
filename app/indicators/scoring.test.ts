import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itemScore, scoreResponse } from "./scoring";
import { type ScoredItem, type SurveyDefinition, ZSurveyDefinition } from "~/surveys/definition";

const FOUR: ScoredItem = { dimension: "D1", min: 1, max: 4, reverse: false };
const FOUR_REVERSED: ScoredItem = { dimension: "D1", min: 1, max: 4, reverse: true };
const THREE: ScoredItem = { dimension: "D1", min: 1, max: 3, reverse: false };
const THREE_REVERSED: ScoredItem = { dimension: "D1", min: 1, max: 3, reverse: true };

function loadSurvey(file: string): SurveyDefinition {
  return ZSurveyDefinition.parse(
    JSON.parse(readFileSync(new URL(`../../surveys/${file}`, import.meta.url), "utf8")),
  );
}

/** Expects exactly these dimension scores (to 6 decimals), and no other dimension. */
function expectScores(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [dimension, value] of Object.entries(expected)) {
    expect(actual[dimension], dimension).toBeCloseTo(value, 6);
  }
}

describe("itemScore", () => {
  it("maps a four-point scale onto 0–100: min → 0, max → 100, linear between", () => {
    expect(itemScore(1, FOUR)).toBe(0);
    expect(itemScore(2, FOUR)).toBeCloseTo(100 / 3, 10);
    expect(itemScore(3, FOUR)).toBeCloseTo(200 / 3, 10);
    expect(itemScore(4, FOUR)).toBe(100);
  });

  it("reverse-codes a negative item before scaling: min → 100, max → 0", () => {
    expect(itemScore(1, FOUR_REVERSED)).toBe(100);
    expect(itemScore(2, FOUR_REVERSED)).toBeCloseTo(200 / 3, 10);
    expect(itemScore(3, FOUR_REVERSED)).toBeCloseTo(100 / 3, 10);
    expect(itemScore(4, FOUR_REVERSED)).toBe(0);
  });

  it("scores a three-point scale (non / un peu / oui) as 0, 50, 100, and reversed as 100, 50, 0", () => {
    expect([1, 2, 3].map((v) => itemScore(v, THREE))).toEqual([0, 50, 100]);
    expect([1, 2, 3].map((v) => itemScore(v, THREE_REVERSED))).toEqual([100, 50, 0]);
  });

  it("works for a scale that does not start at 1", () => {
    const zeroToTen: ScoredItem = { dimension: "D6", min: 0, max: 10, reverse: false };
    expect(itemScore(0, zeroToTen)).toBe(0);
    expect(itemScore(5, zeroToTen)).toBe(50);
    expect(itemScore(10, zeroToTen)).toBe(100);
    expect(itemScore(2, { ...zeroToTen, reverse: true })).toBe(80);
  });

  it.each([0, 5, -1, 100, 4.0001, 0.9999])("returns null for %s, outside 1–4", (value) => {
    expect(itemScore(value, FOUR)).toBeNull();
    expect(itemScore(value, FOUR_REVERSED)).toBeNull();
  });

  it("returns null for 4 on a three-point scale", () => {
    expect(itemScore(4, THREE)).toBeNull();
    expect(itemScore(0, THREE)).toBeNull();
  });

  it.each([
    ["the 'don't know' answer", "nsp"],
    ["a number written as a string", "3"],
    ["null", null],
    ["undefined", undefined],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["a boolean", true],
    ["an array", [3]],
    ["an object", { value: 3 }],
  ])("returns null for %s (non-numeric: missing)", (_label, value) => {
    expect(itemScore(value, FOUR)).toBeNull();
    expect(itemScore(value, FOUR_REVERSED)).toBeNull();
  });
});

describe("scoreResponse, with hand-made scoring maps", () => {
  const fourItems: Record<string, ScoredItem> = {
    a: FOUR,
    b: FOUR,
    c: FOUR,
    d: FOUR,
  };

  it("scores a dimension when exactly half of its items are answered (2 of 4)", () => {
    expectScores(scoreResponse({ a: 4, b: 2 }, fourItems), { D1: (100 + 100 / 3) / 2 });
  });

  it("gives no score when fewer than half are answered (1 of 4)", () => {
    expect(scoreResponse({ a: 4 }, fourItems)).toEqual({});
  });

  it("gives no score, not NaN, when nothing is answered", () => {
    expect(scoreResponse({}, fourItems)).toEqual({});
    expect(scoreResponse({ a: "nsp", b: "nsp", c: "nsp", d: "nsp" }, fourItems)).toEqual({});
  });

  it("applies the half rule to an odd number of items: 2 of 3 scores, 1 of 3 does not", () => {
    const three = { x: FOUR, y: FOUR, z: FOUR };
    expectScores(scoreResponse({ x: 1, y: 4 }, three), { D1: 50 });
    expect(scoreResponse({ x: 1 }, three)).toEqual({});
    const five = { a: FOUR, b: FOUR, c: FOUR, d: FOUR, e: FOUR };
    expectScores(scoreResponse({ a: 1, b: 2, c: 4 }, five), { D1: (0 + 100 / 3 + 100) / 3 });
    expect(scoreResponse({ a: 1, b: 2 }, five)).toEqual({});
  });

  it('counts "nsp" as missing: it is left out of the mean and out of the half rule', () => {
    // 2 numeric of 4 (half): scored on those two only.
    expectScores(scoreResponse({ a: 4, b: 1, c: "nsp", d: "nsp" }, fourItems), { D1: 50 });
    // 1 numeric of 4: no score, although all four were "answered".
    expect(scoreResponse({ a: 4, b: "nsp", c: "nsp", d: "nsp" }, fourItems)).toEqual({});
  });

  it("leaves out-of-range values out, like missing ones", () => {
    expect(scoreResponse({ a: 4, b: 9, c: 0, d: "nsp" }, fourItems)).toEqual({});
    expectScores(scoreResponse({ a: 4, b: 9, c: 1, d: "nsp" }, fourItems), { D1: 50 });
  });

  it("reverse-codes the negative item inside the mean (computed by hand)", () => {
    const belonging: Record<string, ScoredItem> = {
      welcome: { dimension: "D5", min: 1, max: 4, reverse: false },
      belong: { dimension: "D5", min: 1, max: 4, reverse: false },
      judged: { dimension: "D5", min: 1, max: 4, reverse: true },
    };
    // welcome 4 → 100; belong 2 → 33.33…; judged 1 (never judged) reversed → 100.
    // Mean = (100 + 33.333… + 100) / 3 = 77.777…
    expectScores(scoreResponse({ welcome: 4, belong: 2, judged: 1 }, belonging), { D5: 700 / 9 });
    // judged 4 (often judged) reversed → 0: (100 + 33.333… + 0) / 3 = 44.444…
    expectScores(scoreResponse({ welcome: 4, belong: 2, judged: 4 }, belonging), { D5: 400 / 9 });
  });

  it("scores each dimension on its own items, and ignores unscored answers", () => {
    const map: Record<string, ScoredItem> = {
      a1: { dimension: "D1", min: 1, max: 4, reverse: false },
      a2: { dimension: "D1", min: 1, max: 4, reverse: false },
      b1: { dimension: "D4", min: 1, max: 3, reverse: false },
      b2: { dimension: "D4", min: 1, max: 3, reverse: false },
      b3: { dimension: "D4", min: 1, max: 3, reverse: false },
    };
    const answers = { a1: 1, a2: 4, b1: 3, b2: "nsp", b3: "nsp", comment: "texte libre", other: 4 };
    // D1: (0 + 100) / 2 = 50; D4: 1 of 3 answered → no score.
    expectScores(scoreResponse(answers, map), { D1: 50 });
  });

  it("gives no dimension at all for an empty scoring map", () => {
    expect(scoreResponse({ a: 4 }, {})).toEqual({});
  });
});

describe("scoreResponse, with the real parent survey", () => {
  const parent = loadSurvey("parent.v1.json");

  function allAnswered(value: number | string): Record<string, unknown> {
    return Object.fromEntries(Object.keys(parent.scoring).map((name) => [name, value]));
  }

  it("scores all seven dimensions when every item is answered with 3", () => {
    const twoThirds = 200 / 3;
    // D5 holds the reverse-coded d5_judged: 3 → 33.33…, so (66.67 + 66.67 + 33.33) / 3.
    expectScores(scoreResponse(allAnswered(3), parent.scoring), {
      D1: twoThirds,
      D2: twoThirds,
      D3: twoThirds,
      D4: twoThirds,
      D5: 500 / 9,
      D6: twoThirds,
      D7: twoThirds,
    });
  });

  it("gives no score at all when every item is 'nsp'", () => {
    expect(scoreResponse(allAnswered("nsp"), parent.scoring)).toEqual({});
  });

  it("applies the half rule per dimension (D1 has 5 items, D3 has 3)", () => {
    const answers = allAnswered("nsp");
    // D1: 3 of 5 answered → scored: (4 → 100, 1 → 0, 2 → 33.33) / 3.
    Object.assign(answers, { d1_asked: 4, d1_easy: 1, d1_listened: 2 });
    // D3: 1 of 3 answered → no score.
    Object.assign(answers, { d3_school: 4 });
    // D5: the reverse item alone plus one more: 2 of 3 → scored: d5_belong 3 → 66.67, d5_judged 2 → 66.67.
    Object.assign(answers, { d5_belong: 3, d5_judged: 2 });
    // D2: exactly half (2 of 4) → scored: (1 → 0, 4 → 100) / 2.
    Object.assign(answers, { d2_asked: 1, d2_serious: 4 });
    expectScores(scoreResponse(answers, parent.scoring), {
      D1: (100 + 0 + 100 / 3) / 3,
      D2: 50,
      D5: 200 / 3,
    });

    // D1 with only 2 of 5 answered loses its score.
    const fewer = { ...answers, d1_listened: "nsp" };
    expect(scoreResponse(fewer, parent.scoring)).not.toHaveProperty("D1");
  });

  it("does not score the continuum and participation items (not in the scoring map)", () => {
    expect(parent.scoring).not.toHaveProperty("d2_continuum");
    expect(parent.scoring).not.toHaveProperty("d6_participated");
    const answers = { ...allAnswered(4), d2_continuum: "decided_together", d6_participated: "yes" };
    const scores = scoreResponse(answers, parent.scoring);
    expect(scores.D2).toBe(100);
    expect(scores.D6).toBe(100);
    // D5 with every item at 4: d5_judged reversed to 0 → (100 + 100 + 0) / 3.
    expect(scores.D5).toBeCloseTo(200 / 3, 6);
  });

  it("scores the child (proxy) survey on its three-point scale", () => {
    const child = loadSurvey("child.v1.json");
    const answers = Object.fromEntries(Object.keys(child.scoring).map((name) => [name, 2]));
    expectScores(scoreResponse(answers, child.scoring), { D1: 50, D4: 50 });
    expectScores(scoreResponse({ ...answers, d1_likes: 3, d1_needs: 3 }, child.scoring), { D1: 75, D4: 50 });
  });
});

describe("the two non-answers (issue 14)", () => {
  it("'Je ne sais pas' (nsp) and 'Ce n'est pas mon cas' (nc) are both left out of scores: the mean is of the other answers, and the half rule counts them as missing", async () => {
    const { DONT_KNOW, NOT_APPLICABLE } = await import("~/surveys/non-answers");
    expect(itemScore(DONT_KNOW, FOUR)).toBeNull();
    expect(itemScore(NOT_APPLICABLE, FOUR)).toBeNull();
    const scoring = { a: FOUR, b: FOUR, c: FOUR, d: FOUR };
    // 4 and 1 answered, one of each non-answer: the mean of 100 and 0.
    expectScores(scoreResponse({ a: 4, b: 1, c: DONT_KNOW, d: NOT_APPLICABLE }, scoring), { D1: 50 });
    // Only one item answered out of four: under the half rule, no score at all.
    expectScores(scoreResponse({ a: 4, b: NOT_APPLICABLE, c: DONT_KNOW, d: NOT_APPLICABLE }, scoring), {});
  });
});
