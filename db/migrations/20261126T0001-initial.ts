import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("territory")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();

  await db.schema
    .createTable("campaign")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("territory_id", "integer", (c) => c.notNull().references("territory.id"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("wave_label", "text", (c) => c.notNull())
    .addColumn("opens_at", "text", (c) => c.notNull())
    .addColumn("closes_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();

  await db.schema
    .createTable("campaign_survey")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("survey_id", "text", (c) => c.notNull())
    .addColumn("survey_version", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("campaign_survey_pk", ["campaign_id", "survey_id"])
    .execute();

  await db.schema
    .createTable("response")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id"))
    .addColumn("survey_id", "text", (c) => c.notNull())
    .addColumn("survey_version", "integer", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("age_band", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("erasure_hash", "text", (c) => c.notNull().unique())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("response_campaign_audience_idx")
    .on("response")
    .columns(["campaign_id", "audience", "age_band"])
    .execute();

  await db.schema
    .createTable("response_score")
    .addColumn("response_id", "text", (c) => c.notNull().references("response.id").onDelete("cascade"))
    .addColumn("dimension", "text", (c) => c.notNull())
    .addColumn("score", "real", (c) => c.notNull())
    .addPrimaryKeyConstraint("response_score_pk", ["response_id", "dimension"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("response_score").execute();
  await db.schema.dropTable("response").execute();
  await db.schema.dropTable("campaign_survey").execute();
  await db.schema.dropTable("campaign").execute();
  await db.schema.dropTable("territory").execute();
}
