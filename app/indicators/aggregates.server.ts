import { CompiledQuery, sql } from "kysely";
import type SQLite from "better-sqlite3";
import { type DB, prepareCached } from "../../db/client";
import { type Contribution, sumContributions, type Totals } from "~/indicators/contribution";
import { FAVOURABLE_ABOVE } from "~/indicators/stats";

// The running totals' statements, one row at a time: with prepared statements a row costs a
// few microseconds, and a group of responses touches each row once (sumContributions). The
// same SQL text serves the synchronous group commit (decision 019) and Kysely transactions
// (erasure, purge).
const ADD_INDICATOR = `insert into indicator_aggregate
  (campaign_id, audience, age_band, dimension, n, sum, sum_squares, favourable, key_sum)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (campaign_id, audience, age_band, dimension) do update set
  n = n + excluded.n, sum = sum + excluded.sum, sum_squares = sum_squares + excluded.sum_squares,
  favourable = favourable + excluded.favourable, key_sum = key_sum + excluded.key_sum`;
const ADD_DAY = `insert into participation_daily (campaign_id, day, audience, age_band, locale, n, key_sum)
  values (?, ?, ?, ?, ?, ?, ?)
  on conflict (campaign_id, day, audience, age_band, locale) do update set n = n + excluded.n,
  key_sum = key_sum + excluded.key_sum`;
const ADD_CHOICE = `insert into choice_count (campaign_id, audience, age_band, question, value, n, key_sum)
  values (?, ?, ?, ?, ?, ?, ?)
  on conflict (campaign_id, audience, age_band, question, value) do update set n = n + excluded.n,
  key_sum = key_sum + excluded.key_sum`;
const ADD_VERBATIM = `insert into verbatim (response_id, campaign_id, audience, question, text)
  values (?, ?, ?, ?, ?)`;

type Statement = [text: string, parameters: (string | number)[]];

function totalsStatements(totals: Totals): Statement[] {
  return [
    ...totals.indicators.map((t): Statement => [
      ADD_INDICATOR,
      [t.campaignId, t.audience, t.ageBand, t.dimension, t.n, t.sum, t.sumSquares, t.favourable, t.keySum],
    ]),
    ...totals.days.map((d): Statement => [
      ADD_DAY,
      [d.campaignId, d.day, d.audience, d.ageBand, d.locale, d.n, d.keySum],
    ]),
    ...totals.choices.map((c): Statement => [
      ADD_CHOICE,
      [c.campaignId, c.audience, c.ageBand, c.question, c.value, c.n, c.keySum],
    ]),
  ];
}

function verbatimStatements(campaignId: number, responseId: string, c: Contribution): Statement[] {
  return c.texts.map((t): Statement => [
    ADD_VERBATIM,
    [responseId, campaignId, c.audience, t.question, t.text],
  ]);
}

/** Adds summed contributions to the running totals, on the raw connection (inside its transaction). */
export function addTotalsSync(sqlite: SQLite.Database, totals: Totals): void {
  for (const [text, parameters] of totalsStatements(totals)) prepareCached(sqlite, text).run(parameters);
}

/** Stores a new response's free texts (they go with the response: foreign key cascade). */
export function insertVerbatimsSync(
  sqlite: SQLite.Database,
  campaignId: number,
  responseId: string,
  c: Contribution,
): void {
  for (const [text, parameters] of verbatimStatements(campaignId, responseId, c))
    prepareCached(sqlite, text).run(parameters);
}

/** Adds summed contributions to the running totals inside a Kysely transaction. */
export async function addTotals(trx: DB, totals: Totals): Promise<void> {
  for (const [text, parameters] of totalsStatements(totals))
    await trx.executeQuery(CompiledQuery.raw(text, parameters));
}

/**
 * Takes one response's contribution out of its campaign's running totals, in the transaction
 * that erases it (its free texts go with it: foreign key cascade). Storing adds contributions
 * through the group commit (response.server.ts), summed per group.
 */
export async function removeContribution(trx: DB, campaignId: number, c: Contribution): Promise<void> {
  await addTotals(trx, sumContributions([{ campaignId, contribution: c }], -1));
}

/** The running totals of a campaign recomputed from its responses' scores: what the incremental totals must equal. */
export async function recomputeIndicatorAggregates(db: DB, campaignId: number) {
  return db
    .selectFrom("response_score")
    .innerJoin("response", "response.id", "response_score.response_id")
    .select([
      "response.audience as audience",
      sql<string>`coalesce(response.age_band, '')`.as("age_band"),
      "response_score.dimension as dimension",
      sql<number>`count(*)`.as("n"),
      sql<number>`sum(response_score.score)`.as("sum"),
      sql<number>`sum(response_score.score * response_score.score)`.as("sum_squares"),
      sql<number>`sum(response.record_key)`.as("key_sum"),
      sql<number>`sum(case when response_score.score > ${FAVOURABLE_ABOVE} then 1 else 0 end)`.as(
        "favourable",
      ),
    ])
    .where("response.campaign_id", "=", campaignId)
    .groupBy(["response.audience", "response.age_band", "response_score.dimension"])
    .execute();
}
