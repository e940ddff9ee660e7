import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
// Disclosure control (docs/decisions/021-disclosure-control.md): each response gets a random
// record key, and every running total keeps the sum of its responses' keys, from which the
// cell key of any figure is computed (the ABS cell key method). Figures are read from a
// daily release (figure_release), so two readings on the same day give the same figures.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("response")
    .addColumn("record_key", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Existing responses: a random key in [0, 2^31).
  await sql`update response set record_key = abs(random() % 2147483648)`.execute(db);

  for (const table of ["indicator_aggregate", "participation_daily", "choice_count"]) {
    await db.schema
      .alterTable(table)
      .addColumn("key_sum", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`update indicator_aggregate set key_sum = coalesce((
      select sum(r.record_key) from response_score s join response r on r.id = s.response_id
      where r.campaign_id = indicator_aggregate.campaign_id and r.audience = indicator_aggregate.audience
        and coalesce(r.age_band, '') = indicator_aggregate.age_band
        and s.dimension = indicator_aggregate.dimension), 0)`.execute(db);
  await sql`update participation_daily set key_sum = coalesce((
      select sum(r.record_key) from response r
      where r.campaign_id = participation_daily.campaign_id and r.audience = participation_daily.audience
        and coalesce(r.age_band, '') = participation_daily.age_band and r.locale = participation_daily.locale
        and substr(r.submitted_at, 1, 10) = participation_daily.day), 0)`.execute(db);
  await sql`update choice_count set key_sum = coalesce((
      select sum(r.record_key) from response r
      where r.campaign_id = choice_count.campaign_id and r.audience = choice_count.audience
        and coalesce(r.age_band, '') = choice_count.age_band
        and cast(json_extract(r.answers, '$."' || choice_count.question || '"') as text) = choice_count.value), 0)`.execute(
    db,
  );

  await db.schema
    .createTable("figure_release")
    .addColumn("campaign_id", "integer", (c) => c.primaryKey().references("campaign.id").onDelete("cascade"))
    /** YYYY-MM-DD (UTC): one release a day at most. */
    .addColumn("released_on", "text", (c) => c.notNull())
    .addColumn("released_at", "text", (c) => c.notNull())
    /** The campaign's running totals at that moment, JSON, one column a table (the national
        view reads only the first). */
    .addColumn("indicators", "text", (c) => c.notNull())
    .addColumn("days", "text", (c) => c.notNull())
    .addColumn("choices", "text", (c) => c.notNull())
    /** 1: released after the campaign closed, kept while it stays closed. */
    .addColumn("frozen", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("figure_release").execute();
  for (const table of ["indicator_aggregate", "participation_daily", "choice_count"])
    await db.schema.alterTable(table).dropColumn("key_sum").execute();
  await db.schema.alterTable("response").dropColumn("record_key").execute();
}
