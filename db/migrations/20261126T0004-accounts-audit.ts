import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("user")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    // Bumped on password change: every other session of the account ends.
    .addColumn("session_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();

  await db.schema
    .createTable("user_territory")
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("territory_id", "integer", (c) => c.notNull().references("territory.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("user_territory_pk", ["user_id", "territory_id"])
    .execute();

  // Failed logins per e-mail address (hashed: attempts on unknown addresses are counted too).
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("first_failure_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("user_email", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
  await db.schema.createIndex("campaign_territory_idx").on("campaign").column("territory_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("campaign_territory_idx").execute();
  await db.schema.dropTable("audit_log").execute();
  await db.schema.dropTable("login_throttle").execute();
  await db.schema.dropTable("user_territory").execute();
  await db.schema.dropTable("user").execute();
}
