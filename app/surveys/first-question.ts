// The survey's first question as plain data, for the server to render as HTML before the
// SurveyJS bundle (360 KB gzip) has arrived on a slow phone: the person reads it and may
// already tap an answer; SurveyJS takes over with that answer (issue 5, decision 013).
import { FACE_BY_EMOJI, type FaceKind } from "./faces";
import { localizedText } from "./localized-text";

export interface FirstQuestion {
  name: string;
  title: string;
  /** A leading pictogram of the title (the simplified version has one per question). */
  pictogram: string | null;
  description: string | null;
  choices: { value: string | number; label: string; face: FaceKind | null }[];
}

const LEADING = /^(\p{Extended_Pictographic}\uFE0F?)\s+(.*)$/su;

function split(text: string): { lead: string | null; rest: string } {
  const match = LEADING.exec(text);
  return match ? { lead: match[1]!, rest: match[2]! } : { lead: null, rest: text };
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
  const title = split(localizedText(q.title, locale));
  const description = q.description === undefined ? "" : localizedText(q.description, locale);
  return {
    name: q.name,
    title: title.rest,
    pictogram: title.lead,
    description: description || null,
    choices: q.choices.map((c) => {
      const text = split(localizedText(c.text ?? String(c.value), locale));
      const face = text.lead ? (FACE_BY_EMOJI[text.lead.replace("\uFE0F", "")] ?? null) : null;
      return {
        value: c.value,
        label: face ? text.rest : localizedText(c.text ?? String(c.value), locale),
        face,
      };
    }),
  };
}
