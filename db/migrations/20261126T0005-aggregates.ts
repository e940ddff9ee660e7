import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// Running totals kept in the same transaction as each response (and undone on erasure), so
// dashboards read a few hundred rows instead of scanning a million responses. Rows without an
// age band use the empty string (a primary key column cannot be compared as NULL).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("indicator_aggregate")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("age_band", "text", (c) => c.notNull())
    .addColumn("dimension", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", "real", (c) => c.notNull())
    .addColumn("sum_squares", "real", (c) => c.notNull())
    .addColumn("favourable", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("indicator_aggregate_pk", ["campaign_id", "audience", "age_band", "dimension"])
    .execute();

  await db.schema
    .createTable("participation_daily")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("age_band", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("participation_daily_pk", [
      "campaign_id",
      "day",
      "audience",
      "age_band",
      "locale",
    ])
    .execute();

  // Answers to unscored single-choice questions (the "informed … decided together"
  // continuum, taking part in a council), shown as distributions.
  await db.schema
    .createTable("choice_count")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("age_band", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("choice_count_pk", ["campaign_id", "audience", "age_band", "question", "value"])
    .execute();

  // Free-text answers, one row each, for searching and (later) moderation.
  await db.schema
    .createTable("verbatim")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("response_id", "text", (c) => c.notNull().references("response.id").onDelete("cascade"))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("verbatim_campaign_idx")
    .on("verbatim")
    .columns(["campaign_id", "id"])
    .execute();
  await db.schema.createIndex("verbatim_response_idx").on("verbatim").column("response_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("verbatim").execute();
  await db.schema.dropTable("choice_count").execute();
  await db.schema.dropTable("participation_daily").execute();
  await db.schema.dropTable("indicator_aggregate").execute();
}
