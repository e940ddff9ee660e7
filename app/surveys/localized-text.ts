/**
 * A string of a survey definition may be plain text or SurveyJS's multi-locale object
 * `{ "default": "<French>", "en": "…", "ar": "…", "falc": "…" }`: the French text sits
 * under `default` (French is the default locale; there is no `fr` key).
 */
export type LocalizedValue = string | Readonly<Record<string, string>>;

/** The default locale of every survey: its text is the object's `default`. */
export const DEFAULT_TEXT_LOCALE = "fr";

function textAt(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const text = record[key];
  return typeof text === "string" && text !== "" ? text : undefined;
}

/**
 * The text of a survey string in `locale`. Plain text is returned as it is. From a
 * multi-locale object: the locale's own text (a regional code such as `en-GB` falls back to
 * `en`), else the French `default`, else a `fr` key, else the object's first text. Anything
 * else (absent, not text) gives "".
 */
export function localizedText(value: unknown, locale: string = DEFAULT_TEXT_LOCALE): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
  const record = value as Readonly<Record<string, unknown>>;
  const base = locale.split("-")[0]!;
  return (
    textAt(record, locale) ??
    textAt(record, base) ??
    textAt(record, "default") ??
    textAt(record, DEFAULT_TEXT_LOCALE) ??
    Object.keys(record)
      .map((key) => textAt(record, key))
      .find((text) => text !== undefined) ??
    ""
  );
}
