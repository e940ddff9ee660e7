import type { SizeStatus } from "~/indicators/stats";
// Formatting of the protected figures (app/indicators/indicators.server.ts) for screen and print.
// A hidden figure has null numbers: these helpers never invent a number for it.
import { formatDecimal } from "~/i18n/format";
import { HIDDEN_CELL } from "~/indicators/labels";

const integer = new Intl.NumberFormat("fr-FR");
const percent0 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const signed0 = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0, signDisplay: "exceptZero" });
const signed1 = new Intl.NumberFormat("fr-FR", {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
  signDisplay: "exceptZero",
});

/** 1234 → "1 234"; null → "masqué". */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? HIDDEN_CELL : integer.format(n);
}

/** 0.625 → "63 %" (share of 0–1 as a whole percentage). */
export function pct(share: number): string {
  return `${percent0.format(share * 100)}\u202f%`;
}

/** [0.55, 0.70] → "55 à 70 %". */
export function interval(ci: readonly [number, number]): string {
  return `${percent0.format(ci[0] * 100)} à ${percent0.format(ci[1] * 100)}\u202f%`;
}

/** A share difference in percentage points: 0.052 → "+5 pts". */
export function points(difference: number): string {
  return `${signed0.format(difference * 100)}\u00a0pt${Math.abs(Math.round(difference * 100)) >= 2 ? "s" : ""}`;
}

/** A difference interval in points: [-0.03, 0.13] → "−3 à +13 pts". */
export function pointsInterval(ci: readonly [number, number]): string {
  return `${signed0.format(ci[0] * 100)} à ${signed0.format(ci[1] * 100)}\u00a0pts`;
}

/** A mean score 0–100: 62.5 → "62,5"; an indicative group's (rounded to whole points, decision 021) → "62". */
export function score(mean: number, status?: SizeStatus): string {
  return status === "indicative" ? String(Math.round(mean)) : formatDecimal(mean);
}

/** A signed difference of mean scores: 3.2 → "+3,2". */
export function signedScore(difference: number): string {
  return signed1.format(difference);
}

const shortDay = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "short", timeZone: "UTC" });

/** A week by its Monday (YYYY-MM-DD, UTC): "3 nov.". */
export function weekLabel(monday: string): string {
  return shortDay.format(new Date(`${monday}T00:00:00Z`));
}

/** Cronbach's alpha with two decimals: 0.8 → "0,80". */
export function alpha(value: number): string {
  return value.toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "1 réponse", "12 réponses". */
export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** Whether a difference interval lies wholly on one side of zero. */
export function isClearChange(ci: readonly [number, number]): boolean {
  return ci[0] > 0 || ci[1] < 0;
}

/** Recharts wants numbers on 0–100 and asymmetric errors as offsets from the value. */
export function barDatum(favourable: number | null, ci: readonly [number, number] | null) {
  if (favourable === null || ci === null) return { value: null, error: null };
  const value = favourable * 100;
  return {
    value,
    error: [Math.max(0, value - ci[0] * 100), Math.max(0, ci[1] * 100 - value)] as [number, number],
  };
}
