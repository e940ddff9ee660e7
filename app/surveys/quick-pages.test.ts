import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isShown,
  parseCondition,
  progressBase,
  QUICK_SHOWN_JS,
  type QuickCondition,
  quickHandover,
  quickPagesOf,
  withQuickAnswers,
} from "./quick-pages";

const survey = (id: string) =>
  (
    JSON.parse(fs.readFileSync(new URL(`../../surveys/${id}.v1.json`, import.meta.url), "utf8")) as {
      survey: Record<string, unknown>;
    }
  ).survey;

const radio = (name: string, extra: Record<string, unknown> = {}) => ({
  name: `p-${name}`,
  elements: [
    {
      type: "radiogroup",
      name,
      title: { default: `Question ${name}`, en: `Question ${name} (en)` },
      isRequired: true,
      choices: [
        { value: 1, text: { default: "Non", en: "No" } },
        { value: 3, text: { default: "Oui", en: "Yes" } },
        { value: "nsp", text: { default: "Je ne sais pas", en: "I don't know" } },
      ],
      ...extra,
    },
  ],
});

describe("quickPagesOf", () => {
  it("draws the parent questionnaire's first pages in the chosen language, with their SurveyJS page names", () => {
    const pages = quickPagesOf(survey("parent"), "en");
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toMatchObject({ name: "d1_asked", page: "p-d1_asked", required: true, visibleIf: null });
    expect(pages[1]!.name).toBe("d1_easy");
    expect(pages[1]!.description).toMatch(/^For example/);
    expect(pages[0]!.choices.map((c) => c.label)).toContain("Strongly disagree");
  });

  it("stops at the first page it cannot draw: another kind of question, two on a page, a panel, an extra option", () => {
    const comment = { name: "p-c", elements: [{ type: "comment", name: "c" }] };
    const two = { name: "p-two", elements: [radio("x").elements[0], radio("y").elements[0]] };
    const other = radio("o", { showOtherItem: true });
    const panel = {
      name: "p-panel",
      elements: [{ type: "panel", name: "pan", elements: radio("z").elements }],
    };
    for (const stop of [comment, two, other, panel]) {
      const pages = quickPagesOf({ pages: [radio("a"), radio("b"), stop, radio("d")] }, "fr");
      expect(pages.map((p) => p.name)).toEqual(["a", "b"]);
    }
    expect(quickPagesOf({ pages: [comment, radio("a")] }, "fr")).toEqual([]);
  });

  it("keeps a simple condition on earlier drawn questions, and stops at one it cannot read", () => {
    const pages = quickPagesOf(
      {
        pages: [
          radio("a"),
          radio("b", { visibleIf: "{a} anyof [3, 4]" }),
          radio("c", { visibleIf: "{a} = 1 and {b} notempty" }),
          radio("d", { visibleIf: "({a} = 1 or {b} = 3) and {c} = 1" }),
          radio("e"),
        ],
      },
      "fr",
    );
    expect(pages.map((p) => p.name)).toEqual(["a", "b", "c"]);
    expect(pages[1]!.visibleIf).toEqual({
      join: "and",
      terms: [{ question: "a", op: "anyof", value: [3, 4] }],
    });
    // A condition on a question not drawn (later, or unknown) stops too.
    expect(quickPagesOf({ pages: [radio("a"), radio("b", { visibleIf: "{z} = 1" })] }, "fr")).toHaveLength(1);
  });

  it("draws at most the given number of pages", () => {
    expect(quickPagesOf({ pages: [radio("a"), radio("b"), radio("c")] }, "fr", 2)).toHaveLength(2);
  });
});

describe("parseCondition and isShown", () => {
  it("reads the conditions of the v2 questionnaires", () => {
    const c = parseCondition("{d7_aware} = 'yes'")!;
    expect(isShown(c, { d7_aware: "yes" })).toBe(true);
    expect(isShown(c, { d7_aware: "no" })).toBe(false);
    expect(isShown(c, {})).toBe(false);
    const d = parseCondition("{d1_asked} anyof [3, 4]")!;
    expect([1, 2, 3, 4, "nsp", undefined].map((v) => isShown(d, { d1_asked: v }))).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it("refuses what it cannot evaluate as SurveyJS would", () => {
    for (const e of [
      "({a} = 1)",
      "{a} = 1 and {b} = 2 or {c} = 3",
      "age({a}) > 3",
      "{a} contains 'x'",
      "{a} = b",
    ]) {
      expect(parseCondition(e)).toBeNull();
    }
  });

  it("the page's own script says the same as isShown for every kind of term", () => {
    const shownJs = new Function(`return (${QUICK_SHOWN_JS})`)() as (
      c: QuickCondition | null,
      a: Record<string, unknown>,
    ) => boolean;
    const value = fc.oneof(fc.constantFrom(1, 2, 3, 4), fc.constantFrom("nsp", "nc", "yes", "no"));
    const term = fc.record({
      question: fc.constantFrom("a", "b"),
      op: fc.constantFrom("=", "<>", ">", ">=", "<", "<=", "anyof", "noneof", "empty", "notempty"),
      one: value,
      list: fc.array(value, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 3 }),
        fc.constantFrom("and", "or"),
        fc.record({ a: fc.option(value, { nil: undefined }), b: fc.option(value, { nil: undefined }) }),
        (terms, join, answers) => {
          const condition = {
            join,
            terms: terms.map((t) => ({
              question: t.question,
              op: t.op,
              ...(t.op === "empty" || t.op === "notempty"
                ? {}
                : { value: t.op === "anyof" || t.op === "noneof" ? t.list : t.one }),
            })),
          } as QuickCondition;
          expect(shownJs(condition, answers)).toBe(isShown(condition, answers));
        },
      ),
    );
  });
});

describe("the hand-over to SurveyJS", () => {
  const pages = quickPagesOf({ pages: [radio("a"), radio("b", { visibleIf: "{a} = 3" }), radio("c")] }, "fr");

  it("hands over every answer given and the page on screen", () => {
    expect(quickHandover(pages, { a: 3, b: 1, c: "nsp" }, 2)).toEqual({
      answers: { a: 3, b: 1, c: "nsp" },
      page: "p-c",
    });
    expect(quickHandover(pages, { a: 1 }, 0)).toEqual({ answers: { a: 1 }, page: null });
  });

  it("drops the answer of a page its condition now hides (changed on going back), as SurveyJS would", () => {
    expect(quickHandover(pages, { a: 1, b: 1, c: 3 }, 2)).toEqual({ answers: { a: 1, c: 3 }, page: "p-c" });
  });

  it("keeps the draft's answers over the quick pages' (a person coming back)", () => {
    const data = { a: 1 };
    expect(withQuickAnswers(data, { a: 3, c: 1 })).toEqual({ a: 1, c: 1 });
    expect(withQuickAnswers(data, { a: 3 })).toBe(data);
  });

  it("counts progress as SurveyJS does before any answer", () => {
    const def = {
      pages: [
        radio("a"),
        radio("b"),
        radio("c", { visibleIf: "{a} = 3" }),
        radio("d", { visibleIf: "{a} notempty" }),
      ],
    };
    expect(progressBase(def, 2)).toBe(2);
    expect(progressBase(def, 4)).toBe(4);
    expect(progressBase(survey("parent"), quickPagesOf(survey("parent"), "fr").length)).toBe(
      (survey("parent").pages as unknown[]).length,
    );
  });
});
