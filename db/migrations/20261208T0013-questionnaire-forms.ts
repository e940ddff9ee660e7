import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// Short and long forms of a questionnaire (issue 14, part 3): each response says which form it
// answered, and each campaign says which form it offers ("long", "short", or "choice": the person
// chooses). Rows stored before this migration answered the long form.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("response")
    .addColumn("form", "text", (c) => c.notNull().defaultTo("long"))
    .execute();
  await db.schema
    .alterTable("campaign")
    .addColumn("form_offer", "text", (c) => c.notNull().defaultTo("long"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign").dropColumn("form_offer").execute();
  await db.schema.alterTable("response").dropColumn("form").execute();
}
