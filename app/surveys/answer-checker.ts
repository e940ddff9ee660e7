import { ConditionRunner, type Question } from "survey-core";
import { createSurveyModel, type SurveyModel } from "./adapter";
import { type AnswerError, checkValueShape, MESSAGES, validateAnswers } from "./validate-answers";

/** Checks one submission's raw answers; the same verdicts and messages as `validateAnswers`. */
export type AnswerChecker = (answers: Record<string, unknown>) => AnswerError[];

// The submission endpoint's largest cost was survey-core validating each response: setting
// `model.data` re-runs every condition and revalidates every question (about 2 ms for the
// parent survey, a third of a request). Version 1 questionnaires have no logic at all, so what
// survey-core decides for them (which questions exist and are shown, their choices, which are
// required, the wording of "required") is fixed: it is read once from survey-core and then
// applied with plain lookups. Version 2 adds simple `visibleIf` conditions on questions: each is
// run by survey-core's ConditionRunner on the answers (`simpleConditions`), the rest is the same.
// A survey with any other logic (page conditions, validators, triggers,
// computed values, "other" items, question types not listed) keeps survey-core on every
// response. tests/unit/answer-checker.test.ts checks with fast-check that both give the same
// verdicts on generated answers for every survey file. Decision 018.

/** Question properties that change nothing about what an answer may be. */
const PLAIN_QUESTION_KEYS = new Set([
  "type",
  "name",
  "title",
  "description",
  "isRequired",
  "choices",
  "maxLength",
  "placeholder",
  "rows",
  "autoGrow",
  "colCount",
  "hideNumber",
  "titleLocation",
  "descriptionLocation",
]);
const PLAIN_TYPES = new Set(["radiogroup", "dropdown", "checkbox", "comment", "text", "boolean"]);
const PLAIN_PAGE_KEYS = new Set(["name", "title", "description", "elements"]);
/** Survey-level settings that only change the presentation. */
const PLAIN_SURVEY_KEYS = new Set([
  "title",
  "description",
  "pages",
  "showProgressBar",
  "progressBarLocation",
  "progressBarType",
  "showQuestionNumbers",
  "checkErrorsMode",
  "widthMode",
  "showTitle",
  "locale",
  "questionsOnPageMode",
  "showPrevButton",
  "completeText",
  "pageNextText",
  "pagePrevText",
]);

function isPlainChoice(choice: unknown): boolean {
  if (typeof choice === "string" || typeof choice === "number") return true;
  if (!choice || typeof choice !== "object" || Array.isArray(choice)) return false;
  return Object.keys(choice).every((k) => k === "value" || k === "text");
}

/** Whether a survey's JSON has no logic: its shown questions and rules never depend on answers. */
export function isLogicFree(json: Record<string, unknown>): boolean {
  if (!Object.keys(json).every((k) => PLAIN_SURVEY_KEYS.has(k))) return false;
  const pages = json.pages;
  if (!Array.isArray(pages)) return false;
  return pages.every((page: unknown) => {
    if (!page || typeof page !== "object") return false;
    const p = page as Record<string, unknown>;
    if (!Object.keys(p).every((k) => PLAIN_PAGE_KEYS.has(k)) || !Array.isArray(p.elements)) return false;
    return p.elements.every((element: unknown) => {
      if (!element || typeof element !== "object") return false;
      const q = element as Record<string, unknown>;
      if (!Object.keys(q).every((k) => PLAIN_QUESTION_KEYS.has(k))) return false;
      if (typeof q.type !== "string" || !PLAIN_TYPES.has(q.type)) return false;
      // A text field of another input type (email, date, number…) has format rules.
      if (q.type === "text" && "inputType" in q) return false;
      if ("isRequired" in q && typeof q.isRequired !== "boolean") return false;
      if ("choices" in q && !(Array.isArray(q.choices) && q.choices.every(isPlainChoice))) return false;
      return true;
    });
  });
}

/**
 * The conditions a compiled checker can evaluate (version 2 questionnaires): a question's
 * `visibleIf`, as survey-core's own ConditionRunner reads it, on answers to other questions of
 * the survey only (`{name}`, no `$`, dots or functions), in a survey otherwise logic-free. Returns
 * each conditional question's expression, or null when the survey has other logic.
 */
export function simpleConditions(json: Record<string, unknown>): Map<string, string> | null {
  return splitConditions(json)?.conditions ?? null;
}

/** The simple conditions and the survey without them (null when the survey has other logic). */
function splitConditions(
  json: Record<string, unknown>,
): { conditions: Map<string, string>; stripped: Record<string, unknown> } | null {
  const pages = json.pages;
  if (!Array.isArray(pages)) return null;
  const conditions = new Map<string, string>();
  const names = new Set<string>();
  const stripped = {
    ...json,
    pages: pages.map((page: unknown) => {
      if (!page || typeof page !== "object") return page;
      const p = page as Record<string, unknown>;
      if (!Array.isArray(p.elements)) return page;
      return {
        ...p,
        elements: p.elements.map((element: unknown) => {
          if (!element || typeof element !== "object") return element;
          const { visibleIf, ...rest } = element as Record<string, unknown>;
          if (typeof rest.name === "string") names.add(rest.name);
          if (visibleIf === undefined) return rest;
          if (typeof visibleIf !== "string" || typeof rest.name !== "string") return element;
          conditions.set(rest.name, visibleIf);
          return rest;
        }),
      };
    }),
  };
  if (!isLogicFree(stripped)) return null;
  for (const expression of conditions.values()) {
    const variables = [...expression.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    if (variables.length === 0 || !variables.every((v) => names.has(v))) return null;
    if (/[a-z]\w*\s*\(/i.test(expression.replace(/\{[^}]*\}/g, ""))) return null;
  }
  return { conditions, stripped };
}

interface PlainQuestion {
  question: Question;
  /** survey-core's condition for the question to be shown, if any (`visibleIf`). */
  condition: ConditionRunner | null;
  visible: boolean;
  required: boolean;
  allowSpace: boolean;
  /** survey-core's own "required" message for this question, in the model's language. */
  requiredMessage: string;
}

/**
 * A checker for a survey: compiled from the model when the survey has no logic, else
 * survey-core's full validation on the (reused) model.
 */
export function answerChecker(model: SurveyModel, json: Record<string, unknown>): AnswerChecker {
  // Version 2 questionnaires show some questions after an answer (`visibleIf`): survey-core's
  // full validation takes about 150 ms for the parent one, so simple conditions are compiled
  // too, evaluated by survey-core's own ConditionRunner on the answers (decision 018).
  const split = isLogicFree(json)
    ? { conditions: new Map<string, string>(), stripped: json }
    : splitConditions(json);
  if (!split) return (answers) => validateAnswers(model, answers);
  const { conditions } = split;

  // What survey-core says about an empty response: the required questions and their messages
  // (a conditional question's message is read from the survey without its conditions, where it
  // is shown: the same question, the same language).
  model.clear(true, true);
  model.validate(true, false);
  const unconditional = conditions.size > 0 ? createSurveyModel(split.stripped, model.locale) : null;
  unconditional?.validate(true, false);
  const known = new Map<string, PlainQuestion>();
  const requiredInOrder: PlainQuestion[] = [];
  for (const question of model.getAllQuestions(false)) {
    const expression = conditions.get(question.name);
    const plain: PlainQuestion = {
      question,
      condition: expression === undefined ? null : new ConditionRunner(expression),
      // A conditional question is hidden on an empty response; its condition decides later.
      visible: expression === undefined ? question.isVisible : true,
      required: question.isRequired,
      allowSpace: !!(question as unknown as { allowSpaceAsAnswer?: boolean }).allowSpaceAsAnswer,
      requiredMessage:
        (expression === undefined
          ? question
          : unconditional!.getQuestionByName(question.name)
        )?.errors[0]?.getText() ?? "",
    };
    known.set(question.name, plain);
  }
  for (const question of model.getAllQuestions(false)) {
    const plain = known.get(question.name)!;
    if (plain.required && plain.visible) requiredInOrder.push(plain);
  }
  model.clear(true, true);
  const shown = (plain: PlainQuestion, answers: Record<string, unknown>) =>
    plain.visible && (plain.condition === null || plain.condition.runValues(answers));

  return (answers) => {
    const errors: AnswerError[] = [];
    for (const name of Object.keys(answers)) {
      if (!known.has(name)) errors.push({ question: name, message: MESSAGES.unknown });
    }
    if (errors.length > 0) return errors;
    for (const [name, value] of Object.entries(answers)) {
      if (value === null || value === undefined) continue;
      const plain = known.get(name)!;
      if (!shown(plain, answers)) {
        errors.push({ question: name, message: MESSAGES.hidden });
        continue;
      }
      const problem = checkValueShape(plain.question, value);
      if (problem) errors.push({ question: name, message: problem });
    }
    if (errors.length > 0) return errors;
    for (const plain of requiredInOrder) {
      if (!shown(plain, answers)) continue;
      const value = Object.hasOwn(answers, plain.question.name) ? answers[plain.question.name] : undefined;
      if (plain.question.isValueEmpty(value, !plain.allowSpace)) {
        errors.push({ question: plain.question.name, message: plain.requiredMessage });
      }
    }
    return errors;
  };
}
