import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
  // "Vous avez dit, nous avons fait": what a territory did with what it heard.
  await db.schema
    .createTable("action")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("heard", "text", (c) => c.notNull())
    .addColumn("decided", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("starts_on", "text")
    .addColumn("ends_on", "text")
    .addColumn("dimension", "text")
    .addColumn("question", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("action_campaign_idx").on("action").column("campaign_id").execute();

  // Every save appends one row: the history is never rewritten.
  await db.schema
    .createTable("action_revision")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("action_id", "integer", (c) => c.notNull().references("action.id").onDelete("cascade"))
    .addColumn("revised_at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    // Kept so the history still says who after an account is deleted.
    .addColumn("user_email", "text")
    .addColumn("heard", "text", (c) => c.notNull())
    .addColumn("decided", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("starts_on", "text")
    .addColumn("ends_on", "text")
    .addColumn("dimension", "text")
    .addColumn("question", "text")
    .execute();
  await db.schema
    .createIndex("action_revision_action_idx")
    .on("action_revision")
    .columns(["action_id", "id"])
    .execute();

  // A free text is public only once approved; erasing the response erases this too.
  await db.schema
    .createTable("verbatim_moderation")
    .addColumn("verbatim_id", "integer", (c) => c.primaryKey().references("verbatim.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("public_text", "text")
    .addColumn("moderated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("moderated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("verbatim_moderation").execute();
  await db.schema.dropIndex("action_revision_action_idx").execute();
  await db.schema.dropTable("action_revision").execute();
  await db.schema.dropIndex("action_campaign_idx").execute();
  await db.schema.dropTable("action").execute();
}
