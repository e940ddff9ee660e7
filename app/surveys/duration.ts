// How long a questionnaire takes, as the landing page and the poster state it (issue 14, part 10).
// The rule, written down in docs/writing.md ("Durations"):
//   minutes = ceil(words / 100 + screens × 5 s / 60)
// - words: every word a person reads on the screens, in that language: each question's title and
//   description, each answer's text (the scale is read on every screen), pages' titles and
//   descriptions;
// - 100 words a minute: a slow reader's pace (a fluent adult reads about 240 words a minute
//   silently; people with low literacy, or following the read-aloud voice, about half of that);
// - 5 s a screen: tapping an answer, then "Suivant".
import type { SurveyDefinition } from "./definition";
import { localizedText } from "./localized-text";
import { placedQuestionsOf, type QuestionJson } from "./questions";

export const READING_WORDS_PER_MINUTE = 100;
export const SECONDS_PER_SCREEN = 5;

const countWords = (text: string) => text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** The words a person reads on a question's screen, in `locale`. */
function wordsOfQuestion(q: QuestionJson, locale: string): number {
  let words = countWords(localizedText(q.title, locale)) + countWords(localizedText(q.description, locale));
  for (const choice of q.choices ?? []) {
    words += countWords(
      typeof choice === "object"
        ? localizedText(choice.text, locale) || String(choice.value)
        : String(choice),
    );
  }
  return words;
}

export interface Reading {
  words: number;
  screens: number;
  minutes: number;
}

/** The words, the screens (one question a screen, decision 004) and the stated minutes, in `locale`. */
export function readingOf(def: Pick<SurveyDefinition, "survey">, locale: string): Reading {
  const placed = placedQuestionsOf(def);
  let words = 0;
  for (const { question } of placed) words += wordsOfQuestion(question, locale);
  const pages = (def.survey.pages ?? []) as { title?: unknown; description?: unknown }[];
  for (const page of pages) {
    words +=
      countWords(localizedText(page.title, locale)) + countWords(localizedText(page.description, locale));
  }
  const screens = placed.length;
  const minutes = Math.max(
    1,
    Math.ceil(words / READING_WORDS_PER_MINUTE + (screens * SECONDS_PER_SCREEN) / 60),
  );
  return { words, screens, minutes };
}
