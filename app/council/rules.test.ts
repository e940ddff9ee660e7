import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  CRITERIA,
  type CriteriaSummary,
  criteriaSummary,
  formatCode,
  LIVE_THRESHOLD,
  liveItem,
  normalizeCode,
  pooledCriteria,
  splitFace,
} from "./rules";

describe("the code alphabet", () => {
  it("has no look-alikes: no 0, O, 1, I or L", () => {
    for (const c of ["0", "O", "1", "I", "L"]) expect(CODE_ALPHABET).not.toContain(c);
    expect(CODE_LENGTH).toBe(6);
    // Every other capital letter and digit is there, each once.
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
    expect(CODE_ALPHABET.length).toBe(26 + 10 - 5);
  });
});

describe("normalizeCode", () => {
  it("accepts a code as printed", () => {
    expect(normalizeCode("K7M4PQ")).toBe("K7M4PQ");
  });

  it("ignores case", () => {
    expect(normalizeCode("k7m4pq")).toBe("K7M4PQ");
    expect(normalizeCode("K7m4Pq")).toBe("K7M4PQ");
  });

  it("ignores spaces, tabs and dashes, wherever they are", () => {
    expect(normalizeCode("K7M 4PQ")).toBe("K7M4PQ");
    expect(normalizeCode("  k7m   4pq  ")).toBe("K7M4PQ");
    expect(normalizeCode("K7M-4PQ")).toBe("K7M4PQ");
    expect(normalizeCode("K-7-M 4-P-Q")).toBe("K7M4PQ");
    expect(normalizeCode("\tK7M\u00a04PQ\n")).toBe("K7M4PQ");
  });

  it("rejects look-alikes rather than guessing", () => {
    expect(normalizeCode("K0M4PQ")).toBeNull(); // zero
    expect(normalizeCode("KOM4PQ")).toBeNull(); // O
    expect(normalizeCode("kom4pq")).toBeNull(); // o, upper-cased to O
    expect(normalizeCode("K1M4PQ")).toBeNull(); // one
    expect(normalizeCode("KIM4PQ")).toBeNull(); // I
    expect(normalizeCode("kim4pq")).toBeNull(); // i
    expect(normalizeCode("KLM4PQ")).toBeNull(); // L
    expect(normalizeCode("klm4pq")).toBeNull(); // l
  });

  it("rejects other characters", () => {
    expect(normalizeCode("K7M.4PQ")).toBeNull();
    expect(normalizeCode("K7M_4P")).toBeNull();
    expect(normalizeCode("K7MÉPQ")).toBeNull();
  });

  it("rejects the wrong length", () => {
    expect(normalizeCode("")).toBeNull();
    expect(normalizeCode("   ")).toBeNull();
    expect(normalizeCode("K7M4P")).toBeNull();
    expect(normalizeCode("K7M 4P")).toBeNull();
    expect(normalizeCode("K7M4PQR")).toBeNull();
    expect(normalizeCode("K7M 4PQ R")).toBeNull();
  });

  it("accepts every character of the alphabet", () => {
    for (let i = 0; i < CODE_ALPHABET.length; i += CODE_LENGTH) {
      const code = CODE_ALPHABET.slice(i, i + CODE_LENGTH).padEnd(CODE_LENGTH, "A");
      expect(normalizeCode(code)).toBe(code);
      expect(normalizeCode(code.toLowerCase())).toBe(code);
    }
  });
});

describe("formatCode", () => {
  it("splits the code into two groups of three", () => {
    expect(formatCode("K7M4PQ")).toBe("K7M 4PQ");
  });

  it("reads back to the same code once typed", () => {
    expect(normalizeCode(formatCode("ABC234"))).toBe("ABC234");
  });
});

/** A record's answers with the given verdicts, in CRITERIA order. */
function recordWith(verdicts: readonly unknown[]): Record<string, unknown> {
  const answers: Record<string, unknown> = { opinion: "yes" };
  CRITERIA.forEach((c, i) => {
    if (verdicts[i] !== undefined) answers[c.name] = verdicts[i];
    answers[`${c.name}_evidence`] = "yes";
  });
  return answers;
}

describe("criteriaSummary", () => {
  it("counts the nine criteria: 5 yes, 2 partly, 2 no → 5 of 9 met", () => {
    const summary = criteriaSummary(
      recordWith(["yes", "yes", "partly", "no", "yes", "partly", "yes", "no", "yes"]),
    );
    expect(summary).toEqual({ met: 5, partly: 2, notMet: 2, total: 9, share: 5 / 9 });
  });

  it("does not count 'en partie' as half", () => {
    const summary = criteriaSummary(recordWith(Array(9).fill("partly")));
    expect(summary).toMatchObject({ met: 0, partly: 9, notMet: 0, total: 9, share: 0 });
  });

  it("counts all nine met as a share of 1", () => {
    expect(criteriaSummary(recordWith(Array(9).fill("yes")))).toMatchObject({ met: 9, share: 1 });
  });

  it("ignores the opinion, the evidence, unknown fields and values that are not verdicts", () => {
    // "yes" in the opinion and in every evidence field must not be counted.
    const answers = recordWith(["oui", 1, true, null, "YES", "no", undefined, "partly", "yes"]);
    answers.extra = "yes";
    expect(criteriaSummary(answers)).toEqual({ met: 1, partly: 1, notMet: 1, total: 9, share: 1 / 9 });
  });

  it("keeps the total at nine when answers are missing", () => {
    expect(criteriaSummary({})).toEqual({ met: 0, partly: 0, notMet: 0, total: 9, share: 0 });
  });
});

describe("pooledCriteria", () => {
  it("is null without any record", () => {
    expect(pooledCriteria([])).toBeNull();
  });

  it("is the record itself for one council", () => {
    const one = criteriaSummary(
      recordWith(["yes", "yes", "partly", "no", "yes", "partly", "yes", "no", "yes"]),
    );
    expect(pooledCriteria([one])).toEqual(one);
  });

  it("adds the councils' criteria up", () => {
    const a = criteriaSummary(
      recordWith(["yes", "yes", "partly", "no", "yes", "partly", "yes", "no", "yes"]),
    );
    const b = criteriaSummary(recordWith(["no", "no", "no", "no", "no", "no", "partly", "yes", "yes"]));
    expect(pooledCriteria([a, b])).toEqual({ met: 7, partly: 3, notMet: 8, total: 18, share: 7 / 18 });
  });

  it("is the share of all criteria met, not the mean of the councils' shares", () => {
    const small: CriteriaSummary = { met: 1, partly: 0, notMet: 1, total: 2, share: 0.5 };
    const large: CriteriaSummary = { met: 0, partly: 0, notMet: 8, total: 8, share: 0 };
    const pooled = pooledCriteria([small, large])!;
    expect(pooled.share).toBeCloseTo(0.1, 10);
    expect(pooled.share).not.toBeCloseTo(0.25, 5);
    expect(pooled).toMatchObject({ met: 1, partly: 0, notMet: 9, total: 10 });
  });
});

describe("splitFace", () => {
  it("reads the three faces of the council's items", () => {
    expect(splitFace("🙁 Non")).toEqual({ face: "sad", label: "Non" });
    expect(splitFace("😐 Un peu")).toEqual({ face: "neutral", label: "Un peu" });
    expect(splitFace("🙂 Oui")).toEqual({ face: "happy", label: "Oui" });
  });

  it("accepts the emoji variation selector", () => {
    expect(splitFace("🙂\uFE0F Oui")).toEqual({ face: "happy", label: "Oui" });
  });

  it("keeps a choice without a face as it is", () => {
    expect(splitFace("Je ne sais pas")).toEqual({ face: null, label: "Je ne sais pas" });
    expect(splitFace("")).toEqual({ face: null, label: "" });
  });

  it("keeps the text of another pictograph, or of a face not followed by a space", () => {
    expect(splitFace("👍 Bien")).toEqual({ face: null, label: "👍 Bien" });
    expect(splitFace("🙂Oui")).toEqual({ face: null, label: "🙂Oui" });
    expect(splitFace("Oui 🙂")).toEqual({ face: null, label: "Oui 🙂" });
  });

  it("leaves out the non-answers' pictograms (version 2, simplified): never an emoji on the phones", () => {
    expect(splitFace("❓ Je ne sais pas")).toEqual({ face: null, label: "Je ne sais pas" });
    expect(splitFace("➖ Ce n'est pas mon cas")).toEqual({ face: null, label: "Ce n'est pas mon cas" });
    expect(splitFace("😀 Oui, tout à fait")).toEqual({ face: "very-happy", label: "Oui, tout à fait" });
  });
});

describe("liveItem", () => {
  const item = {
    name: "d6_change",
    title: "Dans ce conseil, les jeunes peuvent changer des choses dans le quartier.",
    choices: [
      { value: "1", label: "Non", face: "sad" as const },
      { value: "2", label: "Un peu", face: "neutral" as const },
      { value: "3", label: "Oui", face: "happy" as const },
      { value: "nsp", label: "Je ne sais pas", face: null },
    ],
  };
  const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("is set at five answers", () => {
    expect(LIVE_THRESHOLD).toBe(5);
  });

  it("leaves the counts out of the data below five answers", () => {
    const cases: Record<string, number>[] = [
      {},
      { "3": 1 },
      { "1": 2, "3": 1 },
      { "1": 3, "2": 1 },
      { nsp: 4 },
    ];
    for (const c of cases) {
      const live = liveItem(item, counts(c));
      const answers = Object.values(c).reduce((a, b) => a + b, 0);
      // Exactly these fields: no per-choice count hides anywhere in the object.
      expect(live).toEqual({ name: item.name, title: item.title, answers, choices: null });
      expect(JSON.stringify(live)).not.toMatch(/"n"|"value"/);
    }
  });

  it("hides the counts at four answers (one short of the threshold)", () => {
    const live = liveItem(item, counts({ "1": 1, "2": 1, "3": 2 }));
    expect(live.answers).toBe(4);
    expect(live.choices).toBeNull();
  });

  it("shows the exact counts, with every choice in order, from five answers", () => {
    const live = liveItem(item, counts({ "3": 2, "1": 2, "2": 1 }));
    expect(live).toEqual({
      name: item.name,
      title: item.title,
      answers: 5,
      choices: [
        { value: "1", label: "Non", face: "sad", n: 2 },
        { value: "2", label: "Un peu", face: "neutral", n: 1 },
        { value: "3", label: "Oui", face: "happy", n: 2 },
        { value: "nsp", label: "Je ne sais pas", face: null, n: 0 },
      ],
    });
  });

  it("keeps showing them above the threshold", () => {
    const live = liveItem(item, counts({ "1": 10, nsp: 7 }));
    expect(live.answers).toBe(17);
    expect(live.choices?.map((c) => c.n)).toEqual([10, 0, 0, 7]);
  });

  it("counts five answers on one choice as five", () => {
    const live = liveItem(item, counts({ "2": 5 }));
    expect(live.choices?.map((c) => c.n)).toEqual([0, 5, 0, 0]);
  });
});
