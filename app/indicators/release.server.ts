import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { ChoiceCountTable, IndicatorAggregateTable, ParticipationDailyTable } from "../../db/schema";

// The daily release (docs/decisions/021): every view reads a campaign's running totals as
// they were at the first reading of the day (UTC), kept in figure_release. Two readings on
// the same day give the same figures, so a response that arrives in between cannot be read
// off their difference; the next release mixes a whole day's responses, and the cell key
// noise (disclosure.ts) covers a day that had only one. Once a campaign has closed, its first
// release after closing is kept as long as it stays closed: erasing one's own responses after
// the close cannot buy fresh draws of the published figures.

/** A running-total row as released: the table's columns less the campaign (one release a campaign). */
export type ReleasedIndicatorRow = Omit<IndicatorAggregateTable, "campaign_id">;
export type ReleasedDayRow = Omit<ParticipationDailyTable, "campaign_id">;
export type ReleasedChoiceRow = Omit<ChoiceCountTable, "campaign_id">;

export interface ReleasedTotals {
  indicators: ReleasedIndicatorRow[];
  days: ReleasedDayRow[];
  choices: ReleasedChoiceRow[];
}

export interface Release {
  campaignId: number;
  /** YYYY-MM-DD (UTC). */
  releasedOn: string;
  /** ISO time: "chiffres arrêtés au …". */
  releasedAt: string;
  totals: ReleasedTotals;
}

/** The release day of a moment (UTC, as response days are). */
export function releaseDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

async function liveTotals(db: DB, campaignId: number): Promise<ReleasedTotals> {
  const [indicators, days, choices] = await Promise.all([
    db
      .selectFrom("indicator_aggregate")
      .select(["audience", "age_band", "dimension", "n", "sum", "sum_squares", "favourable", "key_sum"])
      .where("campaign_id", "=", campaignId)
      .where("n", ">", 0)
      .execute(),
    db
      .selectFrom("participation_daily")
      .select(["day", "audience", "age_band", "locale", "n", "key_sum"])
      .where("campaign_id", "=", campaignId)
      .where("n", ">", 0)
      .execute(),
    db
      .selectFrom("choice_count")
      .select(["audience", "age_band", "question", "value", "n", "key_sum"])
      .where("campaign_id", "=", campaignId)
      .where("n", ">", 0)
      .execute(),
  ]);
  return { indicators, days, choices: [...choices, ...(await rawCounts(db, campaignId))] };
}

/**
 * The responses of each form ("long", "short") per audience and band, with their key sums:
 * counted from the stored responses when the release is made, so that they have exactly the
 * responses the release has (one grouped read of the campaign's rows; no running total).
 */
async function rawCounts(db: DB, campaignId: number): Promise<ReleasedChoiceRow[]> {
  return db
    .selectFrom("response")
    .select([
      "audience",
      sql<string>`coalesce(age_band, '')`.as("age_band"),
      sql<string>`${FORM_QUESTION}`.as("question"),
      sql<string>`form`.as("value"),
      sql<number>`count(*)`.as("n"),
      sql<number>`sum(record_key)`.as("key_sum"),
    ])
    .where("campaign_id", "=", campaignId)
    .groupBy(["audience", "age_band", "form"])
    .execute();
}

/** Release rows of responses per form ("long" or "short"). */
export const FORM_QUESTION = "@form";

function parseRelease(row: {
  campaign_id: number;
  released_on: string;
  released_at: string;
  indicators: string;
  days?: string;
  choices?: string;
}): Release {
  return {
    campaignId: row.campaign_id,
    releasedOn: row.released_on,
    releasedAt: row.released_at,
    totals: {
      indicators: JSON.parse(row.indicators) as ReleasedIndicatorRow[],
      days: row.days === undefined ? [] : (JSON.parse(row.days) as ReleasedDayRow[]),
      choices: row.choices === undefined ? [] : (JSON.parse(row.choices) as ReleasedChoiceRow[]),
    },
  };
}

/**
 * Today's releases of these campaigns, made from the running totals for those that have
 * none yet today. Concurrent first readings agree: the first release written wins and every
 * reader returns what is stored. `indicatorsOnly`: the days and choices are not read (left
 * empty), for views that show only dimension figures (national view, wave comparison).
 */
export async function releasedTotalsOf(
  db: DB,
  campaignIds: readonly number[],
  now: Date = new Date(),
  options: { indicatorsOnly?: boolean } = {},
): Promise<Map<number, Release>> {
  const today = releaseDay(now);
  const ids = [...new Set(campaignIds)];
  const out = new Map<number, Release>();
  if (ids.length === 0) return out;
  const closed = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const campaigns = await db
      .selectFrom("campaign")
      .select(["id", "status", "closes_at"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    for (const c of campaigns)
      if (c.status === "closed" || Date.parse(c.closes_at) <= now.getTime()) closed.add(c.id);
  }
  const read = async (wanted: number[]) => {
    for (let i = 0; i < wanted.length; i += 500) {
      const base = db
        .selectFrom("figure_release")
        .select(["campaign_id", "released_on", "released_at", "frozen", "indicators"])
        .where("campaign_id", "in", wanted.slice(i, i + 500));
      const rows = options.indicatorsOnly
        ? await base.execute()
        : await base.select(["days", "choices"]).execute();
      // Today's release (or a later one: a clock set back never brings older figures), or the
      // release made after the campaign closed, while it stays closed.
      for (const row of rows) {
        const frozen = row.frozen === 1 && closed.has(row.campaign_id);
        if (row.released_on >= today || frozen) out.set(row.campaign_id, parseRelease(row));
      }
    }
  };
  await read(ids);
  const missing = ids.filter((id) => !out.has(id));
  if (missing.length === 0) return out;
  for (const campaignId of missing) {
    const totals = await liveTotals(db, campaignId);
    await db
      .insertInto("figure_release")
      .values({
        campaign_id: campaignId,
        released_on: today,
        released_at: now.toISOString(),
        indicators: JSON.stringify(totals.indicators),
        days: JSON.stringify(totals.days),
        choices: JSON.stringify(totals.choices),
        frozen: closed.has(campaignId) ? 1 : 0,
      })
      .onConflict((oc) =>
        oc
          .column("campaign_id")
          .doUpdateSet((eb) => ({
            released_on: eb.ref("excluded.released_on"),
            released_at: eb.ref("excluded.released_at"),
            indicators: eb.ref("excluded.indicators"),
            days: eb.ref("excluded.days"),
            choices: eb.ref("excluded.choices"),
            frozen: eb.ref("excluded.frozen"),
          }))
          // Only a release of an earlier day is replaced; today's first one stays.
          .where("figure_release.released_on", "<", today),
      )
      .execute();
  }
  await read(missing);
  return out;
}

/** Today's release of one campaign. */
export async function releasedTotals(db: DB, campaignId: number, now: Date = new Date()): Promise<Release> {
  const release = (await releasedTotalsOf(db, [campaignId], now)).get(campaignId);
  if (!release) throw new Error(`no release for campaign ${campaignId}`);
  return release;
}

/**
 * Forgets every release, or one campaign's: the next reading releases the running totals
 * as they are. For retention purges (a purged campaign's figures go at once) and tests.
 */
export async function forgetReleases(db: DB, campaignId?: number): Promise<void> {
  let query = db.deleteFrom("figure_release");
  if (campaignId !== undefined) query = query.where("campaign_id", "=", campaignId);
  await query.execute();
}
