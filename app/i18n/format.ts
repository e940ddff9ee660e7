const dateFormat = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
});

/** "12 mars 2027", "1er mars 2027": dates are written out for respondents (docs/writing.md). */
export function formatDate(iso: string): string {
  // Intl writes "1 mars"; French writes the first day of a month as an ordinal.
  return dateFormat.format(new Date(iso)).replace(/^1 /, "1er ");
}

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Paris",
});

/** "12 mars 2027 à 14:05" (Paris time). */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** 0.625 → "63 %". */
export function formatPercent(share: number): string {
  return percent.format(share);
}

/** 62.5 → "62,5". */
export function formatDecimal(value: number): string {
  return decimal1.format(value);
}

const timeFormat = new Intl.DateTimeFormat("fr-FR", {
  hour: "numeric",
  minute: "2-digit",
  timeZone: "Europe/Paris",
});

/** "14 h 05", "9 h 30" (Paris time): a time of day, as French writes it for readers. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso)).replace(":", " h ");
}
