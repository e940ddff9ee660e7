// The survey's first question as plain data, for the server to render as HTML before the
// SurveyJS bundle (360 KB gzip) has arrived on a slow phone: the person reads it and may
// already tap an answer; SurveyJS takes over with that answer (issue 5, decision 013).
import { type ChoiceTiles, choiceTilesOf } from "./choice-tiles";
import { type FaceKind, faceOf } from "./faces";
import { splitPictogram } from "./pictogram";
import { localizedText } from "./localized-text";
import { placedQuestionsOf } from "./questions";

export interface FirstQuestion {
  name: string;
  /** The language it is shown in (the questionnaire's: read-aloud picks its voice by it). */
  locale: string;
  title: string;
  /** A leading pictogram of the title (the simplified version has one per question). */
  pictogram: string | null;
  description: string | null;
  /** Each answer: its words, and its leading pictogram apart (`face` when it is a face). */
  choices: { value: string | number; label: string; pictogram: string | null; face: FaceKind | null }[];
  /** Answers drawn as large tiles (choice-tiles.ts, the same rule as in SurveyJS), or null. */
  tiles: ChoiceTiles | null;
}

/**
 * The first page's question when it is a plain single choice shown to everyone; null
 * otherwise (then the page shows only the loading message, as before).
 */
export function firstQuestionOf(survey: Record<string, unknown>, locale: string): FirstQuestion | null {
  const first = placedQuestionsOf({ survey })[0];
  // Only a question standing first on the first page, outside any panel (a panel may hide it).
  if (!first || first.page !== 0 || first.panels.length > 0) return null;
  const q = first.question;
  if (q.type !== "radiogroup" || !q.name || !q.choices || q.visibleIf) return null;
  const title = splitPictogram(localizedText(q.title, locale));
  const description = q.description === undefined ? "" : localizedText(q.description, locale);
  const choices = q.choices.map((choice) => {
    const c = typeof choice === "object" ? choice : { value: choice };
    const value = c.value as string | number;
    const shown = localizedText(c.text ?? String(value), locale);
    const { pictogram, text } = splitPictogram(shown);
    return { value, shown, label: text, pictogram, face: pictogram ? faceOf(pictogram) : null };
  });
  return {
    name: q.name,
    locale,
    title: title.text,
    pictogram: title.pictogram,
    description: description || null,
    choices: choices.map(({ value, label, pictogram, face }) => ({ value, label, pictogram, face })),
    tiles: choiceTilesOf(
      choices.map((c) => ({ value: c.value, text: c.shown })),
      locale,
    ),
  };
}
