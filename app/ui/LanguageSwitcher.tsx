import { useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/react";
import { htmlLang, LOCALE_NAMES, LOCALES, type Locale, SIMPLIFIED_OFFER } from "~/i18n/i18n";
import { Pictogram } from "./Pictogram";

/** The same page in another language: the current address with `?lang=` (kept in a cookie). */
export function useLanguageHref(): (locale: Locale) => string {
  const { pathname, search } = useLocation();
  return (locale) => {
    const params = new URLSearchParams(search);
    params.set("lang", locale);
    return `${pathname}?${params.toString()}`;
  };
}

/**
 * What the switcher shows: short, so the four fit on one line of a 360 px phone; each in its own
 * language. The simplified French is "Simplifié" on screen and "Français simplifié" to screen
 * readers (the accessible name contains the visible word: WCAG 2.5.3).
 */
const SHORT_NAMES: Record<Locale, { text: string; label?: string }> = {
  fr: { text: "Français" },
  en: { text: "English" },
  ar: { text: "العربية" },
  falc: { text: "Simplifié", label: LOCALE_NAMES.falc },
};

/**
 * Plain links, so they work without JavaScript; each language is named in itself. A full
 * page load switches `lang`, `dir` and every string at once; the questionnaire resumes on
 * the same question with the answers kept on the phone.
 */
export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useT();
  const href = useLanguageHref();
  return (
    <nav className="lang-switcher" aria-label={t("layout.languages")}>
      <ul>
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={href(code)}
              lang={htmlLang(code)}
              hrefLang={htmlLang(code)}
              aria-current={code === locale ? "true" : undefined}
              aria-label={SHORT_NAMES[code].label}
            >
              {SHORT_NAMES[code].text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The landing's offer of the simplified version, in French whatever the page's language
 * (it is a French version), with a picture for those who read little.
 */
export function SimplifiedOffer() {
  const locale = useLocale();
  const href = useLanguageHref();
  if (locale === "falc") return null;
  return (
    <p className="simplified-offer" lang="fr" dir="ltr">
      <a href={href("falc")}>
        <Pictogram kind="simplified" />
        <span>{SIMPLIFIED_OFFER}</span>
      </a>
    </p>
  );
}
