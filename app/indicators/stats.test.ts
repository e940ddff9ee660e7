import { describe, expect, it } from "vitest";
import {
  type AggregateCounts,
  cronbachAlpha,
  FAVOURABLE_ABOVE,
  groupIndicator,
  indicatorFromAggregates,
  isFavourable,
  mean,
  meanDifferenceInterval,
  MIN_RELIABLE,
  MIN_SHOWN,
  newcombeDifference,
  sampleVariance,
  sizeStatus,
  wilsonInterval,
  Z95,
} from "./stats";
import { seededRandom } from "~/demo/seeded-random";

/** Expects an interval to match a published one to 4 decimals. */
function expectInterval(actual: [number, number], expected: [number, number]) {
  expect(actual[0]).toBeCloseTo(expected[0], 4);
  expect(actual[1]).toBeCloseTo(expected[1], 4);
}

describe("Z95", () => {
  it("is the 97.5th percentile of the standard normal", () => {
    // Φ(z) = (1 + erf(z/√2)) / 2, erf by its Maclaurin series (converges fast at 1.39).
    const x = Z95 / Math.SQRT2;
    let term = x;
    let erf = x;
    for (let k = 1; k < 60; k += 1) {
      term *= (-x * x) / k;
      erf += term / (2 * k + 1);
    }
    erf *= 2 / Math.sqrt(Math.PI);
    expect((1 + erf) / 2).toBeCloseTo(0.975, 13);
  });
});

describe("wilsonInterval", () => {
  // Reference values: Newcombe (1998), "Two-sided confidence intervals for the single
  // proportion", Stat Med 17:857–872, Wilson score method; each also re-computed with
  // scipy.stats.binomtest(x, n).proportion_ci(method="wilson"), identical to 4 decimals.
  it.each([
    [0, 10, [0, 0.2775]],
    [5, 10, [0.2366, 0.7634]],
    [81, 263, [0.2553, 0.3662]],
    [15, 148, [0.0624, 0.1605]],
    [0, 20, [0, 0.1611]],
    [1, 29, [0.0061, 0.1718]],
    [29, 29, [0.883, 1]],
  ] as const)("%i of %i → %j", (x, n, expected) => {
    expectInterval(wilsonInterval(x, n), [expected[0], expected[1]]);
  });

  it("gives exactly 0 and 1 at the extremes, not 1e-17 or 0.9999999999999999", () => {
    expect(wilsonInterval(0, 37)[0]).toBe(0);
    expect(wilsonInterval(37, 37)[1]).toBe(1);
  });

  it("returns the uninformative [0, 1] for n = 0", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it("is symmetric: x of n mirrors n − x of n", () => {
    const [lower, upper] = wilsonInterval(3, 17);
    const [mirrorLower, mirrorUpper] = wilsonInterval(14, 17);
    expect(lower).toBeCloseTo(1 - mirrorUpper, 12);
    expect(upper).toBeCloseTo(1 - mirrorLower, 12);
  });

  it("narrows with a smaller z and collapses to the point estimate at z = 0", () => {
    const [lower95, upper95] = wilsonInterval(30, 100);
    const [lower90, upper90] = wilsonInterval(30, 100, 1.6448536269514722);
    expect(lower90).toBeGreaterThan(lower95);
    expect(upper90).toBeLessThan(upper95);
    expect(wilsonInterval(30, 100, 0)).toEqual([0.3, 0.3]);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2.5)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe("newcombeDifference", () => {
  // Newcombe (1998), "Interval estimation for the difference between independent
  // proportions: comparison of eleven methods", Stat Med 17:873–890, method 10. The values
  // below were re-computed independently (Python: Wilson bounds from the closed form, then
  // δ = z√(l1(1−l1)/n1 + u2(1−u2)/n2), ε = z√(u1(1−u1)/n1 + l2(1−l2)/n2), the paper's own
  // form, which differs from the √((p−l)² + …) form used in the code), to 4 decimals.
  it.each([
    [56, 70, 48, 80, 0.2, [0.0524, 0.3339]],
    [9, 10, 3, 10, 0.6, [0.1705, 0.809]],
    [5, 56, 0, 29, 5 / 56, [-0.0381, 0.1926]],
    [0, 10, 0, 20, 0, [-0.1611, 0.2775]],
    [0, 10, 0, 10, 0, [-0.2775, 0.2775]],
    [10, 10, 0, 20, 1, [0.6791, 1]],
    [10, 10, 0, 10, 1, [0.6075, 1]],
  ] as const)("%i/%i vs %i/%i → %d, %j", (x1, n1, x2, n2, difference, ci) => {
    const result = newcombeDifference(x1, n1, x2, n2);
    expect(result.difference).toBeCloseTo(difference, 12);
    expectInterval(result.ci, [ci[0], ci[1]]);
  });

  it("is antisymmetric: swapping the groups negates the difference and mirrors the interval", () => {
    const forward = newcombeDifference(56, 70, 48, 80);
    const backward = newcombeDifference(48, 80, 56, 70);
    expect(backward.difference).toBeCloseTo(-forward.difference, 12);
    expect(backward.ci[0]).toBeCloseTo(-forward.ci[1], 12);
    expect(backward.ci[1]).toBeCloseTo(-forward.ci[0], 12);
  });

  it("has no difference to report when a group is empty", () => {
    const result = newcombeDifference(0, 0, 3, 10);
    expect(result.difference).toBeNaN();
    expect(result.ci).toEqual([-1, 1]);
  });
});

describe("mean and sampleVariance", () => {
  it("computes the textbook values", () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; 32 / 7.
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
  });

  it("returns NaN where the statistic is undefined", () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
    expect(sampleVariance([42])).toBeNaN();
  });

  it("keeps its accuracy far from zero (two passes, not Σx² − n·x̄²)", () => {
    // With one pass, 1e9 + {4, 7, 13, 16} loses every digit of the variance (30).
    expect(sampleVariance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])).toBeCloseTo(30, 6);
  });
});

describe("meanDifferenceInterval", () => {
  it("uses Welch's standard error with the normal quantile", () => {
    // a: mean 70, s² 100, n 3; b: mean 55, s² 50, n 2.
    // SE = √(100/3 + 50/2) = √58.333… = 7.637626; 15 ± 1.959964 × 7.637626 = 15 ± 14.969472.
    const result = meanDifferenceInterval([60, 70, 80], [50, 60]);
    expect(result.difference).toBe(15);
    expect(result.ci[0]).toBeCloseTo(0.030528, 6);
    expect(result.ci[1]).toBeCloseTo(29.969472, 6);
  });

  it("does not pool the variances (Welch, not Student)", () => {
    // Pooled s² would be (2×100 + 1×50)/3 = 83.33, SE = √(83.33 × (1/3 + 1/2)) = 8.333 ≠ 7.638.
    const result = meanDifferenceInterval([60, 70, 80], [50, 60]);
    const halfWidth = (result.ci[1] - result.ci[0]) / 2;
    expect(halfWidth / Z95).toBeCloseTo(Math.sqrt(100 / 3 + 50 / 2), 10);
  });

  it("gives a zero-width interval for two constant groups, and NaN bounds below 2 values", () => {
    expect(meanDifferenceInterval([40, 40, 40], [30, 30])).toEqual({ difference: 10, ci: [10, 10] });
    const tooSmall = meanDifferenceInterval([40], [30, 35]);
    expect(tooSmall.difference).toBe(7.5);
    expect(tooSmall.ci[0]).toBeNaN();
    expect(tooSmall.ci[1]).toBeNaN();
  });
});

describe("cronbachAlpha", () => {
  it("matches a hand computation", () => {
    // Four respondents, three items (values on a 1–4 scale):
    //   items:           1  2  3 | total
    //   respondent 1:    1  1  2 |   4
    //   respondent 2:    2  3  2 |   7
    //   respondent 3:    3  2  4 |   9
    //   respondent 4:    4  4  4 |  12
    // item 1: mean 2.5, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5 → s² = 5/3
    // item 2: mean 2.5, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5 → s² = 5/3
    // item 3: mean 3,   Σ(x − x̄)² = 1 + 1 + 1 + 1           = 4 → s² = 4/3
    // Σ item variances = 14/3
    // totals: mean 8, Σ(t − t̄)² = 16 + 1 + 1 + 16 = 34 → s² = 34/3
    // alpha = 3/2 × (1 − (14/3)/(34/3)) = 3/2 × 20/34 = 15/17 = 0.882353
    const rows = [
      [1, 1, 2],
      [2, 3, 2],
      [3, 2, 4],
      [4, 4, 4],
    ];
    expect(cronbachAlpha(rows)).toBeCloseTo(15 / 17, 12);
  });

  it("matches a published textbook example (Denis 2021, SPSS output α = 0.633)", () => {
    // D. J. Denis, Applied Univariate, Bivariate, and Multivariate Statistics (2nd ed.,
    // Wiley 2021), Cronbach's alpha example: 10 respondents × 5 items; SPSS RELIABILITY
    // reports α = 0.633 and item SDs 2.71006, 5.05085, 4.74810, 2.71621, 3.80058.
    // Re-computed with numpy: Σ s²ᵢ = 77.2222, s²(total) = 156.4889, α = 0.633165.
    const rows = [
      [10, 12, 15, 11, 12],
      [12, 18, 12, 12, 1],
      [8, 16, 14, 14, 4],
      [6, 8, 16, 8, 6],
      [4, 7, 8, 7, 5],
      [6, 6, 3, 7, 3],
      [3, 4, 6, 5, 8],
      [7, 3, 7, 9, 9],
      [8, 9, 4, 10, 10],
      [9, 5, 6, 11, 12],
    ];
    const sds = [0, 1, 2, 3, 4].map((item) => Math.sqrt(sampleVariance(rows.map((row) => row[item]!))));
    [2.71006, 5.05085, 4.7481, 2.71621, 3.80058].forEach((sd, item) => expect(sds[item]).toBeCloseTo(sd, 5));
    expect(sampleVariance(rows.map((row) => row.reduce((a, b) => a + b, 0)))).toBeCloseTo(156.4889, 4);
    expect(cronbachAlpha(rows)).toBeCloseTo(0.633165, 6);
    // SPSS "Scale Variance if Item Deleted" for item 1 is 108.900.
    expect(sampleVariance(rows.map((row) => row.slice(1).reduce((a, b) => a + b, 0)))).toBeCloseTo(108.9, 10);
  });

  it("is 1 for perfectly parallel items, shifted or not", () => {
    const values = [0, 100 / 3, 200 / 3, 100, 200 / 3, 0, 100];
    expect(cronbachAlpha(values.map((v) => [v, v, v, v]))).toBeCloseTo(1, 12);
    expect(cronbachAlpha(values.map((v) => [v, v + 5, v + 10]))).toBeCloseTo(1, 12);
  });

  it("is near zero for independent items", () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 500 }, () =>
      Array.from({ length: 5 }, () => Math.floor(random() * 4) + 1),
    );
    const alpha = cronbachAlpha(rows);
    expect(alpha).not.toBeNull();
    expect(Math.abs(alpha!)).toBeLessThan(0.2);
  });

  it("is not clamped: items that pull against each other give a negative alpha", () => {
    // Items 1 4 / 4 1 / 2 2: s² 7/3 each, totals 5 5 4 → s² 1/3; 2 × (1 − (14/3)/(1/3)) = −26.
    expect(
      cronbachAlpha([
        [1, 4],
        [4, 1],
        [2, 2],
      ]),
    ).toBeCloseTo(-26, 10);
  });

  it("is null where alpha is undefined", () => {
    expect(cronbachAlpha([])).toBeNull();
    expect(cronbachAlpha([[1, 2, 3]])).toBeNull(); // one respondent
    expect(cronbachAlpha([[1], [2], [3]])).toBeNull(); // one item
    expect(
      cronbachAlpha([
        [2, 2],
        [2, 2],
        [2, 2],
      ]),
    ).toBeNull(); // no variance at all
    expect(
      cronbachAlpha([
        [1, 3],
        [3, 1],
        [2, 2],
      ]),
    ).toBeNull(); // items vary, totals do not
    // Totals equal in theory, a hair apart in binary: still "no spread", not a huge alpha.
    // (66.67 + 100 + 33.33 sums to 200.00000000000003; without the tolerance alpha ≈ −1e29.)
    const rows = [
      [0, 100, 100],
      [200 / 3, 100, 100 / 3],
      [100, 100, 0],
    ];
    expect(rows.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([200, 200.00000000000003, 200]);
    expect(cronbachAlpha(rows)).toBeNull();
  });

  it("refuses ragged rows (respondents must have complete answers)", () => {
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(RangeError);
  });
});

describe("sizeStatus", () => {
  it("hides under 10, marks 10–29 indicative, 30 and over ok", () => {
    expect([MIN_SHOWN, MIN_RELIABLE]).toEqual([10, 30]);
    expect(sizeStatus(0)).toBe("hidden");
    expect(sizeStatus(9)).toBe("hidden");
    expect(sizeStatus(10)).toBe("indicative");
    expect(sizeStatus(29)).toBe("indicative");
    expect(sizeStatus(30)).toBe("ok");
    expect(sizeStatus(1_000_000)).toBe("ok");
    expect(sizeStatus(Number.NaN)).toBe("hidden");
  });
});

describe("isFavourable", () => {
  it("counts scores strictly above 50, whatever the floating-point noise at 50", () => {
    expect(FAVOURABLE_ABOVE).toBeGreaterThan(50);
    expect(isFavourable(50)).toBe(false);
    expect(isFavourable(50.00000000000001)).toBe(false); // "50" as a mean of 33.33… and 66.66…
    expect(isFavourable(49.99999999999999)).toBe(false);
    expect(isFavourable(100 / 3)).toBe(false); // plutôt pas d'accord
    expect(isFavourable(200 / 3)).toBe(true); // plutôt d'accord
    expect(isFavourable(100)).toBe(true);
    // Closest genuine score above 50 with up to 10 four-point items: 50 + 100/60.
    expect(isFavourable(50 + 100 / 60)).toBe(true);
  });
});

describe("groupIndicator", () => {
  it("computes n, mean, favourable share and its Wilson interval, rounded", () => {
    const scores = [100, 200 / 3, 200 / 3, 50, 50, 100 / 3, 0, 75, 25, 100, 62.5, 37.5];
    // Σ = 666.67 → mean 55.5556 → 55.6; favourable: 100, 66.7, 66.7, 75, 100, 62.5 → 6 of 12;
    // Wilson(6, 12) = [0.253782, 0.746218] (scipy) → [0.254, 0.746].
    expect(groupIndicator(scores)).toEqual({
      n: 12,
      mean: 55.6,
      favourable: 0.5,
      ci: [0.254, 0.746],
      status: "indicative",
    });
  });

  it("rounds half up after absorbing floating-point noise", () => {
    // 62.25 exactly → 62.3; a naive Math.round(x * 10) / 10 would give 62.2 on 62.24999999999999.
    expect(groupIndicator([62.5, 62]).mean).toBe(62.3);
    expect(
      indicatorFromAggregates({ n: 2, sum: 124.49999999999999, sumSquares: 0, favourable: 2 }).mean,
    ).toBe(62.3);
    // favourable 1/8 = 0.125 → 0.125; 1/16 = 0.0625 → 0.063.
    expect(indicatorFromAggregates({ n: 16, sum: 800, sumSquares: 0, favourable: 1 }).favourable).toBe(0.063);
  });

  it("does not hide anything itself: a group of 3 still gets its figures, marked hidden", () => {
    const indicator = groupIndicator([100, 100, 0]);
    expect(indicator).toMatchObject({ n: 3, mean: 66.7, favourable: 0.667, status: "hidden" });
  });

  it("handles an empty group without throwing", () => {
    const indicator = groupIndicator([]);
    expect(indicator.n).toBe(0);
    expect(indicator.mean).toBeNaN();
    expect(indicator.favourable).toBeNaN();
    expect(indicator.ci).toEqual([0, 1]);
    expect(indicator.status).toBe("hidden");
  });

  it("refuses scores outside 0–100 (an upstream bug must not become a quiet wrong mean)", () => {
    expect(() => groupIndicator([50, 101])).toThrow(RangeError);
    expect(() => groupIndicator([50, -1])).toThrow(RangeError);
    expect(() => groupIndicator([50, Number.NaN])).toThrow(RangeError);
  });
});

describe("indicatorFromAggregates", () => {
  /** A dimension score as stored: the mean of 2–6 answered items on 4 or 3 points. */
  function randomScore(random: () => number): number {
    const points = random() < 0.7 ? 4 : 3;
    const items = 2 + Math.floor(random() * 5);
    let sum = 0;
    for (let i = 0; i < items; i += 1) sum += (Math.floor(random() * points) / (points - 1)) * 100;
    return sum / items;
  }

  /** Aggregates as SQL would compute them: a different order, compensated (Kahan) summation. */
  function sqlAggregates(scores: readonly number[]): AggregateCounts {
    let sum = 0;
    let compensation = 0;
    let sumSquares = 0;
    let favourable = 0;
    for (const score of [...scores].reverse()) {
      const y = score - compensation;
      const t = sum + y;
      compensation = t - sum - y;
      sum = t;
      sumSquares += score * score;
      if (score > FAVOURABLE_ABOVE) favourable += 1;
    }
    return { n: scores.length, sum, sumSquares, favourable };
  }

  it("agrees with groupIndicator on random data", () => {
    const random = seededRandom(2027);
    for (let trial = 0; trial < 300; trial += 1) {
      const n = trial < 20 ? trial : Math.floor(random() * 2000);
      const scores = Array.from({ length: n }, () => randomScore(random));
      expect(indicatorFromAggregates(sqlAggregates(scores)), `trial ${trial}, n ${n}`).toEqual(
        groupIndicator(scores),
      );
    }
  });

  it("refuses impossible aggregates", () => {
    expect(() => indicatorFromAggregates({ n: 10, sum: 500, sumSquares: 0, favourable: 11 })).toThrow(
      RangeError,
    );
    expect(() => indicatorFromAggregates({ n: -1, sum: 0, sumSquares: 0, favourable: 0 })).toThrow(
      RangeError,
    );
    expect(() => indicatorFromAggregates({ n: 10, sum: Number.NaN, sumSquares: 0, favourable: 0 })).toThrow(
      RangeError,
    );
  });
});
