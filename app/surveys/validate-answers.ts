import type { Question } from "survey-core";
import type { SurveyModel } from "./adapter";

export interface AnswerError {
  question: string;
  message: string;
}

/** Free text longer than this is refused even when the definition sets no maxLength. */
export const DEFAULT_TEXT_MAX_LENGTH = 5000;

export const MESSAGES = {
  unknown: "Cette question n'existe pas dans ce questionnaire.",
  hidden: "Cette question n'était pas posée avec les réponses données.",
  notAChoice: "Cette réponse ne fait pas partie des choix proposés.",
  notText: "La réponse doit être un texte.",
  tooLong: (max: number) => `Le texte est trop long : ${max} caractères au plus.`,
  notWellFormed: "Le texte contient un caractère qui n'est pas valide.",
  notNumber: "La réponse doit être un nombre.",
  notBoolean: "La réponse doit être oui ou non.",
  notList: "La réponse doit être une liste de choix.",
  unsupported: "Ce type de réponse n'est pas accepté.",
} as const;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function choiceValues(question: Question): unknown[] {
  const items = (question as unknown as { visibleChoices?: { value: unknown }[] }).visibleChoices;
  return (items ?? []).map((c) => c.value);
}

/** Checks the JSON type and range of one raw answer; SurveyJS itself does not. */
export function checkValueShape(question: Question, value: unknown): string | null {
  const type = question.getType();
  switch (type) {
    case "radiogroup":
    case "dropdown":
    case "rating": {
      if (typeof value !== "string" && typeof value !== "number") return MESSAGES.notAChoice;
      const values =
        type === "rating"
          ? (question as unknown as { visibleRateValues: { value: unknown }[] }).visibleRateValues.map(
              (v) => v.value,
            )
          : choiceValues(question);
      return values.includes(value) ? null : MESSAGES.notAChoice;
    }
    case "checkbox": {
      if (!Array.isArray(value)) return MESSAGES.notList;
      const values = choiceValues(question);
      const unique = new Set(value);
      if (unique.size !== value.length) return MESSAGES.notAChoice;
      return value.every((v) => values.includes(v)) ? null : MESSAGES.notAChoice;
    }
    case "comment":
    case "text": {
      const inputType = (question as unknown as { inputType?: string }).inputType;
      if (type === "text" && inputType === "number") {
        return typeof value === "number" && Number.isFinite(value) ? null : MESSAGES.notNumber;
      }
      if (typeof value !== "string") return MESSAGES.notText;
      // Half of a surrogate pair (sent as "\ud800" in JSON) cannot be written as UTF-8: SQLite
      // would keep mangled bytes and the text read back would not be the text sent.
      if (LONE_SURROGATE.test(value)) return MESSAGES.notWellFormed;
      const declared = (question as unknown as { maxLength?: number }).maxLength;
      const max = declared && declared > 0 ? declared : DEFAULT_TEXT_MAX_LENGTH;
      return [...value].length > max ? MESSAGES.tooLong(max) : null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : MESSAGES.notBoolean;
    default:
      return MESSAGES.unsupported;
  }
}

/**
 * Validates raw answers against a SurveyJS model, as the server must: unknown question
 * names, values of the wrong type or outside the choices, answers to questions that were
 * not shown, then SurveyJS's own rules (required, ranges, validators) with French messages.
 * The model is reused between calls (building one costs far more than validating), so
 * callers must not keep references to its state.
 */
export function validateAnswers(model: SurveyModel, answers: Record<string, unknown>): AnswerError[] {
  const errors: AnswerError[] = [];
  const known = new Map<string, Question>();
  for (const q of model.getAllQuestions(false)) known.set(q.name, q);

  for (const name of Object.keys(answers)) {
    if (!known.has(name)) errors.push({ question: name, message: MESSAGES.unknown });
  }
  if (errors.length > 0) return errors;

  model.data = answers;
  const visible = new Set(model.getAllQuestions(true).map((q) => q.name));
  for (const [name, value] of Object.entries(answers)) {
    const question = known.get(name)!;
    if (value === null || value === undefined) continue;
    if (!visible.has(name)) {
      errors.push({ question: name, message: MESSAGES.hidden });
      continue;
    }
    const problem = checkValueShape(question, value);
    if (problem) errors.push({ question: name, message: problem });
  }
  if (errors.length > 0) return errors;

  model.validate(true, false);
  for (const q of model.getAllQuestions(true)) {
    for (const e of q.errors) errors.push({ question: q.name, message: e.getText() });
  }
  return errors;
}
