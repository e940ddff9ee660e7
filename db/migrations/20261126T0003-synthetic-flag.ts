import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// Demo and benchmark responses are marked, so they can never pass for real answers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("response")
    .addColumn("synthetic", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("response").dropColumn("synthetic").execute();
}
