// The short form of a questionnaire (issue 14, part 3), derived from its long form: the same
// file, the same version, the same scale, only the pages of the questions listed in `short`. Its
// scoring keeps the short form's items only, so a short response's dimension score is the mean of
// the items it was asked, on the same 0–100 scale and under the same half rule. Pure.
import type { QuestionnaireForm } from "../../db/schema";
import type { SurveyDefinition } from "./definition";
import type { QuestionJson } from "./questions";

export type { QuestionnaireForm };
export const QUESTIONNAIRE_FORMS = ["long", "short"] as const satisfies readonly QuestionnaireForm[];

/** Whether the questionnaire has a short form. */
export function hasShortForm(def: { short?: readonly string[] | undefined; id?: string }): boolean {
  return (def.short?.length ?? 0) > 0;
}

const shortForms = new WeakMap<SurveyDefinition, SurveyDefinition>();

/**
 * The definition of one form: the long form is the file itself; the short form keeps, in page
 * order, the elements named in `short` (a page left empty is dropped) and their scoring entries.
 * Throws when asked for a short form the file does not have.
 */
export function formOf(def: SurveyDefinition, form: QuestionnaireForm): SurveyDefinition {
  if (form === "long") return def;
  const cached = shortForms.get(def);
  if (cached) return cached;
  if (!hasShortForm(def)) throw new Error(`${def.id}.v${def.version} has no short form`);
  const keep = new Set(def.short);
  const pages = ((def.survey.pages ?? []) as { elements?: QuestionJson[] }[])
    .map((page) => ({ ...page, elements: (page.elements ?? []).filter((e) => e.name && keep.has(e.name)) }))
    .filter((page) => page.elements.length > 0);
  const scoring = Object.fromEntries(Object.entries(def.scoring).filter(([name]) => keep.has(name)));
  const short: SurveyDefinition = { ...def, scoring, survey: { ...def.survey, pages } };
  shortForms.set(def, short);
  return short;
}
