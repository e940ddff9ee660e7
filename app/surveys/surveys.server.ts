import fs from "node:fs";
import path from "node:path";
import { getEnv } from "~/env.server";
import { type AnswerChecker, answerChecker } from "~/surveys/answer-checker";
import { createSurveyModel, type SurveyModel } from "~/surveys/adapter";
import { INDIVIDUAL_AUDIENCES, type SurveyDefinition, ZSurveyDefinition } from "~/surveys/definition";
import { readingOf } from "~/surveys/duration";
import { formOf, type QuestionnaireForm } from "~/surveys/forms";

const FILE_NAME = /^([a-z][a-z0-9-]*)\.v(\d+)\.json$/;

/** Reads and checks every `surveys/<id>.v<N>.json`; a malformed file stops the start-up. */
export function loadSurveyDefinitions(dir: string): Map<string, SurveyDefinition> {
  const byKey = new Map<string, SurveyDefinition>();
  for (const file of fs.readdirSync(dir).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const parsed = ZSurveyDefinition.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
    const def = parsed.data;
    if (def.id !== match[1] || def.version !== Number(match[2])) {
      throw new Error(`${file}: id/version do not match the file name`);
    }
    // The minutes people are told come from the rule in duration.ts (words at a slow reader's
    // pace, plus a few seconds a screen), not from the file: version 1 files said 7 minutes for
    // what takes a slow reader 12. Council items and records are paced by the sitting instead.
    const individual: readonly string[] = INDIVIDUAL_AUDIENCES;
    if (individual.includes(def.audience)) def.minutes = readingOf(def, def.locales[0]!).minutes;
    byKey.set(surveyKey(def.id, def.version), def);
  }
  return byKey;
}

export function surveyKey(id: string, version: number): string {
  return `${id}.v${version}`;
}

let registry: Map<string, SurveyDefinition> | undefined;
function definitions(): Map<string, SurveyDefinition> {
  registry ??= loadSurveyDefinitions(path.resolve(getEnv().SURVEYS_DIR));
  return registry;
}

/** One survey version, or undefined when no such file exists. */
export function getSurveyDefinition(id: string, version: number): SurveyDefinition | undefined {
  return definitions().get(surveyKey(id, version));
}

/** The newest version of each survey. */
export function latestSurveyDefinitions(): SurveyDefinition[] {
  const latest = new Map<string, SurveyDefinition>();
  for (const def of definitions().values()) {
    const current = latest.get(def.id);
    if (!current || current.version < def.version) latest.set(def.id, def);
  }
  return [...latest.values()];
}

// Building a SurveyJS model costs ~20 ms for a 25-question survey; validating a
// reused one costs ~2 ms. Validation is synchronous, so one model per survey version
// and form is never used by two requests at once.
const models = new Map<string, SurveyModel>();

/** The cache key of one form of a survey version: `parent.v2` (long), `parent.v2.short`. */
function formKey(def: SurveyDefinition, form: QuestionnaireForm): string {
  return form === "long" ? surveyKey(def.id, def.version) : `${surveyKey(def.id, def.version)}.${form}`;
}

/**
 * The server's reusable SurveyJS model of a survey version's form (the long one unless
 * said), in French. Throws for a short form the file does not have (see `hasShortForm`).
 */
export function getValidationModel(def: SurveyDefinition, form: QuestionnaireForm = "long"): SurveyModel {
  const key = formKey(def, form);
  let model = models.get(key);
  if (!model) {
    model = createSurveyModel(formOf(def, form).survey);
    models.set(key, model);
  }
  return model;
}

const checkers = new Map<string, AnswerChecker>();

/**
 * The checker of a survey version's answers to one form (compiled once; see
 * app/surveys/answer-checker.ts): an answer to a question of the long form only is refused
 * under the short one.
 */
export function getAnswerChecker(def: SurveyDefinition, form: QuestionnaireForm = "long"): AnswerChecker {
  const key = formKey(def, form);
  let checker = checkers.get(key);
  if (!checker) {
    checker = answerChecker(getValidationModel(def, form), formOf(def, form).survey);
    checkers.set(key, checker);
  }
  return checker;
}

const durations = new Map<string, number>();

/**
 * The minutes a form of a questionnaire is said to take in a language (duration.ts's rule),
 * computed once. The locale falls back to the file's first one when it is not written in it.
 */
export function minutesOf(def: SurveyDefinition, form: QuestionnaireForm, locale: string): number {
  const shown = def.locales.includes(locale) ? locale : def.locales[0]!;
  const key = `${formKey(def, form)}|${shown}`;
  let minutes = durations.get(key);
  if (minutes === undefined) {
    minutes = readingOf(formOf(def, form), shown).minutes;
    durations.set(key, minutes);
  }
  return minutes;
}
