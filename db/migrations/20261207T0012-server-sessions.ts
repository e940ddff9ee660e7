import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// Coordinators' sessions held on the server (docs/decisions/022-logins-and-sessions.md): the
// cookie names a row, logout deletes it, and a row past its absolute or idle limit is refused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("user_session")
    // SHA-256 (hex) of the random token in the signed cookie: the table alone opens nothing.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    // Written at most once a minute per session, not on every request.
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_session_user_idx").on("user_session").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("user_session").execute();
}
