/**
 * Checks every questionnaire in `surveys/` against the wrapper schema, survey-core's own
 * JSON checks, and the conventions the app relies on (one question per page, scoring keys,
 * scales, dimensions allowed per audience; see INDICATORS.md in the project's shared docs).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Model, QuestionSelectBase, type Question } from "survey-core";
import { AUDIENCES_BY_DIMENSION } from "../../app/lib/audiences";
import { ZSurveyDefinition, type Dimension, type SurveyDefinition } from "../../app/lib/survey-definition";

const SURVEYS_DIR = new URL("../../surveys/", import.meta.url);

const MIN_ITEMS_PER_DIMENSION = 3;
/** The only non-numeric choice allowed on a scored item ("je ne sais pas"; counts as missing). */
const MISSING_VALUE = "nsp";

const files = readdirSync(SURVEYS_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();

function load(file: string): {
  raw: unknown;
  def: SurveyDefinition;
  model: Model;
} {
  const raw: unknown = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8"));
  const def = ZSurveyDefinition.parse(raw);
  return { raw, def, model: new Model(def.survey) };
}

/** The council's collective record: audience C, filled by the facilitator, nothing scored. */
function isCouncilRecord(def: SurveyDefinition): boolean {
  return def.id === "council-record";
}

function questionByName(model: Model, name: string): Question {
  const question = model.getQuestionByName(name);
  if (!question) throw new Error(`no question named "${name}"`);
  return question;
}

it("finds at least the four questionnaires (P, Px, Y, A)", () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

describe.each(files)("%s", (file) => {
  it("is named <id>.v<version>.json", () => {
    const raw = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8")) as {
      id?: unknown;
      version?: unknown;
    };
    expect(file).toBe(`${String(raw.id)}.v${String(raw.version)}.json`);
  });

  it("passes the wrapper schema (ZSurveyDefinition)", () => {
    const raw: unknown = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8"));
    expect(() => ZSurveyDefinition.parse(raw)).not.toThrow();
  });

  it("loads in survey-core without JSON errors", () => {
    const { model } = load(file);
    // survey-core v3 leaves `jsonErrors` null when the JSON is clean, and fills it with
    // JsonError objects for unknown properties, unknown types, missing required properties.
    const errors = (model.jsonErrors ?? []).map((error) => error.getFullDescription());
    expect(errors).toEqual([]);
    expect(model.getAllQuestions().length).toBeGreaterThan(0);
  });

  it("uses the survey-level settings the app relies on", () => {
    const { def, model } = load(file);
    expect(def.survey).not.toHaveProperty("title");
    expect(model.showProgressBar).toBe(true);
    expect(model.progressBarType).toBe("pages");
    expect(model.isShowProgressBarOnTop).toBe(true);
    expect(model.showQuestionNumbers).toBe("off");
    expect(model.checkErrorsMode).toBe("onNextPage");
    expect(model.widthMode).toBe("responsive");
  });

  it("has exactly one question per page", () => {
    const { model } = load(file);
    expect(model.pages.length).toBeGreaterThan(0);
    for (const page of model.pages) {
      expect(page.elements.length, `page ${page.name}`).toBe(1);
      expect(page.questions.length, `page ${page.name}`).toBe(1);
    }
  });

  it("has unique question names", () => {
    const { model } = load(file);
    const names = model.getAllQuestions(false, false, true).map((q) => q.name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it("scores only existing, required questions whose numeric choices are exactly min..max", () => {
    const { def, model } = load(file);
    // The council's record (opinion and self-assessment) is reported apart, never scored.
    if (isCouncilRecord(def)) expect(def.scoring).toEqual({});
    else expect(Object.keys(def.scoring).length).toBeGreaterThan(0);
    for (const [name, item] of Object.entries(def.scoring)) {
      const question = questionByName(model, name);
      expect(question.isRequired, `${name} is required`).toBe(true);
      expect(question, `${name} has choices`).toBeInstanceOf(QuestionSelectBase);
      const values = (question as QuestionSelectBase).choices.map((choice) => choice.value as unknown);
      const numeric = values.filter((value): value is number => typeof value === "number");
      const expected = Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
      expect(numeric, `${name} numeric values`).toEqual(expected);
      const other = values.filter((value) => typeof value !== "number");
      expect(
        other.every((value) => value === MISSING_VALUE),
        `${name} other values`,
      ).toBe(true);
    }
  });

  it("uses only dimensions allowed for its audience, each with at least 3 scored items", () => {
    const { def } = load(file);
    const counts = new Map<Dimension, number>();
    for (const item of Object.values(def.scoring)) {
      counts.set(item.dimension, (counts.get(item.dimension) ?? 0) + 1);
    }
    for (const [dimension, count] of counts) {
      expect(AUDIENCES_BY_DIMENSION[dimension], `${dimension} for ${def.audience}`).toContain(def.audience);
      expect(count, `${dimension} scored items`).toBeGreaterThanOrEqual(MIN_ITEMS_PER_DIMENSION);
    }
  });

  it("never requires a free-text answer from a respondent; a council record requires its evidence", () => {
    const { def, model } = load(file);
    const comments = model.getAllQuestions().filter((q) => q.getType() === "comment");
    for (const question of comments) {
      // The facilitator writes the council's opinion and one line of evidence per criterion
      // with the group (INDICATORS.md, audience C): those are the record, not optional extras.
      expect(question.isRequired, `${question.name} required?`).toBe(isCouncilRecord(def));
    }
  });
});
