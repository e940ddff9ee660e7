// The survey's first question as plain data, for the server to render as HTML before the
// SurveyJS bundle (360 KB gzip) has arrived on a slow phone: the person reads it and may
// already tap an answer; SurveyJS takes over with that answer (issue 5, decision 013).
import { type FaceKind, faceOf } from "./faces";
import { splitPictogram } from "./pictogram";
import { localizedText } from "./localized-text";

export interface FirstQuestion {
  name: string;
  title: string;
  /** A leading pictogram of the title (the simplified version has one per question). */
  pictogram: string | null;
  description: string | null;
  choices: { value: string | number; label: string; face: FaceKind | null }[];
}

type RawQuestion = {
  type?: string;
  name?: string;
  title?: unknown;
  description?: unknown;
  choices?: { value: string | number; text?: unknown }[];
  visibleIf?: string;
};

/**
 * The first page's question when it is a plain single choice shown to everyone; null
 * otherwise (then the page shows only the loading message, as before).
 */
export function firstQuestionOf(survey: Record<string, unknown>, locale: string): FirstQuestion | null {
  const pages = survey.pages as { elements?: RawQuestion[] }[] | undefined;
  const q = pages?.[0]?.elements?.[0];
  if (!q || q.type !== "radiogroup" || !q.name || !q.choices || q.visibleIf) return null;
  const title = splitPictogram(localizedText(q.title, locale));
  const description = q.description === undefined ? "" : localizedText(q.description, locale);
  return {
    name: q.name,
    title: title.text,
    pictogram: title.pictogram,
    description: description || null,
    choices: q.choices.map((c) => {
      const label = localizedText(c.text ?? String(c.value), locale);
      const { pictogram, text } = splitPictogram(label);
      const face = pictogram ? faceOf(pictogram) : null;
      return { value: c.value, label: face ? text : label, face };
    }),
  };
}
