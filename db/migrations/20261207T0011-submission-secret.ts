import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// The hash of the random secret the respondent's device sends with its first submission
// (docs/decisions/023-erasure-code-secret.md): a retry gets the erasure code back only with
// that secret. Responses stored before have none (null): their retries never get the code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("response").addColumn("secret_hash", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("response").dropColumn("secret_hash").execute();
}
