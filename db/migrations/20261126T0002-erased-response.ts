import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// A tombstone per erased response (the SHA-256 of its id), so that a late retry of the
// same submission cannot bring an erased response back.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("erased_response")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("erased_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("erased_response").execute();
}
