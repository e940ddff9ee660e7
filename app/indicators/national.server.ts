import type { DB } from "../../db/client";
import { type Audience, DIMENSIONS } from "~/surveys/audiences";
import {
  type DimensionFigure,
  figureFrom,
  identityOf,
  totalsByAudienceDimension,
} from "./figure-cells.server";
import { releasedTotalsOf } from "./release.server";

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
