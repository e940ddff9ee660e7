import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createSurveyModel, type SurveyModel } from "./adapter";
import { type SurveyDefinition, ZSurveyDefinition } from "./definition";
import { DEFAULT_TEXT_MAX_LENGTH, validateAnswers } from "./validate-answers";

const M = {
  unknown: "Cette question n'existe pas dans ce questionnaire.",
  hidden: "Cette question n'était pas posée avec les réponses données.",
  notAChoice: "Cette réponse ne fait pas partie des choix proposés.",
  notText: "La réponse doit être un texte.",
  tooLong2000: "Le texte est trop long : 2000 caractères au plus.",
  notNumber: "La réponse doit être un nombre.",
  notBoolean: "La réponse doit être oui ou non.",
  notList: "La réponse doit être une liste de choix.",
  unsupported: "Ce type de réponse n'est pas accepté.",
  // survey-core's own French messages (survey-core/i18n/french).
  required: "La réponse à cette question est obligatoire.",
  above: (max: number) => `La valeur ne doit pas être supérieure à ${max}`,
  below: (min: number) => `La valeur ne doit pas être inférieure à ${min}`,
};

function loadSurvey(file: string): SurveyDefinition {
  return ZSurveyDefinition.parse(
    JSON.parse(readFileSync(new URL(`../../surveys/${file}`, import.meta.url), "utf8")),
  );
}

/** Every required question of the parent survey answered: 3, or the first choice where 3 is not one. */
function validParentAnswers(def: SurveyDefinition): Record<string, unknown> {
  const model = createSurveyModel(def.survey);
  const answers: Record<string, unknown> = {};
  for (const q of model.getAllQuestions(false)) {
    if (!q.isRequired) continue;
    const values = (q as unknown as { choices: { value: unknown }[] }).choices.map((c) => c.value);
    answers[q.name] = values.includes(3) ? 3 : values[0];
  }
  return answers;
}

/** A small questionnaire covering every question type the validator knows, plus one it does not. */
const INLINE_SURVEY = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "q1", isRequired: true, choices: [1, 2, 3, "nsp"] },
        // Asked only when q1 is 1.
        { type: "radiogroup", name: "q2", visibleIf: "{q1} = 1", choices: ["a", "b"] },
        { type: "text", name: "age", inputType: "number", min: 0, max: 120 },
        { type: "comment", name: "free" },
        { type: "text", name: "short", maxLength: 5 },
        { type: "checkbox", name: "many", choices: ["x", "y", "z"] },
        { type: "boolean", name: "agree" },
        { type: "dropdown", name: "pick", choices: [{ value: "fr", text: "Français" }, "en"] },
        { type: "rating", name: "stars", rateMin: 1, rateMax: 5 },
        { type: "matrix", name: "grid", columns: ["c1"], rows: ["r1"] },
      ],
    },
  ],
};

describe("validateAnswers with the real parent survey", () => {
  let def: SurveyDefinition;
  let model: SurveyModel;
  let valid: Record<string, unknown>;
  beforeAll(() => {
    def = loadSurvey("parent.v1.json");
    model = createSurveyModel(def.survey);
    valid = validParentAnswers(def);
  });

  it("finds no error in a complete, valid answer set", () => {
    expect(validateAnswers(model, valid)).toEqual([]);
  });

  it("accepts 'nsp' and optional free text within its maxLength (2000 characters, counted as code points)", () => {
    const answers = { ...valid, d1_asked: "nsp", knowledge: "é".repeat(2000), idea: "😀".repeat(2000) };
    expect(validateAnswers(model, answers)).toEqual([]);
  });

  it("refuses an unknown question name", () => {
    expect(validateAnswers(model, { ...valid, not_a_question: 3 })).toEqual([
      { question: "not_a_question", message: M.unknown },
    ]);
  });

  it("refuses a '__proto__' key coming from JSON.parse as an unknown question", () => {
    const answers = JSON.parse(`{"__proto__": {"polluted": true}, "d1_asked": 3}`) as Record<string, unknown>;
    expect(Object.keys(answers)).toContain("__proto__");
    expect(validateAnswers(model, answers)).toEqual([{ question: "__proto__", message: M.unknown }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a number that is not among the choices", () => {
    expect(validateAnswers(model, { ...valid, d1_asked: 5 })).toEqual([
      { question: "d1_asked", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { ...valid, d1_asked: 0 })).toEqual([
      { question: "d1_asked", message: M.notAChoice },
    ]);
  });

  it("refuses a string that is not among the choices", () => {
    expect(validateAnswers(model, { ...valid, d2_continuum: "co_decided" })).toEqual([
      { question: "d2_continuum", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { ...valid, d6_participated: "YES" })).toEqual([
      { question: "d6_participated", message: M.notAChoice },
    ]);
  });

  it("refuses a string for a radiogroup whose choice is a number (no loose equality)", () => {
    expect(validateAnswers(model, { ...valid, d1_asked: "3" })).toEqual([
      { question: "d1_asked", message: M.notAChoice },
    ]);
  });

  it("refuses an array, an object or a boolean where a single value is expected", () => {
    for (const value of [[3], [], { value: 3 }, true]) {
      expect(validateAnswers(model, { ...valid, d1_asked: value }), JSON.stringify(value)).toEqual([
        { question: "d1_asked", message: M.notAChoice },
      ]);
    }
  });

  it("refuses a number or an array for a free-text (comment) question", () => {
    expect(validateAnswers(model, { ...valid, knowledge: 42 })).toEqual([
      { question: "knowledge", message: M.notText },
    ]);
    expect(validateAnswers(model, { ...valid, knowledge: ["texte"] })).toEqual([
      { question: "knowledge", message: M.notText },
    ]);
  });

  it("refuses free text holding half of a surrogate pair, accepts whole emoji and odd but valid characters", () => {
    const message = "Le texte contient un caractère qui n'est pas valide.";
    for (const text of ["a\uD800b", "fin\uD83D", "\uDE00début", "\uDE00\uD83D"]) {
      expect(validateAnswers(model, { ...valid, knowledge: text })).toEqual([
        { question: "knowledge", message },
      ]);
    }
    for (const text of ["😀 👨‍👩‍👧‍👦 🇫🇷", "\u202Eédoc\u202C", "a\u200Bb\uFEFF", "nul\u0000", "مرحبا"]) {
      expect(validateAnswers(model, { ...valid, knowledge: text })).toEqual([]);
    }
  });

  it("refuses free text over the question's maxLength", () => {
    expect(validateAnswers(model, { ...valid, idea: "x".repeat(2001) })).toEqual([
      { question: "idea", message: M.tooLong2000 },
    ]);
  });

  it("reports a required question left out with survey-core's French message", () => {
    const { d1_asked: _omitted, ...answers } = valid;
    expect(validateAnswers(model, answers)).toEqual([{ question: "d1_asked", message: M.required }]);
  });

  it("treats null for a required question as missing", () => {
    expect(validateAnswers(model, { ...valid, d7_members: null })).toEqual([
      { question: "d7_members", message: M.required },
    ]);
  });

  it("reports every missing required question of an empty answer set", () => {
    const errors = validateAnswers(model, {});
    const required = Object.keys(valid).sort();
    expect(errors.map((e) => e.question).sort()).toEqual(required);
    expect(new Set(errors.map((e) => e.message))).toEqual(new Set([M.required]));
  });

  it("reports several shape errors at once, each on its own question", () => {
    const errors = validateAnswers(model, {
      ...valid,
      d1_asked: 9,
      knowledge: 1,
      d6_participated: "peut-être",
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { question: "d1_asked", message: M.notAChoice },
        { question: "knowledge", message: M.notText },
        { question: "d6_participated", message: M.notAChoice },
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it("does not change the answers object it is given", () => {
    const answers = { ...valid, knowledge: "un texte" };
    const copy = structuredClone(answers);
    validateAnswers(model, answers);
    expect(answers).toEqual(copy);
  });
});

describe("validateAnswers with a small inline survey", () => {
  let model: SurveyModel;
  beforeAll(() => {
    model = createSurveyModel(INLINE_SURVEY);
  });

  it("accepts valid answers to every supported type", () => {
    const answers = {
      q1: 1,
      q2: "a",
      age: 42,
      free: "bonjour",
      short: "abcde",
      many: ["x", "z"],
      agree: false,
      pick: "fr",
      stars: 5,
    };
    expect(validateAnswers(model, answers)).toEqual([]);
  });

  it("refuses an answer to a question hidden by visibleIf", () => {
    expect(validateAnswers(model, { q1: 2, q2: "a" })).toEqual([{ question: "q2", message: M.hidden }]);
    expect(validateAnswers(model, { q1: "nsp", q2: "b" })).toEqual([{ question: "q2", message: M.hidden }]);
  });

  it("accepts the same answer when the condition shows the question", () => {
    expect(validateAnswers(model, { q1: 1, q2: "b" })).toEqual([]);
  });

  it("accepts null for a hidden question (nothing was answered)", () => {
    expect(validateAnswers(model, { q1: 2, q2: null })).toEqual([]);
  });

  it("refuses a number input outside its min and max, with survey-core's French messages", () => {
    expect(validateAnswers(model, { q1: 2, age: 121 })).toEqual([{ question: "age", message: M.above(120) }]);
    expect(validateAnswers(model, { q1: 2, age: -1 })).toEqual([{ question: "age", message: M.below(0) }]);
    expect(validateAnswers(model, { q1: 2, age: 0 })).toEqual([]);
    expect(validateAnswers(model, { q1: 2, age: 120 })).toEqual([]);
  });

  it("refuses a number input given as a string", () => {
    expect(validateAnswers(model, { q1: 2, age: "42" })).toEqual([{ question: "age", message: M.notNumber }]);
  });

  it("applies the default length limit to free text with no maxLength", () => {
    expect(validateAnswers(model, { q1: 2, free: "a".repeat(DEFAULT_TEXT_MAX_LENGTH) })).toEqual([]);
    expect(validateAnswers(model, { q1: 2, free: "a".repeat(DEFAULT_TEXT_MAX_LENGTH + 1) })).toEqual([
      {
        question: "free",
        message: `Le texte est trop long : ${DEFAULT_TEXT_MAX_LENGTH} caractères au plus.`,
      },
    ]);
  });

  it("applies a text question's own maxLength", () => {
    expect(validateAnswers(model, { q1: 2, short: "abcdef" })).toEqual([
      { question: "short", message: "Le texte est trop long : 5 caractères au plus." },
    ]);
  });

  it("checks checkbox answers: a list, of known choices, without duplicates", () => {
    expect(validateAnswers(model, { q1: 2, many: "x" })).toEqual([{ question: "many", message: M.notList }]);
    expect(validateAnswers(model, { q1: 2, many: ["x", "w"] })).toEqual([
      { question: "many", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { q1: 2, many: ["x", "x"] })).toEqual([
      { question: "many", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { q1: 2, many: [] })).toEqual([]);
  });

  it("checks boolean, dropdown and rating answers", () => {
    expect(validateAnswers(model, { q1: 2, agree: "oui" })).toEqual([
      { question: "agree", message: M.notBoolean },
    ]);
    expect(validateAnswers(model, { q1: 2, pick: "de" })).toEqual([
      { question: "pick", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { q1: 2, stars: 6 })).toEqual([
      { question: "stars", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, { q1: 2, stars: 3 })).toEqual([]);
  });

  it("refuses answers to question types it cannot check", () => {
    expect(validateAnswers(model, { q1: 2, grid: { r1: "c1" } })).toEqual([
      { question: "grid", message: M.unsupported },
    ]);
  });

  it("reports the required question when nothing is given", () => {
    expect(validateAnswers(model, {})).toEqual([{ question: "q1", message: M.required }]);
  });
});

describe("validateAnswers on a reused model: no state leaks between calls", () => {
  it("does not keep answers from a previous call (the parent survey)", () => {
    const def = loadSurvey("parent.v1.json");
    const model = createSurveyModel(def.survey);
    const valid = validParentAnswers(def);

    expect(validateAnswers(model, valid)).toEqual([]);
    // The second set lacks d1_asked: the previous call's value must not fill it in.
    const { d1_asked: _omitted, ...missingOne } = valid;
    expect(validateAnswers(model, missingOne)).toEqual([{ question: "d1_asked", message: M.required }]);
    // A shape error, then a valid set: the error does not linger.
    expect(validateAnswers(model, { ...valid, d1_asked: 7 })).toEqual([
      { question: "d1_asked", message: M.notAChoice },
    ]);
    expect(validateAnswers(model, valid)).toEqual([]);
    // A required error, then a valid set.
    expect(validateAnswers(model, {})).not.toEqual([]);
    expect(validateAnswers(model, valid)).toEqual([]);
  });

  it("re-evaluates visibility and range errors for each answer set (inline survey)", () => {
    const model = createSurveyModel(INLINE_SURVEY);
    // q1 = 1 shows q2; the next set hides it again, so answering q2 is refused there.
    expect(validateAnswers(model, { q1: 1, q2: "a" })).toEqual([]);
    expect(validateAnswers(model, { q1: 3, q2: "a" })).toEqual([{ question: "q2", message: M.hidden }]);
    expect(validateAnswers(model, { q1: 1, q2: "b" })).toEqual([]);
    // A range error on one call is gone on the next.
    expect(validateAnswers(model, { q1: 2, age: 500 })).toEqual([{ question: "age", message: M.above(120) }]);
    expect(validateAnswers(model, { q1: 2, age: 50 })).toEqual([]);
    // A value given in a previous call is not remembered.
    expect(validateAnswers(model, { q1: 2, age: 50 })).toEqual([]);
    expect(validateAnswers(model, { age: 50 })).toEqual([{ question: "q1", message: M.required }]);
  });

  it("gives the same results on a reused model as on a fresh one", () => {
    const def = loadSurvey("parent.v1.json");
    const reused = createSurveyModel(def.survey);
    const valid = validParentAnswers(def);
    const sets: Record<string, unknown>[] = [
      valid,
      { ...valid, d3_school: "nsp", knowledge: "Mon enfant aime dessiner." },
      { ...valid, d1_asked: null },
      { ...valid, idea: 3 },
      {},
      { ...valid, extra: 1 },
    ];
    for (const answers of [...sets, ...sets.reverse()]) {
      const fresh = createSurveyModel(def.survey);
      expect(validateAnswers(reused, answers)).toEqual(validateAnswers(fresh, answers));
    }
  });
});
