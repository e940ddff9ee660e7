import { Model, settings, surveyLocalization } from "survey-core";
import "survey-core/i18n/arabic";
import "survey-core/i18n/english";
import "survey-core/i18n/french";
import {
  choiceTilesOf,
  type ChoiceTiles,
  TILE_PICTURE_PX,
  tileClasses,
  TITLE_PICTURE_PX,
} from "./choice-tiles";
import { isNonAnswer } from "./non-answers";
import { splitPictogram } from "./pictogram";
import { pictogramSvg } from "./pictograms";
import { dir, htmlLang, isLocale, LOCALES, message } from "~/i18n/i18n";

/**
 * The one SurveyJS adapter: every SurveyJS model, in the browser or on the server,
 * is made here so both sides read a definition the same way.
 */
export const DEFAULT_LOCALE = "fr";

// With one question per page, the step-button progress bar of the default theme is a row
// of 28 dots on a phone; the classic bar says "Question 3 sur 28", which is what people need.
settings.legacyProgressBarView = true;

// Survey files write French as `default` ({ "default": "…", "en": "…" }): without this,
// SurveyJS would take `default` for English and show French to a person who chose English.
surveyLocalization.defaultLocale = DEFAULT_LOCALE;
// The simplified version is French: SurveyJS's French strings, and the files' `falc` texts
// (falling back to `default` where a question has none).
surveyLocalization.locales["falc"] = { ...surveyLocalization.locales["fr"] };
surveyLocalization.localeNames["falc"] = "français, version simplifiée";
// SurveyJS's own strings that people read, from our dictionaries (app/i18n/*): the send
// button, the progress ("Question 3 sur 28"), the required-answer message and Next / Previous.
for (const locale of LOCALES) {
  const strings = surveyLocalization.locales[locale] as Record<string, string> | undefined;
  if (!strings) throw new Error(`SurveyJS has no strings for ${locale}`);
  strings.completeText = message(locale, "survey.send");
  strings.progressText = message(locale, "survey.progress");
  strings.requiredError = message(locale, "survey.required");
  // The same words as the quick pages drawn before SurveyJS arrives (quick-pages.ts).
  strings.pageNextText = message(locale, "survey.next");
  strings.pagePrevText = message(locale, "survey.previous");
}

export function createSurveyModel(surveyJson: Record<string, unknown>, locale = DEFAULT_LOCALE): Model {
  const model = new Model(surveyJson);
  model.locale = locale;
  return model;
}

function isLocalizedText(value: object, locales: readonly string[]): value is Record<string, string> {
  const entries = Object.entries(value);
  return (
    typeof (value as Record<string, unknown>)["default"] === "string" &&
    entries.every(([k, v]) => typeof v === "string" && (k === "default" || locales.includes(k)))
  );
}

/**
 * The survey JSON with only the strings of one locale (and the French fallback): the phone
 * downloads one language, not four. Everything else is left as it is.
 */
export function surveyJsonFor(
  json: Record<string, unknown>,
  locale: string,
  locales: readonly string[],
): Record<string, unknown> {
  const keep = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(keep);
    if (!value || typeof value !== "object") return value;
    if (isLocalizedText(value, locales)) {
      const text: Record<string, string> = { default: value["default"]! };
      if (locale !== "default" && value[locale] !== undefined) text[locale] = value[locale];
      return text;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keep(v)]));
  };
  return keep(json) as Record<string, unknown>;
}

export type { Model as SurveyModel };

/** Our colours and the system font, over SurveyJS's default theme. */
const THEME_VARIABLES: Record<string, string> = {
  "--sjs-primary-backcolor": "#1d3f8f",
  "--sjs-primary-backcolor-dark": "#132c66",
  "--sjs-primary-backcolor-light": "rgba(29, 63, 143, 0.1)",
  "--sjs-primary-forecolor": "#ffffff",
  "--sjs-general-backcolor-dim": "#f1f4fa",
  "--sjs-font-family": 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  "--sjs-font-size": "17px",
  // Darker than the defaults, for WCAG AA contrast of descriptions and radio outlines.
  "--sjs-general-forecolor": "#161616",
  "--sjs-general-forecolor-light": "#4a4a4a",
  "--sjs-border-default": "rgba(0, 0, 0, 0.45)",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The `lang` of what a survey in `locale` shows: SurveyJS keeps the default locale (French)
 * as "" and its React root then says `lang="en"`; the simplified version is French.
 */
export function surveyHtmlLang(locale: string): "fr" | "en" | "ar" {
  return isLocale(locale) ? htmlLang(locale) : "fr";
}

/** A string SurveyJS can tell us about: its texts by locale ("default" is French). */
interface LocalizedString {
  getLocaleText(locale: string): string;
}

/**
 * The `lang` of a survey string shown in `locale` when it is not that of the survey: "fr"
 * when the string has no text of its own in `locale` and falls back to the French `default`
 * (a missing translation on an English or Arabic page); otherwise undefined.
 */
export function fallbackLang(text: LocalizedString | null | undefined, locale: string): "fr" | undefined {
  if (!text || surveyHtmlLang(locale) === "fr") return undefined;
  // ("" is SurveyJS's default locale: the French text. A string with none, such as a choice
  // shown by its value, is not a French text.)
  return !text.getLocaleText(locale) && text.getLocaleText("") ? "fr" : undefined;
}

/** The localizable string behind a markdown event (a choice's text, or an element's property). */
function localizedStringOf(owner: unknown, name: string): LocalizedString | null {
  const o = owner as { getLocalizableString?: (name: string) => LocalizedString | null } | undefined;
  return o?.getLocalizableString?.(name) ?? null;
}

/** A choice question as the adapter sees it (radiogroup, checkbox): its answers as shown. */
interface WithChoices {
  visibleChoices?: { value: unknown; text: string }[];
}

/** The tiles of a question's answers in `locale` (choice-tiles.ts), or null for a plain list. */
function tilesOf(question: unknown, locale: string): ChoiceTiles | null {
  const choices = (question as WithChoices | null)?.visibleChoices;
  return Array.isArray(choices) ? choiceTilesOf(choices, locale) : null;
}

/**
 * A text's HTML with its leading pictogram drawn as SVG (never as an emoji glyph, which a phone
 * may lack and a screen reader would read out): in a tile above the word for an answer, beside
 * the words for a title. A pictogram without a drawing is left out (tests/unit/pictograms.test.ts
 * keeps the survey files from using one).
 */
export function pictogramHtml(pictogram: string, words: string, place: "choice" | "title" | "text"): string {
  const size = place === "choice" ? TILE_PICTURE_PX : place === "title" ? TITLE_PICTURE_PX : 32;
  const svg = pictogramSvg(pictogram, size);
  if (!svg) return words;
  if (place === "choice")
    return `<span class="tile-picture">${svg}</span><span class="tile-word">${words}</span>`;
  if (place === "title") return `<span class="titled">${svg}<span>${words}</span></span>`;
  return `${svg} ${words}`;
}

/**
 * Display settings for a person answering (browser only): no built-in completed page (the
 * thank-you page is ours), pictograms drawn as SVG and hidden from screen readers, which
 * would read out the emoji's name, answers with a picture (and every answer in the simplified
 * version) as large tiles, and every element saying the language of its text (screen readers
 * choose their voice by it).
 */
export function prepareForRespondent(model: Model): Model {
  model.showCompletedPage = false;
  const locale = model.locale || DEFAULT_LOCALE;
  const lang = surveyHtmlLang(locale);
  // survey-react-ui draws its root with `lang={survey.locale || "en"}`: "en" for French (the
  // default locale is kept as ""), "falc" for the simplified version. Say the real language
  // once the root is mounted; React leaves the attribute alone while that prop is unchanged.
  model.onAfterRenderSurvey.add((_sender, options) => {
    const root = options.htmlElement;
    if (root instanceof HTMLElement) {
      root.lang = lang;
      root.dir = dir(isLocale(locale) ? locale : DEFAULT_LOCALE);
    }
  });
  // The simplified version is read in large type (docs/writing.md: at least 14 pt on paper).
  const large: Record<string, string> = model.locale === "falc" ? { "--sjs-font-size": "20px" } : {};
  model.applyTheme({ cssVariables: { ...THEME_VARIABLES, ...large }, isPanelless: true });
  // Tiles: a class on the answers' container (the layout, app/styles/app.css "Answer tiles"), and
  // on the first non-answer, which starts a row of its own.
  model.onUpdateQuestionCssClasses.add((_sender, options) => {
    const tiles = tilesOf(options.question, locale);
    if (tiles) options.cssClasses.root = `${options.cssClasses.root ?? ""} ${tileClasses(tiles)}`.trim();
  });
  model.onUpdateChoiceItemCss.add((_sender, options) => {
    const question = options.question as unknown as WithChoices;
    if (!isNonAnswer(options.item.value) || !tilesOf(question, locale)) return;
    const first = question.visibleChoices?.find((c) => isNonAnswer(c.value));
    options.css = `${options.css} tile-aside${first?.value === options.item.value ? " tile-aside-first" : ""}`;
  });
  model.onTextMarkdown.add((_sender, options) => {
    const { pictogram, text } = splitPictogram(options.text);
    // A text missing in this language shows its French: it says so, for the voice to change.
    const fallback = fallbackLang(localizedStringOf(options.item ?? options.element, options.name), locale);
    const words = fallback
      ? `<span lang="${fallback}" dir="ltr">${escapeHtml(text)}</span>`
      : escapeHtml(text);
    if (pictogram) {
      const place = options.item ? "choice" : options.name === "title" ? "title" : "text";
      options.html = pictogramHtml(pictogram, words, place);
    } else if (fallback) {
      options.html = words;
    }
  });
  return model;
}
