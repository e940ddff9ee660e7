import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { Contribution } from "~/lib/contribution";
import { FAVOURABLE_ABOVE } from "~/lib/stats";

/**
 * Adds (sign 1) or removes (sign −1) one response's contribution to its campaign's running
 * totals. Runs inside the transaction that stores or erases the response, so the totals
 * always match the rows. Free texts are inserted on add; on erase they go with the
 * response (foreign key cascade).
 */
export async function applyContribution(
  trx: DB,
  campaignId: number,
  responseId: string,
  c: Contribution,
  sign: 1 | -1,
): Promise<void> {
  // One multi-row upsert per table, not one statement per row: a parent response touches
  // about 35 rows (a statement each cost more than the rest of the submission).
  if (c.scores.length > 0) {
    await trx
      .insertInto("indicator_aggregate")
      .values(
        c.scores.map((s) => ({
          campaign_id: campaignId,
          audience: c.audience,
          age_band: c.ageBand,
          dimension: s.dimension,
          n: sign,
          sum: sign * s.score,
          sum_squares: sign * s.score * s.score,
          favourable: s.favourable ? sign : 0,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["campaign_id", "audience", "age_band", "dimension"]).doUpdateSet((eb) => ({
          n: eb("indicator_aggregate.n", "+", eb.ref("excluded.n")),
          sum: eb("indicator_aggregate.sum", "+", eb.ref("excluded.sum")),
          sum_squares: eb("indicator_aggregate.sum_squares", "+", eb.ref("excluded.sum_squares")),
          favourable: eb("indicator_aggregate.favourable", "+", eb.ref("excluded.favourable")),
        })),
      )
      .execute();
  }
  await trx
    .insertInto("participation_daily")
    .values({
      campaign_id: campaignId,
      day: c.day,
      audience: c.audience,
      age_band: c.ageBand,
      locale: c.locale,
      n: sign,
    })
    .onConflict((oc) =>
      oc
        .columns(["campaign_id", "day", "audience", "age_band", "locale"])
        .doUpdateSet((eb) => ({ n: eb("participation_daily.n", "+", eb.ref("excluded.n")) })),
    )
    .execute();
  if (c.choices.length > 0) {
    await trx
      .insertInto("choice_count")
      .values(
        c.choices.map((choice) => ({
          campaign_id: campaignId,
          audience: c.audience,
          age_band: c.ageBand,
          question: choice.question,
          value: choice.value,
          n: sign,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["campaign_id", "audience", "age_band", "question", "value"])
          .doUpdateSet((eb) => ({ n: eb("choice_count.n", "+", eb.ref("excluded.n")) })),
      )
      .execute();
  }
  if (sign === 1 && c.texts.length > 0) {
    await trx
      .insertInto("verbatim")
      .values(
        c.texts.map((t) => ({
          response_id: responseId,
          campaign_id: campaignId,
          audience: c.audience,
          question: t.question,
          text: t.text,
        })),
      )
      .execute();
  }
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
      sql<number>`sum(case when response_score.score > ${FAVOURABLE_ABOVE} then 1 else 0 end)`.as(
        "favourable",
      ),
    ])
    .where("response.campaign_id", "=", campaignId)
    .groupBy(["response.audience", "response.age_band", "response_score.dimension"])
    .execute();
}
