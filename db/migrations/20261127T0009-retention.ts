import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// How long a campaign's responses are kept after it closes (docs/decisions/015). Existing
// campaigns take the default; `npm run purge` deletes what is past it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("campaign")
    .addColumn("retention_months", "integer", (c) => c.notNull().defaultTo(24))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign").dropColumn("retention_months").execute();
}
