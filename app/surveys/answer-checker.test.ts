import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerChecker, isLogicFree, simpleConditions } from "./answer-checker";
import { createSurveyModel } from "./adapter";
import { validateAnswers } from "./validate-answers";

// The compiled checker must say exactly what survey-core's validation says: same questions,
// same messages, same order, on any answers. survey-core (`validateAnswers` on its own model)
// is the reference; every survey file is tried with generated answers.

const SURVEYS_DIR = new URL("../../surveys/", import.meta.url);
const surveys = readdirSync(SURVEYS_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({
    file,
    json: (
      JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8")) as { survey: Record<string, unknown> }
    ).survey,
  }));

interface Q {
  name: string;
  type: string;
  choices?: unknown[];
}
function questionsOf(json: Record<string, unknown>): Q[] {
  return (json.pages as { elements: Q[] }[]).flatMap((p) => p.elements);
}
function choiceValue(c: unknown): unknown {
  return c && typeof c === "object" ? (c as { value: unknown }).value : c;
}

/**
 * Values a phone (or an attacker) could send for a question: mostly acceptable ones (else
 * nearly every response would stop at the first wrong value and the "required" rules would
 * never be compared), sometimes anything.
 */
function valueFor(q: Q): fc.Arbitrary<unknown> {
  const choices = (q.choices ?? []).map(choiceValue);
  const acceptable =
    choices.length > 0
      ? fc.constantFrom(...choices)
      : fc.oneof(fc.constantFrom("", " ", "\t\n", "Un texte.", " a "), fc.string({ maxLength: 40 }));
  const anything = fc.oneof(
    ...(choices.length > 0 ? [fc.constantFrom(...choices).map(String)] : []),
    fc.constantFrom(null, undefined, "", " ", 0, 1, 3, 4, -1, 99, 3.5, true, false, "nsp", []),
    fc.string({ maxLength: 40 }),
    fc.string({ minLength: 4990, maxLength: 5010 }),
    fc.integer(),
    fc.array(fc.oneof(...(choices.length > 0 ? [fc.constantFrom(...choices)] : []), fc.integer()), {
      maxLength: 4,
    }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
  );
  return fc.oneof({ arbitrary: acceptable, weight: 30 }, { arbitrary: anything, weight: 1 });
}

function answersFor(json: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const questions = questionsOf(json);
  const entries = questions.map((q) => fc.option(valueFor(q), { nil: undefined, freq: 3 }));
  return fc
    .tuple(
      fc.tuple(...entries),
      // Sometimes an unknown question name, or a name from the object prototype.
      fc.option(fc.constantFrom("inconnue", "__proto__", "constructor", "toString", "d1_x"), { freq: 8 }),
      fc.boolean(),
    )
    .map(([values, extra, fill]) => {
      const answers: Record<string, unknown> = {};
      questions.forEach((q, i) => {
        // Absent, or present (possibly null/undefined) — both are what a client can send.
        if (values[i] !== undefined || fill) answers[q.name] = values[i];
      });
      if (extra !== null)
        Object.defineProperty(answers, extra, { value: 1, enumerable: true, writable: true });
      return answers;
    });
}

describe("answerChecker", () => {
  it("version 1 files are logic-free (compiled checker); version 2 files have conditions (survey-core)", () => {
    // Version 2 shows some questions only after an answer (visibleIf: d1_feedback after d1_asked,
    // the Cité éducative items after d7_aware, the child's items by care setting).
    const expected = (file: string) => !/\.v2\.json$/.test(file) || file.startsWith("council-items");
    expect(surveys.map((s) => [s.file, isLogicFree(s.json)])).toEqual(
      surveys.map((s) => [s.file, expected(s.file)]),
    );
  });

  it("version 2 conditions are simple enough to compile (survey-core's ConditionRunner on the answers)", () => {
    for (const { file, json } of surveys) expect(simpleConditions(json), file).not.toBeNull();
    expect(
      simpleConditions({ pages: [{ elements: [{ type: "comment", name: "x", visibleIf: "{y} = 1" }] }] }),
    ).toBeNull();
    expect(
      simpleConditions({
        pages: [
          {
            elements: [
              { type: "radiogroup", name: "y", choices: [1] },
              { type: "comment", name: "x", visibleIf: "age({y}) > 1" },
            ],
          },
        ],
      }),
    ).toBeNull();
  });

  for (const { file, json } of surveys) {
    // survey-core takes about 150 ms to validate a version 2 questionnaire (conditions): fewer runs.
    const numRuns = isLogicFree(json) ? 200 : 40;
    it(`gives survey-core's verdicts on generated answers: ${file}`, { timeout: 60_000 }, () => {
      const compiled = answerChecker(createSurveyModel(json), json);
      const reference = createSurveyModel(json);
      fc.assert(
        fc.property(answersFor(json), (answers) => {
          expect(compiled(answers)).toEqual(validateAnswers(reference, answers));
        }),
        { numRuns, seed: 20261127 },
      );
    });
  }

  it("a complete valid response has no error, an empty one lists every required question", () => {
    const { json } = surveys.find((s) => s.file.startsWith("parent"))!;
    const check = answerChecker(createSurveyModel(json), json);
    const questions = questionsOf(json);
    const valid = Object.fromEntries(
      questions.map((q) => [q.name, q.choices ? choiceValue(q.choices[0]) : "Un texte."]),
    );
    expect(check(valid)).toEqual([]);
    const required = questions.filter((q) => (q as { isRequired?: boolean }).isRequired).map((q) => q.name);
    expect(check({}).map((e) => e.question)).toEqual(required);
    expect(check({}).every((e) => e.message.length > 0)).toBe(true);
  });

  describe("version 2 conditions (the server refuses an answer to a question that was not shown)", () => {
    const checkerOf = (prefix: string) => {
      const { json } = surveys.find((s) => s.file === prefix)!;
      return answerChecker(createSurveyModel(json), json);
    };
    /** Every shown required question answered with its first choice, given some answers. */
    const complete = (prefix: string, given: Record<string, unknown>) => {
      const { json } = surveys.find((s) => s.file === prefix)!;
      const model = createSurveyModel(json);
      model.data = given;
      const answers: Record<string, unknown> = { ...given };
      for (const q of model.getAllQuestions(true)) {
        if (q.isRequired && !(q.name in answers))
          answers[q.name] = (q as unknown as { choices: { value: unknown }[] }).choices[0]!.value;
      }
      return answers;
    };
    const hidden = (question: string) => ({
      question,
      message: "Cette question n'était pas posée avec les réponses données.",
    });

    it("parent: not asked (d1_asked 1) skips d1_feedback and d1_changed; answering them is refused", () => {
      const check = checkerOf("parent.v2.json");
      const answers = complete("parent.v2.json", { d1_asked: 1, d7_aware: "no" });
      expect(answers).not.toHaveProperty("d1_feedback");
      expect(answers).not.toHaveProperty("d7_explained");
      expect(check(answers)).toEqual([]);
      expect(check({ ...answers, d1_feedback: 3 })).toEqual([hidden("d1_feedback")]);
      expect(check({ ...answers, d7_members: "yes" })).toEqual([hidden("d7_members")]);
    });

    it("parent: asked (d1_asked 3) and aware must answer d1_feedback, d1_changed and the D7 items", () => {
      const check = checkerOf("parent.v2.json");
      const answers = complete("parent.v2.json", { d1_asked: 3, d7_aware: "yes" });
      expect(answers).toHaveProperty("d1_feedback");
      expect(check(answers)).toEqual([]);
      const { d1_changed: _changed, d7_voice: _voice, ...missing } = answers;
      expect(check(missing).map((e) => e.question)).toEqual(["d1_changed", "d7_voice"]);
    });

    it("child: a child at home is not asked about the crèche or school; one at school is", () => {
      const check = checkerOf("child.v2.json");
      const home = complete("child.v2.json", { care: "maison" });
      expect(Object.keys(home).sort()).toEqual(["care", "d4_first_entry", "d4_followup", "d4_help"]);
      expect(check(home)).toEqual([]);
      expect(check({ ...home, d1_likes: 3 })).toEqual([hidden("d1_likes")]);
      const school = complete("child.v2.json", { care: "elementaire" });
      expect(school).toHaveProperty("d1_likes");
      expect(school).not.toHaveProperty("d4_first_entry");
      expect(check(school)).toEqual([]);
    });
  });

  it("a survey with logic keeps survey-core: a question hidden by a condition is refused", () => {
    const json = {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "radiogroup", name: "a", choices: [1, 2], isRequired: true },
            { type: "comment", name: "why", visibleIf: "{a} = 2" },
          ],
        },
      ],
    };
    expect(isLogicFree(json)).toBe(false);
    const check = answerChecker(createSurveyModel(json), json);
    expect(check({ a: 1, why: "parce que" })).toEqual([
      { question: "why", message: "Cette question n'était pas posée avec les réponses données." },
    ]);
    expect(check({ a: 2, why: "parce que" })).toEqual([]);
  });

  it.each([
    [{ pages: [{ elements: [{ type: "text", name: "mail", inputType: "email" }] }] }],
    [{ pages: [{ elements: [{ type: "checkbox", name: "c", choices: [1], maxSelectedChoices: 1 }] }] }],
    [{ pages: [{ elements: [{ type: "radiogroup", name: "r", choices: [1], showOtherItem: true }] }] }],
    [
      {
        pages: [{ elements: [{ type: "comment", name: "t", validators: [{ type: "text", minLength: 3 }] }] }],
      },
    ],
    [{ triggers: [], pages: [{ elements: [{ type: "comment", name: "t" }] }] }],
    [{ pages: [{ visibleIf: "{x} = 1", elements: [{ type: "comment", name: "t" }] }] }],
    [
      {
        pages: [
          { elements: [{ type: "radiogroup", name: "r", choices: [{ value: 1, visibleIf: "{x}=1" }] }] },
        ],
      },
    ],
  ])("anything with rules of its own is not compiled: %j", (json) => {
    expect(isLogicFree(json)).toBe(false);
  });
});
