import type { DB } from "../../db/client";
import { type Audience, AUDIENCES, type Dimension } from "~/surveys/audiences";
import { SUM_NOISE_SD, perturbTotals } from "~/indicators/disclosure";
import { type AggregateCounts, newcombeDifference, Z95 } from "~/indicators/stats";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import {
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
import { releasedTotalsOf } from "./release.server";

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

function variance(a: AggregateCounts): number {
  return a.n > 1 ? Math.max(0, (a.sumSquares - (a.sum * a.sum) / a.n) / (a.n - 1)) : Number.NaN;
}

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
