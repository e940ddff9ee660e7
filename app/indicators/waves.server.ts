import type { DB } from "../../db/client";
import { type Audience, AUDIENCES, type Dimension } from "~/surveys/audiences";
import { SUM_NOISE_SD, perturbTotals } from "~/indicators/disclosure";
import { type AggregateCounts, isFavourable, newcombeDifference, Z95 } from "~/indicators/stats";
import { itemScore } from "~/indicators/scoring";
import { MIN_SHARED_ITEMS, sharedLabel } from "~/indicators/shared-items";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import type { SurveyDefinition } from "~/surveys/definition";
import { formOf, hasShortForm, type QuestionnaireForm } from "~/surveys/forms";
import { questionsOf, titleOf } from "~/surveys/questions";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import {
  type Agg,
  definitionsByAudience,
  type DimensionFigure,
  dimensionsOf,
  EMPTY,
  figureFrom,
  identityOf,
  round1,
  round3,
  totalsByAudienceDimension,
} from "./figure-cells.server";
import { type Release, type ReleasedIndicatorRow, releasedTotalsOf } from "./release.server";

export interface WaveDifference {
  audience: Audience;
  dimension: Dimension;
  current: DimensionFigure;
  previous: DimensionFigure;
  /** Difference of favourable shares (current − previous), Newcombe 95 % interval. */
  favourable: { difference: number; ci: [number, number] } | null;
  /** Difference of mean scores, Welch standard error, normal 95 % interval. */
  mean: { difference: number; ci: [number, number] } | null;
  /**
   * Set when the two waves' questionnaires for this audience differ (version or form): the
   * dimension is compared on the scored items both share (`items`, names and French titles),
   * every response rescored on them; `comparable` is false under 2 shared items (then no
   * figure and no difference).
   */
  shared: { items: { question: string; title: string }[]; comparable: boolean } | null;
}

function variance(a: AggregateCounts): number {
  return a.n > 1 ? Math.max(0, (a.sumSquares - (a.sum * a.sum) / a.n) / (a.n - 1)) : Number.NaN;
}

/** The forms a campaign's responses come from, by its offer ("choice": both). */
function formsOffered(campaign: CampaignWithSurveys, def: SurveyDefinition): QuestionnaireForm[] {
  const offer = campaign.form_offer ?? "long";
  if (!hasShortForm(def) || offer === "long") return ["long"];
  return offer === "short" ? ["short"] : ["long", "short"];
}

/** A dimension's items every response of the campaign was asked: those of each form it offers. */
function itemsAsked(campaign: CampaignWithSurveys, def: SurveyDefinition, dimension: Dimension): string[] {
  const forms = formsOffered(campaign, def).map((f) => formOf(def, f));
  return Object.keys(def.scoring).filter(
    (q) =>
      def.scoring[q]!.dimension === dimension && forms.every((f) => f.scoring[q]?.dimension === dimension),
  );
}

/** Whether every response's score on the dimension is already its score on these items. */
function scoredOn(
  campaign: CampaignWithSurveys,
  def: SurveyDefinition,
  dimension: Dimension,
  items: string[],
) {
  return formsOffered(campaign, def).every((f) => {
    const own = Object.entries(formOf(def, f).scoring).filter(([, item]) => item.dimension === dimension);
    return own.length === items.length && own.every(([q]) => items.includes(q));
  });
}

/**
 * One campaign's totals of an audience's responses rescored on some items of a dimension
 * (item scores as scoring.ts, half rule on these items), all bands together: read from the
 * campaign's release when it already holds them, else computed from the stored responses
 * and kept in the release (decision 029), so the figure changes once a day at most and stays
 * frozen after the close like every other.
 */
async function sharedTotals(
  db: DB,
  release: Release,
  audience: Audience,
  dimension: Dimension,
  items: string[],
): Promise<Agg> {
  const label = sharedLabel(dimension, items);
  const stored = release.totals.indicators.find((r) => r.audience === audience && r.dimension === label);
  if (stored) return aggOfRow(stored);

  const rows = await db
    .selectFrom("response")
    .select(["survey_id", "survey_version", "answers", "record_key"])
    .where("campaign_id", "=", release.campaignId)
    .where("audience", "=", audience)
    .execute();
  const agg = { ...EMPTY };
  for (const r of rows) {
    const def = getSurveyDefinition(r.survey_id, r.survey_version);
    if (!def) continue;
    const answers = JSON.parse(r.answers) as Record<string, unknown>;
    const scores: number[] = [];
    for (const q of items) {
      const item = def.scoring[q];
      const score = item ? itemScore(answers[q], item) : null;
      if (score !== null) scores.push(score);
    }
    if (scores.length === 0 || scores.length * 2 < items.length) continue;
    const score = scores.reduce((x, y) => x + y, 0) / scores.length;
    agg.n += 1;
    agg.sum += score;
    agg.sumSquares += score * score;
    agg.favourable += isFavourable(score) ? 1 : 0;
    agg.keySum += r.record_key;
  }
  const row: ReleasedIndicatorRow = {
    audience,
    age_band: "",
    dimension: label,
    n: agg.n,
    sum: agg.sum,
    sum_squares: agg.sumSquares,
    favourable: agg.favourable,
    key_sum: agg.keySum,
  };
  return aggOfRow(await keepInRelease(db, release, row));
}

function aggOfRow(r: ReleasedIndicatorRow): Agg {
  return { n: r.n, sum: r.sum, sumSquares: r.sum_squares, favourable: r.favourable, keySum: r.key_sum };
}

/**
 * Adds a row to a stored release, unless the release changed meanwhile or another reader
 * added the same row first: then what is stored wins, so every reader of a release sees one figure.
 */
async function keepInRelease(
  db: DB,
  release: Release,
  row: ReleasedIndicatorRow,
): Promise<ReleasedIndicatorRow> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await db
      .selectFrom("figure_release")
      .select(["indicators", "released_at"])
      .where("campaign_id", "=", release.campaignId)
      .executeTakeFirst();
    if (!current || current.released_at !== release.releasedAt) return row;
    const rows = JSON.parse(current.indicators) as ReleasedIndicatorRow[];
    const there = rows.find((r) => r.audience === row.audience && r.dimension === row.dimension);
    if (there) return there;
    const updated = await db
      .updateTable("figure_release")
      .set({ indicators: JSON.stringify([...rows, row]) })
      .where("campaign_id", "=", release.campaignId)
      .where("released_at", "=", release.releasedAt)
      .where("indicators", "=", current.indicators)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      release.totals.indicators.push(row);
      return row;
    }
  }
  return row;
}

/**
 * Two waves of the same territory compared per audience and dimension. A difference is
 * given only when both figures are shown (each from ≥ 10 responses); the waves' response
 * sets are disjoint, so a difference reveals no hidden group. Both figures, and the
 * difference, come from the same perturbed totals as the dashboards (decision 021).
 *
 * When the two questionnaires of an audience differ in version or in form, each dimension is
 * compared on the scored items both ask (same name, same dimension), each response rescored on
 * them (decision 029); under MIN_SHARED_ITEMS shared items it is not compared. A wave whose own
 * score is already on exactly those items keeps its dashboard cell.
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
  const releaseA = releases.get(current.id)!;
  const releaseB = releases.get(previous.id)!;
  const a = totalsByAudienceDimension(releaseA.totals);
  const b = totalsByAudienceDimension(releaseB.totals);
  const defs = definitionsByAudience(current);
  const previousDefs = definitionsByAudience(previous);
  const out: WaveDifference[] = [];
  for (const audience of AUDIENCES) {
    const def = defs.get(audience);
    if (!def) continue;
    const previousDef = previousDefs.get(audience);
    const differ =
      previousDef !== undefined &&
      (previousDef.id !== def.id ||
        previousDef.version !== def.version ||
        formsOffered(current, def).join() !== formsOffered(previous, previousDef).join());
    const currentIdentity = identityOf(current.id, audience);
    const previousIdentity = identityOf(previous.id, audience);
    for (const dimension of dimensionsOf(def)) {
      let ca = a.get(`${audience}|${dimension}`) ?? EMPTY;
      let pb = b.get(`${audience}|${dimension}`) ?? EMPTY;
      let currentLabel: string = dimension;
      let previousLabel: string = dimension;
      let shared: WaveDifference["shared"] = null;
      if (differ) {
        const theirs = itemsAsked(previous, previousDef, dimension);
        const items = itemsAsked(current, def, dimension).filter((q) => theirs.includes(q));
        const titles = new Map(questionsOf(def).map((q) => [q.name, titleOf(q)]));
        shared = {
          items: items.map((q) => ({ question: q, title: titles.get(q) ?? q })),
          comparable: items.length >= MIN_SHARED_ITEMS,
        };
        if (!shared.comparable) {
          out.push({
            audience,
            dimension,
            current: figureFrom(dimension, EMPTY, currentIdentity),
            previous: figureFrom(dimension, EMPTY, previousIdentity),
            favourable: null,
            mean: null,
            shared,
          });
          continue;
        }
        if (!scoredOn(current, def, dimension, items)) {
          ca = await sharedTotals(db, releaseA, audience, dimension, items);
          currentLabel = sharedLabel(dimension, items);
        }
        if (!scoredOn(previous, previousDef, dimension, items)) {
          pb = await sharedTotals(db, releaseB, audience, dimension, items);
          previousLabel = sharedLabel(dimension, items);
        }
      }
      const cur = figureFrom(dimension, ca, currentIdentity, false, currentLabel);
      const prev = figureFrom(dimension, pb, previousIdentity, false, previousLabel);
      const both = cur.status !== "hidden" && prev.status !== "hidden";
      let favourable: WaveDifference["favourable"] = null;
      let mean: WaveDifference["mean"] = null;
      if (both) {
        const pa = perturbTotals(ca, currentLabel, currentIdentity);
        const pp = perturbTotals(pb, previousLabel, previousIdentity);
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
      out.push({ audience, dimension, current: cur, previous: prev, favourable, mean, shared });
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
