import { isSecureRequest } from "~/web/http.server";
import { DEFAULT_LOCALE, isFrenchOnlyPath, isLocale, type Locale } from "./i18n";

// The language of the respondent pages (docs/decisions/012-languages.md): `?lang=xx` on any
// page chooses it and is remembered in a cookie for a year; otherwise the cookie; otherwise
// French. Accept-Language never chooses: it only suggests (see `suggestedLocale`).

export const LOCALE_COOKIE = "coeduc_lang";
const ONE_YEAR = 365 * 24 * 60 * 60;

function cookieLocale(request: Request): Locale | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return null;
}

function queryLocale(request: Request): Locale | null {
  const asked = new URL(request.url).searchParams.get("lang");
  return isLocale(asked) ? asked : null;
}

/** The Set-Cookie header that remembers a chosen language on this device. */
export function localeCookie(request: Request, locale: Locale): string {
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax${secure}`;
}

/**
 * The locale of this request, and the cookie to set when the link chose one. The
 * coordinators' area is always French.
 */
export function resolveLocale(request: Request): { locale: Locale; setCookie: string | null } {
  if (isFrenchOnlyPath(new URL(request.url).pathname)) return { locale: DEFAULT_LOCALE, setCookie: null };
  const asked = queryLocale(request);
  if (asked) return { locale: asked, setCookie: localeCookie(request, asked) };
  return { locale: cookieLocale(request) ?? DEFAULT_LOCALE, setCookie: null };
}

/** The locale of this request (for loaders and actions that write messages). */
export function getLocale(request: Request): Locale {
  return resolveLocale(request).locale;
}

/**
 * A language the browser prefers to French, among ours, when the person has not chosen
 * yet: the page then offers it (in that language), and changes nothing by itself.
 */
export function suggestedLocale(request: Request): Locale | null {
  if (queryLocale(request) || cookieLocale(request)) return null;
  const ranked = (request.headers.get("Accept-Language") ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.split("-")[0]!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.lang && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const first = ranked.find((l) => l.lang === "fr" || l.lang === "en" || l.lang === "ar");
  return first && first.lang !== "fr" ? (first.lang as Locale) : null;
}
