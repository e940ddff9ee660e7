import { ar } from "~/i18n/ar";
import { en } from "~/i18n/en";
import { falc } from "~/i18n/falc";
import { fr, type MessageKey, type Messages } from "~/i18n/fr";
import { formatDate, formatPercent, formatTime } from "./format";

export type { MessageKey, Messages };

/**
 * The languages of the respondent pages (docs/decisions/012-languages.md). `falc` is French
 * in the easy-to-read style: `<html lang="fr">`, shown to people as "Français, version
 * simplifiée" until people with intellectual disabilities have proofread it.
 */
export const LOCALES = ["fr", "en", "ar", "falc"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

export const DICTIONARIES: Record<Locale, Messages> = { fr, en, ar, falc };

/** Each language named in itself, as the language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  fr: "Français",
  en: "English",
  ar: "العربية",
  falc: "Français, version simplifiée",
};

/** The landing's offer of the simplified version: French on purpose, whatever the page's language. */
export const SIMPLIFIED_OFFER = "Version simplifiée : des phrases courtes, des images";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function dir(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** The `lang` attribute: the simplified version is French. */
export function htmlLang(locale: Locale): "fr" | "en" | "ar" {
  return locale === "falc" ? "fr" : locale;
}

/** Pages that stay French whatever the person chose: the coordinators' area and its sign-in. */
export function isFrenchOnlyPath(pathname: string): boolean {
  return /^\/(tableau|connexion|deconnexion)(\/|$)/.test(pathname);
}

/** The locale a survey is shown in: the page's, when the survey is written in it, else the survey's first. */
export function surveyLocaleFor(surveyLocales: readonly string[], locale: Locale): string {
  return surveyLocales.includes(locale) ? locale : (surveyLocales[0] ?? DEFAULT_LOCALE);
}

export type MessageVars = Record<string, string | number>;

/** The raw text of a message (SurveyJS's own `{0}` placeholders are left as they are). */
export function message(locale: Locale, key: MessageKey): string {
  return DICTIONARIES[locale][key];
}

/**
 * A message with its variables filled in: `{name}`, and plurals written as in ICU
 * MessageFormat, `{count, plural, =0 {…} one {# thing} other {# things}}` (`#` is the
 * number; categories follow Intl.PluralRules, so Arabic may use zero/one/two/few/many).
 */
export function t(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  return formatMessage(DICTIONARIES[locale][key], locale, vars);
}

export function formatMessage(text: string, locale: Locale, vars: MessageVars): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "{") {
      const end = closingBrace(text, i);
      out += formatArgument(text.slice(i + 1, end), locale, vars);
      i = end + 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  throw new Error(`unbalanced braces in message: ${text}`);
}

interface Argument {
  name: string;
  /** Plural options by selector ("=0", "one", "other"…), or null for a plain `{name}`. */
  options: Map<string, string> | null;
}

function parseArgument(inner: string): Argument {
  const comma = inner.indexOf(",");
  if (comma === -1) return { name: inner.trim(), options: null };
  const name = inner.slice(0, comma).trim();
  const rest = inner.slice(comma + 1);
  const second = rest.indexOf(",");
  const type = rest.slice(0, second).trim();
  if (second === -1 || type !== "plural") throw new Error(`unsupported argument: {${inner}}`);
  const options = new Map<string, string>();
  const body = rest.slice(second + 1);
  let i = 0;
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i]!)) i += 1;
    if (i >= body.length) break;
    let selector = "";
    while (i < body.length && body[i] !== "{" && !/\s/.test(body[i]!)) selector += body[i++];
    while (i < body.length && /\s/.test(body[i]!)) i += 1;
    if (body[i] !== "{" || !selector) throw new Error(`malformed plural: {${inner}}`);
    const end = closingBrace(body, i);
    options.set(selector, body.slice(i + 1, end));
    i = end + 1;
  }
  if (!options.has("other")) throw new Error(`plural without "other": {${inner}}`);
  return { name, options };
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(locale: Locale, n: number): string {
  const lang = htmlLang(locale);
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

function formatArgument(inner: string, locale: Locale, vars: MessageVars): string {
  const arg = parseArgument(inner);
  const value = vars[arg.name];
  if (!arg.options) return value === undefined ? `{${arg.name}}` : String(value);
  const n = Number(value);
  const chosen =
    arg.options.get(`=${n}`) ?? arg.options.get(pluralCategory(locale, n)) ?? arg.options.get("other")!;
  return formatMessage(chosen.replace(/#/g, String(n)), locale, vars);
}

/** The variable names a message uses, plural arguments included (for the dictionary test). */
export function messageVariables(text: string): Set<string> {
  const names = new Set<string>();
  let i = 0;
  while (i < text.length) {
    if (text[i] === "{") {
      const end = closingBrace(text, i);
      const arg = parseArgument(text.slice(i + 1, end));
      names.add(arg.name);
      for (const option of arg.options?.values() ?? []) {
        for (const name of messageVariables(option)) names.add(name);
      }
      i = end + 1;
    } else i += 1;
  }
  return names;
}

// Numbers stay in Western digits in every language: they are what families in France read
// on letters and at school, Arabic speakers included (Maghreb usage).
const dateFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Paris",
  }),
  ar: new Intl.DateTimeFormat("ar-u-nu-latn", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Paris",
  }),
};
const timeFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", timeZone: "Europe/Paris" }),
  ar: new Intl.DateTimeFormat("ar-u-nu-latn", {
    hour: "numeric",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/Paris",
  }),
};
const percentFormats: Partial<Record<Locale, Intl.NumberFormat>> = {
  en: new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 }),
  ar: new Intl.NumberFormat("ar-u-nu-latn", { style: "percent", maximumFractionDigits: 0 }),
};

/** "12 mars 2027", "12 March 2027", "12 مارس 2027". */
export function formatDateIn(locale: Locale, iso: string): string {
  return dateFormats[locale]?.format(new Date(iso)) ?? formatDate(iso);
}

/** "9 h 30", "09:30". */
export function formatTimeIn(locale: Locale, iso: string): string {
  return timeFormats[locale]?.format(new Date(iso)) ?? formatTime(iso);
}

/** "63 %", "63%". */
export function formatPercentIn(locale: Locale, share: number): string {
  return percentFormats[locale]?.format(share) ?? formatPercent(share);
}
