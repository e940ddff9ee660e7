const dateFormat = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
});

/** "12 mars 2027": dates are written out for respondents (WRITING.md). */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
