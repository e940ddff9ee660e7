import type { DB } from "../../db/client";
import {
  AGE_BANDS_BY_AUDIENCE,
  type AgeBand,
  type Audience,
  AUDIENCES,
  DIMENSIONS,
  type Dimension,
} from "~/lib/audiences";
import { itemScore } from "~/lib/scoring";
import {
  type AggregateCounts,
  cronbachAlpha,
  indicatorFromAggregates,
  newcombeDifference,
  type SizeStatus,
  sizeStatus,
  Z95,
} from "~/lib/stats";
import {
  COUNT_NOISE_SD,
  type KeyedTotals,
  cellIdentity,
  perturbCount,
  perturbTotals,
  SUM_NOISE_SD,
} from "~/lib/disclosure";
import { isShown, suppressPartition, suppressTable } from "~/lib/suppression";
import { choicesOf, questionsOf, titleOf } from "~/lib/survey-questions";
import type { SurveyDefinition } from "~/lib/survey-definition";
import type { CampaignWithSurveys } from "./campaign.server";
import { type ReleasedTotals, releasedTotals, releasedTotalsOf } from "./release.server";
import { getSurveyDefinition } from "./surveys.server";
import { getEnv } from "~/env.server";

// Everything a dashboard, the indicators API, the printable report and the aggregated
// export show comes from here, already protected: a hidden figure carries no number.

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

export interface BandProfile {
  ageBand: AgeBand;
  responses: number | null;
  status: SizeStatus;
  dimensions: DimensionFigure[];
}

export interface ChoiceDistribution {
  question: string;
  title: string;
  total: number | null;
  status: SizeStatus;
  values: { value: string; label: string; n: number | null; share: number | null }[];
}

export interface Reliability {
  dimension: Dimension;
  alpha: number | null;
  /** Complete answers the alpha was computed on (a random sample of at most ALPHA_SAMPLE). */
  n: number;
}

export interface AudienceProfile {
  audience: Audience;
  responses: number | null;
  status: SizeStatus;
  /** D1 (recognised as an actor) and D2 (experiential knowledge) come first: D1…D7 order. */
  dimensions: DimensionFigure[];
  byAgeBand: BandProfile[];
  distributions: ChoiceDistribution[];
  /** Cronbach's alpha per dimension, once the group has at least 100 responses. */
  reliability: Reliability[] | null;
}

export interface Participation {
  /** Responses of the groups shown (hidden groups are left out, so no subtraction finds them). */
  shownTotal: number;
  hiddenGroups: number;
  byAudience: { audience: Audience; n: number | null }[];
  byWeek: { week: string; counts: Partial<Record<Audience, number | null>> }[];
  locales: { locale: string; n: number | null }[];
}

export interface CampaignSummary {
  id: number;
  slug: string;
  title: string;
  waveLabel: string;
  territoryId: number;
  territoryName: string;
  opensAt: string;
  closesAt: string;
}

export interface CampaignIndicators {
  campaign: CampaignSummary;
  /** When the figures were released (ISO): they change once a day at most ("chiffres arrêtés au …"). */
  releasedAt: string;
  participation: Participation;
  groups: AudienceProfile[];
}

export const ALPHA_MIN_RESPONSES = 100;
export const ALPHA_SAMPLE = 1000;

type Agg = KeyedTotals;
const EMPTY: Agg = { n: 0, sum: 0, sumSquares: 0, favourable: 0, keySum: 0 };

function addAgg(a: Agg, b: Agg): Agg {
  return {
    n: a.n + b.n,
    sum: a.sum + b.sum,
    sumSquares: a.sumSquares + b.sumSquares,
    favourable: a.favourable + b.favourable,
    keySum: a.keySum + b.keySum,
  };
}

function aggOf(r: { n: number; sum: number; sum_squares: number; favourable: number; key_sum: number }): Agg {
  return { n: r.n, sum: r.sum, sumSquares: r.sum_squares, favourable: r.favourable, keySum: r.key_sum };
}

function hiddenFigure(dimension: Dimension): DimensionFigure {
  return { dimension, n: null, mean: null, favourable: null, ci: null, status: "hidden" };
}

/**
 * A figure from running totals, or a hidden one (no numbers) when `hide` or n < 10. Shown
 * figures are perturbed by their cell key (decision 021): the same responses give the same
 * figure wherever it appears. Groups under 30 get their mean in whole points; the interval
 * of the favourable share is widened by the count noise.
 */
export function figureFrom(dimension: Dimension, agg: Agg, identity: string, hide = false): DimensionFigure {
  if (hide || !isShown(agg.n)) return hiddenFigure(dimension);
  const f = indicatorFromAggregates(perturbTotals(agg, dimension, identity));
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

function campaignSummary(c: CampaignWithSurveys): CampaignSummary {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    waveLabel: c.wave_label,
    territoryId: c.territory_id,
    territoryName: c.territoryName,
    opensAt: c.opens_at,
    closesAt: c.closes_at,
  };
}

/** The campaign's survey definitions by audience (individual audiences only). */
function definitionsByAudience(campaign: CampaignWithSurveys): Map<Audience, SurveyDefinition> {
  const map = new Map<Audience, SurveyDefinition>();
  for (const s of campaign.surveys) {
    const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
    if (def && def.audience !== "C") map.set(def.audience, def);
  }
  return map;
}

function dimensionsOf(def: SurveyDefinition): Dimension[] {
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

/** Monday (UTC) of the week of a YYYY-MM-DD day. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const shift = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - shift);
  return d.toISOString().slice(0, 10);
}

/**
 * A campaign's indicators, protected against small groups and differencing:
 * audience groups under 10 responses are hidden and left out of every total; within a
 * shown group, age bands follow complementary suppression (per count and per dimension);
 * weeks and languages are counted over shown groups only.
 */
export async function campaignIndicators(
  db: DB,
  campaign: CampaignWithSurveys,
  options: { now?: Date } = {},
): Promise<CampaignIndicators> {
  const release = await releasedTotals(db, campaign.id, options.now);
  return indicatorsFrom(db, campaign, release.totals, release.releasedAt);
}

async function indicatorsFrom(
  db: DB,
  campaign: CampaignWithSurveys,
  totals: ReleasedTotals,
  releasedAt: string,
): Promise<CampaignIndicators> {
  const defs = definitionsByAudience(campaign);
  const audiences = AUDIENCES.filter((a) => defs.has(a));
  const { indicators: aggRows, days: partRows, choices: choiceRows } = totals;

  // Responses per audience and per (audience, band); the audience's key sum (choice cells).
  const responses = new Map<string, number>();
  const bandResponses = new Map<string, number>();
  const audienceKeys = new Map<string, number>();
  for (const r of partRows) {
    responses.set(r.audience, (responses.get(r.audience) ?? 0) + r.n);
    audienceKeys.set(r.audience, (audienceKeys.get(r.audience) ?? 0) + r.key_sum);
    const k = `${r.audience}|${r.age_band}`;
    bandResponses.set(k, (bandResponses.get(k) ?? 0) + r.n);
  }
  const shownAudiences = audiences.filter((a) => isShown(responses.get(a) ?? 0));

  const groups: AudienceProfile[] = [];
  for (const audience of audiences) {
    const def = defs.get(audience)!;
    const dims = dimensionsOf(def);
    const count = responses.get(audience) ?? 0;
    const shown = shownAudiences.includes(audience);
    const bands = AGE_BANDS_BY_AUDIENCE[audience].filter((b): b is AgeBand => b !== null);

    const aggFor = (dimension: Dimension, band?: AgeBand) =>
      aggRows
        .filter(
          (r) =>
            r.audience === audience &&
            r.dimension === dimension &&
            (band === undefined || r.age_band === band),
        )
        .reduce<Agg>((acc, r) => addAgg(acc, aggOf(r)), EMPTY);

    const dimensions = dims.map((d) => figureFrom(d, aggFor(d), identityOf(campaign.id, audience), !shown));

    // Age bands: a partition of the group's responses (shown) — complementary suppression
    // on the counts, then per dimension on its own n, hidden cells united.
    let byAgeBand: BandProfile[] = [];
    if (shown && bands.length > 1) {
      const hiddenByCount = suppressPartition(
        bands.map((b) => ({ key: b, n: bandResponses.get(`${audience}|${b}`) ?? 0 })),
      );
      const hiddenByDim = new Map<Dimension, Set<AgeBand>>();
      for (const d of dims) {
        const cells = bands.map((b) => ({ key: b, n: aggFor(d, b).n }));
        hiddenByDim.set(d, new Set([...suppressPartition(cells), ...hiddenByCount]));
      }
      byAgeBand = bands.map((b) => {
        const n = bandResponses.get(`${audience}|${b}`) ?? 0;
        const hidden = hiddenByCount.has(b) || !isShown(n);
        return {
          ageBand: b,
          responses: hidden ? null : n,
          status: hidden ? "hidden" : sizeStatus(n),
          dimensions: dims.map((d) =>
            figureFrom(
              d,
              aggFor(d, b),
              identityOf(campaign.id, audience, b),
              hidden || hiddenByDim.get(d)!.has(b),
            ),
          ),
        };
      });
    }

    const distributions: ChoiceDistribution[] = [];
    if (shown) {
      for (const q of questionsOf(def)) {
        if (!q.name || def.scoring[q.name] || (q.type !== "radiogroup" && q.type !== "dropdown")) continue;
        const options = choicesOf(q);
        // Every age band's answers (the rows are per band), then the cell key noise: the
        // counts shown, and the total as their sum, are the perturbed ones.
        const counts = options.map((o) => {
          const key = String(o.value);
          let n = 0;
          let keySum = 0;
          for (const r of choiceRows) {
            if (r.audience === audience && r.question === q.name && r.value === key) {
              n += r.n;
              keySum += r.key_sum;
            }
          }
          const identity = identityOf(campaign.id, audience);
          const shownN = perturbCount(
            n,
            keySum,
            audienceKeys.get(audience) ?? 0,
            `${q.name}|${key}`,
            identity,
          );
          return { key, n: shownN };
        });
        const total = counts.reduce((s, c) => s + c.n, 0);
        const hidden = isShown(total) ? suppressPartition(counts) : new Set(counts.map((c) => c.key));
        distributions.push({
          question: q.name,
          title: titleOf(q),
          total: isShown(total) ? total : null,
          status: sizeStatus(total),
          values: options.map((o, i) => {
            const n = counts[i]!.n;
            const hide = hidden.has(String(o.value));
            return {
              value: String(o.value),
              label: o.text,
              n: hide ? null : n,
              share: hide || total === 0 ? null : Math.round((n / total) * 1000) / 1000,
            };
          }),
        });
      }
    }

    const reliability =
      shown && count >= ALPHA_MIN_RESPONSES
        ? await reliabilityOf(db, campaign.id, def, dims, count, releasedAt)
        : null;

    groups.push({
      audience,
      responses: shown ? count : null,
      status: shown ? sizeStatus(count) : "hidden",
      dimensions,
      byAgeBand,
      distributions,
      reliability,
    });
  }

  return {
    campaign: campaignSummary(campaign),
    releasedAt,
    participation: participationOf(partRows, audiences, shownAudiences),
    groups,
  };
}

function participationOf(
  rows: { day: string; audience: string; locale: string; n: number }[],
  audiences: Audience[],
  shownAudiences: Audience[],
): Participation {
  const shownRows = rows.filter((r) => shownAudiences.includes(r.audience as Audience));
  const byAudienceCount = (a: Audience) => rows.filter((r) => r.audience === a).reduce((s, r) => s + r.n, 0);

  // Weeks × shown audiences: the audience totals are shown, weekly totals are not.
  const weekly = new Map<string, number>();
  for (const r of shownRows) {
    const k = `${weekOf(r.day)}|${r.audience}`;
    weekly.set(k, (weekly.get(k) ?? 0) + r.n);
  }
  const weeks = [...new Set(shownRows.map((r) => weekOf(r.day)))].sort();
  const cells = weeks.flatMap((week) =>
    shownAudiences.map((a) => ({ row: week, col: a, n: weekly.get(`${week}|${a}`) ?? 0 })),
  );
  const hiddenWeekly = suppressTable(cells, { rowTotalsShown: false, colTotalsShown: true });
  // The table may ask to hide a margin (`|A`: an audience's total, `|`: the grand total);
  // those totals are shown elsewhere, so hide every weekly cell under them instead.
  for (const key of [...hiddenWeekly]) {
    if (!key.startsWith("|")) continue;
    const col = key.slice(1);
    for (const c of cells) if (col === "" || c.col === col) hiddenWeekly.add(`${c.row}|${c.col}`);
  }

  const localeCounts = new Map<string, number>();
  for (const r of shownRows) localeCounts.set(r.locale, (localeCounts.get(r.locale) ?? 0) + r.n);
  const localeCells = [...localeCounts].map(([key, n]) => ({ key, n }));
  const hiddenLocales = suppressPartition(localeCells);

  return {
    shownTotal: shownRows.reduce((s, r) => s + r.n, 0),
    hiddenGroups: audiences.filter((a) => !shownAudiences.includes(a) && byAudienceCount(a) > 0).length,
    byAudience: audiences.map((a) => ({
      audience: a,
      n: shownAudiences.includes(a) ? byAudienceCount(a) : null,
    })),
    byWeek: weeks.map((week) => ({
      week,
      counts: Object.fromEntries(
        shownAudiences.map((a) => {
          const n = weekly.get(`${week}|${a}`) ?? 0;
          return [a, hiddenWeekly.has(`${week}|${a}`) ? null : n];
        }),
      ),
    })),
    locales: localeCells.map((c) => ({ locale: c.key, n: hiddenLocales.has(c.key) ? null : c.n })),
  };
}

// Cronbach's alpha is a quality flag: computed on a random sample, once per release (it
// changes once a day at most, like every other figure: decision 021), so a dashboard at a
// million responses never parses them all and two readings on a day agree.
const alphaCache = new Map<string, { release: string; value: Reliability[] }>();

async function reliabilityOf(
  db: DB,
  campaignId: number,
  def: SurveyDefinition,
  dims: Dimension[],
  count: number,
  release: string,
): Promise<Reliability[]> {
  const key = `${campaignId}|${def.id}.v${def.version}`;
  const cached = alphaCache.get(key);
  if (cached && cached.release === release) return cached.value;

  const rows = await db
    .selectFrom("response")
    .select("answers")
    .where("campaign_id", "=", campaignId)
    .where("survey_id", "=", def.id)
    .where("survey_version", "=", def.version)
    // A sample the server chose: by record key (random, never shown), not by id, which the
    // submitting phone picks and an attacker could use to place rows in the sample.
    .orderBy("record_key")
    .limit(Math.min(ALPHA_SAMPLE, count))
    .execute();
  const parsed = rows.map((r) => JSON.parse(r.answers) as Record<string, unknown>);
  const value = dims.map((dimension) => {
    const items = Object.entries(def.scoring).filter(([, item]) => item.dimension === dimension);
    const complete: number[][] = [];
    for (const answers of parsed) {
      const scores = items.map(([q, item]) => itemScore(answers[q], item));
      if (scores.every((s): s is number => s !== null)) complete.push(scores);
    }
    const alpha = cronbachAlpha(complete);
    // Coarse on purpose (decision 021): alpha to the tenth below, the sample to the ten below;
    // a quality flag needs no more, and a finer one moves with single answers.
    return {
      dimension,
      alpha: alpha === null ? null : Math.floor(Math.round(alpha * 1000) / 100) / 10,
      n: Math.floor(complete.length / 10) * 10,
    };
  });
  alphaCache.set(key, { release, value });
  return value;
}

export interface WaveDifference {
  audience: Audience;
  dimension: Dimension;
  current: DimensionFigure;
  previous: DimensionFigure;
  /** Difference of favourable shares (current − previous), Newcombe 95 % interval. */
  favourable: { difference: number; ci: [number, number] } | null;
  /** Difference of mean scores, Welch standard error, normal 95 % interval. */
  mean: { difference: number; ci: [number, number] } | null;
}

/** A released campaign's totals per audience × dimension, all bands together (the dashboard's group cells). */
function totalsByAudienceDimension(totals: ReleasedTotals): Map<string, Agg> {
  const map = new Map<string, Agg>();
  for (const r of totals.indicators) {
    const k = `${r.audience}|${r.dimension}`;
    map.set(k, addAgg(map.get(k) ?? EMPTY, aggOf(r)));
  }
  return map;
}

function variance(a: AggregateCounts): number {
  return a.n > 1 ? Math.max(0, (a.sumSquares - (a.sum * a.sum) / a.n) / (a.n - 1)) : Number.NaN;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Two waves of the same territory compared per audience and dimension. A difference is
 * given only when both figures are shown (each from ≥ 10 responses); the waves' response
 * sets are disjoint, so a difference reveals no hidden group. Both figures, and the
 * difference, come from the same perturbed totals as the dashboards (decision 021).
 */
export async function compareWaves(
  db: DB,
  current: CampaignWithSurveys,
  previous: CampaignWithSurveys,
  options: { now?: Date } = {},
): Promise<WaveDifference[]> {
  const releases = await releasedTotalsOf(db, [current.id, previous.id], options.now, {
    indicatorsOnly: true,
  });
  const a = totalsByAudienceDimension(releases.get(current.id)!.totals);
  const b = totalsByAudienceDimension(releases.get(previous.id)!.totals);
  const defs = definitionsByAudience(current);
  const out: WaveDifference[] = [];
  for (const audience of AUDIENCES) {
    const def = defs.get(audience);
    if (!def) continue;
    for (const dimension of dimensionsOf(def)) {
      const ca = a.get(`${audience}|${dimension}`) ?? EMPTY;
      const pb = b.get(`${audience}|${dimension}`) ?? EMPTY;
      const currentIdentity = identityOf(current.id, audience);
      const previousIdentity = identityOf(previous.id, audience);
      const cur = figureFrom(dimension, ca, currentIdentity);
      const prev = figureFrom(dimension, pb, previousIdentity);
      const both = cur.status !== "hidden" && prev.status !== "hidden";
      let favourable: WaveDifference["favourable"] = null;
      let mean: WaveDifference["mean"] = null;
      if (both) {
        const pa = perturbTotals(ca, dimension, currentIdentity);
        const pp = perturbTotals(pb, dimension, previousIdentity);
        const d = newcombeDifference(pa.favourable, pa.n, pp.favourable, pp.n);
        favourable = { difference: round3(d.difference), ci: [round3(d.ci[0]), round3(d.ci[1])] };
        // The difference of the means as shown, so it adds nothing to them (an indicative
        // group's whole-point mean cannot be read back to the decimal through it).
        const diff = cur.mean! - prev.mean!;
        const coarse = cur.status === "indicative" || prev.status === "indicative";
        const roundShown = coarse ? Math.round : round1;
        // The sums' noise is part of the uncertainty of each mean.
        const noise = (SUM_NOISE_SD / pa.n) ** 2 + (SUM_NOISE_SD / pp.n) ** 2;
        const se = Math.sqrt(variance(pa) / pa.n + variance(pp) / pp.n + noise);
        mean = {
          difference: roundShown(diff),
          ci: [roundShown(diff - Z95 * se), roundShown(diff + Z95 * se)],
        };
      }
      out.push({ audience, dimension, current: cur, previous: prev, favourable, mean });
    }
  }
  return out;
}

/** The other campaigns of the same territory, newest first: the waves a campaign can be compared with. */
export async function otherWaves(db: DB, campaign: CampaignWithSurveys) {
  return db
    .selectFrom("campaign")
    .select(["slug", "title", "wave_label as waveLabel", "opens_at as opensAt"])
    .where("territory_id", "=", campaign.territory_id)
    .where("id", "!=", campaign.id)
    .where("status", "!=", "draft")
    .orderBy("opens_at", "desc")
    .execute();
}

export interface NationalRow {
  territoryId: number;
  territoryName: string;
  campaignSlug: string;
  waveLabel: string;
  figures: DimensionFigure[];
}

/**
 * Territories compared per dimension for one audience, each on its most recent campaign
 * that has answers; the same rule as everywhere (nothing under 10). No national pooled
 * figure is shown, so no territory can be recovered by subtraction.
 */
export async function nationalComparison(
  db: DB,
  audience: Audience,
  options: { now?: Date } = {},
): Promise<NationalRow[]> {
  // Which campaigns have answers from this audience (the running totals; only which, no figure).
  const campaigns = await db
    .selectFrom("indicator_aggregate")
    .innerJoin("campaign", "campaign.id", "indicator_aggregate.campaign_id")
    .innerJoin("territory", "territory.id", "campaign.territory_id")
    .select([
      "campaign.id as campaignId",
      "campaign.slug as slug",
      "campaign.wave_label as waveLabel",
      "campaign.opens_at as opensAt",
      "territory.id as territoryId",
      "territory.name as territoryName",
    ])
    .where("indicator_aggregate.audience", "=", audience)
    .where("indicator_aggregate.n", ">", 0)
    .where("campaign.status", "!=", "draft")
    .groupBy("campaign.id")
    .execute();

  // The most recent campaign with answers, per territory.
  const latest = new Map<number, (typeof campaigns)[number]>();
  for (const c of campaigns) {
    const cur = latest.get(c.territoryId);
    if (!cur || c.opensAt > cur.opensAt) latest.set(c.territoryId, c);
  }
  // Its figures are the dashboard's: the same release, the same cells, the same noise.
  const releases = await releasedTotalsOf(
    db,
    [...latest.values()].map((c) => c.campaignId),
    options.now,
    { indicatorsOnly: true },
  );
  const byTerritory = new Map<number, NationalRow>();
  for (const c of latest.values()) {
    const totals = totalsByAudienceDimension(releases.get(c.campaignId)!.totals);
    const figures: DimensionFigure[] = [];
    for (const dimension of DIMENSIONS) {
      const agg = totals.get(`${audience}|${dimension}`);
      if (agg && agg.n > 0) figures.push(figureFrom(dimension, agg, identityOf(c.campaignId, audience)));
    }
    if (figures.length === 0) continue;
    byTerritory.set(c.territoryId, {
      territoryId: c.territoryId,
      territoryName: c.territoryName,
      campaignSlug: c.slug,
      waveLabel: c.waveLabel,
      figures,
    });
  }
  const result = [...byTerritory.values()];
  for (const row of result)
    row.figures.sort((x, y) => DIMENSIONS.indexOf(x.dimension) - DIMENSIONS.indexOf(y.dimension));
  return result.sort((x, y) => x.territoryName.localeCompare(y.territoryName, "fr"));
}
