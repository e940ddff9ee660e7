import { type AgeBand, type Audience, DIMENSIONS, type Dimension } from "~/surveys/audiences";
import { COUNT_NOISE_SD, cellIdentity, type KeyedTotals, perturbTotals } from "~/indicators/disclosure";
import { indicatorFromAggregates, type SizeStatus, Z95 } from "~/indicators/stats";
import { isShown } from "~/indicators/suppression";
import type { SurveyDefinition } from "~/surveys/definition";
import { getEnv } from "~/env.server";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import type { ReleasedTotals } from "./release.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";

// One cell's figure as every view shows it (dashboard, report, CSV, API, public page, national
// view, wave comparison): perturbed from its released totals (decision 021), or hidden.

/** One dimension's figure for one group; numbers are null when the group is hidden. */
export interface DimensionFigure {
  dimension: Dimension;
  n: number | null;
  mean: number | null;
  /** Share (0–1) of responses with a favourable score. */
  favourable: number | null;
  /** Wilson 95 % interval of `favourable`. */
  ci: [number, number] | null;
  status: SizeStatus;
}

export type Agg = KeyedTotals;
export const EMPTY: Agg = { n: 0, sum: 0, sumSquares: 0, favourable: 0, keySum: 0 };

export function addAgg(a: Agg, b: Agg): Agg {
  return {
    n: a.n + b.n,
    sum: a.sum + b.sum,
    sumSquares: a.sumSquares + b.sumSquares,
    favourable: a.favourable + b.favourable,
    keySum: a.keySum + b.keySum,
  };
}

export function aggOf(r: {
  n: number;
  sum: number;
  sum_squares: number;
  favourable: number;
  key_sum: number;
}): Agg {
  return { n: r.n, sum: r.sum, sumSquares: r.sum_squares, favourable: r.favourable, keySum: r.key_sum };
}

function hiddenFigure(dimension: Dimension): DimensionFigure {
  return { dimension, n: null, mean: null, favourable: null, ci: null, status: "hidden" };
}

/**
 * A figure from running totals, or a hidden one (no numbers) when `hide` or n < 10. Shown
 * figures are perturbed by their cell key (decision 021): the same responses give the same
 * figure wherever it appears. Groups under 30 get their mean in whole points; the interval
 * of the favourable share is widened by the count noise. `label` names the statistic in the
 * noise draws: the dimension, or for a score on some of its items only (wave comparisons across
 * versions), the dimension and those items (waves.server.ts).
 */
export function figureFrom(
  dimension: Dimension,
  agg: Agg,
  identity: string,
  hide = false,
  label: string = dimension,
): DimensionFigure {
  if (hide || !isShown(agg.n)) return hiddenFigure(dimension);
  const f = indicatorFromAggregates(perturbTotals(agg, label, identity));
  const mean = f.status === "indicative" ? Math.round(f.mean) : f.mean;
  return {
    dimension,
    n: f.n,
    mean,
    favourable: f.favourable,
    ci: widened(f.favourable, f.ci, f.n),
    status: f.status,
  };
}

/** A Wilson interval widened by the count noise (its standard deviation over n, in quadrature). */
function widened(p: number, [lower, upper]: [number, number], n: number): [number, number] {
  const extra = (Z95 * COUNT_NOISE_SD) / n;
  const lo = p - Math.sqrt((p - lower) ** 2 + extra ** 2);
  const hi = p + Math.sqrt((upper - p) ** 2 + extra ** 2);
  return [round3(Math.max(0, lo)), round3(Math.min(1, hi))];
}

/** The campaign's survey definitions by audience (individual audiences only). */
export function definitionsByAudience(campaign: CampaignWithSurveys): Map<Audience, SurveyDefinition> {
  const map = new Map<Audience, SurveyDefinition>();
  for (const s of campaign.surveys) {
    const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
    if (def && def.audience !== "C") map.set(def.audience, def);
  }
  return map;
}

export function dimensionsOf(def: SurveyDefinition): Dimension[] {
  const used = new Set(Object.values(def.scoring).map((s) => s.dimension));
  return DIMENSIONS.filter((d) => used.has(d));
}

/**
 * The persistent identity of a cell (decision 021): its campaign, audience and age band
 * ("*": every band), keyed by the server's secret. The same cell has the same identity in
 * every view (dashboard, report, CSV, API, public page, national view, wave comparison).
 */
export function identityOf(campaignId: number, audience: Audience, band: AgeBand | "*" = "*"): string {
  const key = `${campaignId}|${audience}|${band}`;
  let identity = identities.get(key);
  if (identity === undefined) {
    if (identities.size >= 20_000) identities.clear();
    identity = cellIdentity(getEnv().SESSION_SECRET, campaignId, audience, band);
    identities.set(key, identity);
  }
  return identity;
}
const identities = new Map<string, string>();

/** A released campaign's totals per audience × dimension, all bands together (the dashboard's group cells). */
export function totalsByAudienceDimension(totals: ReleasedTotals): Map<string, Agg> {
  const map = new Map<string, Agg>();
  for (const r of totals.indicators) {
    const k = `${r.audience}|${r.dimension}`;
    map.set(k, addAgg(map.get(k) ?? EMPTY, aggOf(r)));
  }
  return map;
}

export const round3 = (x: number) => Math.round(x * 1000) / 1000;
export const round1 = (x: number) => Math.round(x * 10) / 10;
