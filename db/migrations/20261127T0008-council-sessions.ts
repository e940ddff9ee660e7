import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
  // A youth council's session: joined with a six-character code, answered live, then
  // recorded by the facilitator as one `C` response of the campaign.
  await db.schema
    .createTable("council_session")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    // Unique for ever, so that an old code is recognised and refused as closed.
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("council_name", "text", (c) => c.notNull())
    .addColumn("items_survey_id", "text", (c) => c.notNull())
    .addColumn("items_survey_version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .addColumn("opened_at", "text")
    .addColumn("closes_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("response_id", "text", (c) => c.references("response.id").onDelete("set null"))
    // Bumped by every change a projector must show; the live stream watches it.
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("synthetic", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("council_session_campaign_idx").on("council_session").column("campaign_id").execute();

  // Phones that joined, by a keyed hash of a random cookie: no name, no address.
  await db.schema
    .createTable("council_participant")
    .addColumn("session_id", "integer", (c) => c.notNull().references("council_session.id").onDelete("cascade"))
    .addColumn("participant", "text", (c) => c.notNull())
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("council_participant_pk", ["session_id", "participant"])
    .execute();

  // One answer per phone and item: answering again replaces it.
  await db.schema
    .createTable("council_answer")
    .addColumn("session_id", "integer", (c) => c.notNull().references("council_session.id").onDelete("cascade"))
    .addColumn("participant", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("answered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("council_answer_pk", ["session_id", "participant", "question"])
    .execute();
  await db.schema
    .createIndex("council_answer_item_idx")
    .on("council_answer")
    .columns(["session_id", "question", "value"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("council_answer").execute();
  await db.schema.dropTable("council_participant").execute();
  await db.schema.dropTable("council_session").execute();
}
