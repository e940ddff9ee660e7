import type { SurveyDefinition } from "./definition";

export interface QuestionJson {
  type?: string;
  name?: string;
  inputType?: string;
  title?: unknown;
  description?: unknown;
  visibleIf?: string;
  choices?: ({ value: unknown; text?: unknown } | string | number)[];
  elements?: QuestionJson[];
}

/** A question where the walker found it: its page (null outside pages) and the panels around it. */
export interface PlacedQuestion {
  question: QuestionJson;
  page: number | null;
  panels: QuestionJson[];
}

/**
 * The one walk of a survey's JSON: every question in page order (panels flattened), with its
 * place. Elements with neither a name nor elements are skipped.
 */
export function placedQuestionsOf(def: Pick<SurveyDefinition, "survey">): PlacedQuestion[] {
  const out: PlacedQuestion[] = [];
  const walk = (elements: QuestionJson[] | undefined, page: number | null, panels: QuestionJson[]) => {
    for (const e of elements ?? []) {
      if (e.elements) walk(e.elements, page, [...panels, e]);
      else if (e.name) out.push({ question: e, page, panels });
    }
  };
  const pages = (def.survey.pages ?? []) as { elements?: QuestionJson[] }[];
  for (const [index, page] of pages.entries()) walk(page.elements, index, []);
  walk(def.survey.elements as QuestionJson[] | undefined, null, []);
  return out;
}

/** Every question of a definition, in page order (panels flattened), read from its JSON. */
export function questionsOf(def: Pick<SurveyDefinition, "survey">): QuestionJson[] {
  return placedQuestionsOf(def).map((p) => p.question);
}

/** A choice's value and its text (French default when the text is multi-locale). */
export function choicesOf(q: QuestionJson): { value: unknown; text: string }[] {
  return (q.choices ?? []).map((c) => {
    if (typeof c !== "object") return { value: c, text: String(c) };
    const text =
      typeof c.text === "string"
        ? c.text
        : ((c.text as Record<string, string> | undefined)?.default ?? String(c.value));
    return { value: c.value, text };
  });
}

/** A question's title as plain text (French default when multi-locale). */
export function titleOf(q: QuestionJson): string {
  if (typeof q.title === "string") return q.title;
  const t = q.title as Record<string, string> | undefined;
  return t?.default ?? t?.fr ?? q.name ?? "";
}

export interface QuestionRoles {
  /** Unscored choice questions (single choice, or checkboxes: each option), counted as distributions. */
  choices: string[];
  /** Free-text questions. */
  texts: string[];
}

/** Which questions of a survey feed distributions and which are free text. */
export function questionRoles(def: Pick<SurveyDefinition, "survey" | "scoring">): QuestionRoles {
  const choices: string[] = [];
  const texts: string[] = [];
  for (const q of questionsOf(def)) {
    if (!q.name || def.scoring[q.name]) continue;
    if (q.type === "radiogroup" || q.type === "dropdown" || q.type === "checkbox") choices.push(q.name);
    else if (q.type === "comment" || (q.type === "text" && q.inputType !== "number")) texts.push(q.name);
  }
  return { choices, texts };
}
