// Read-aloud with the browser's own speech synthesis: no audio files to record for three
// languages, nothing sent to a third party. Pure helpers here; the button is
// app/ui/ReadAloud.tsx.
import { splitPictogram } from "./pictogram";

/** What is read for one question: its title, its description, then its choices, as sentences. */
export function readAloudText(question: {
  title: string;
  description?: string;
  choices?: readonly string[];
}): string {
  const clean = (s: string) => splitPictogram(s).text.replace(/\s+/g, " ").trim();
  const parts = [clean(question.title)];
  if (question.description) parts.push(clean(question.description));
  const choices = (question.choices ?? []).map(clean).filter(Boolean);
  if (choices.length > 0) parts.push(choices.join(". "));
  // A full stop between parts makes voices pause; none is added after one already there.
  return parts
    .filter(Boolean)
    .map((p) => (/[.!?؟…:]$/u.test(p) ? p : `${p}.`))
    .join(" ");
}

/** The language tag voices are matched on: "falc" is French. */
export function speechLang(locale: string): string {
  if (locale === "falc") return "fr";
  return locale;
}

/**
 * The best voice for a language: one whose `lang` is exactly the language ("fr-FR" for "fr"
 * prefers the country's main variant), else any of the same language; undefined when the
 * phone has none — the button then says so.
 */
export function pickVoice<V extends { lang: string; localService?: boolean; default?: boolean }>(
  voices: readonly V[],
  locale: string,
): V | undefined {
  const lang = speechLang(locale).toLowerCase();
  const same = voices.filter((v) => v.lang.toLowerCase().replace("_", "-").split("-")[0] === lang);
  if (same.length === 0) return undefined;
  const preferred: Record<string, string> = { fr: "fr-fr", en: "en-gb", ar: "ar-sa" };
  const score = (v: V) =>
    (v.lang.toLowerCase().replace("_", "-") === preferred[lang] ? 4 : 0) +
    (v.localService ? 2 : 0) +
    (v.default ? 1 : 0);
  return [...same].sort((a, b) => score(b) - score(a))[0];
}
