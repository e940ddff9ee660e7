import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// Response ids are random UUIDs, so the first rows of a survey in id order are a random
// sample: reliability (Cronbach's alpha) reads 1,000 of them through this index instead of
// sorting a large campaign's responses.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("response_campaign_survey_id_idx")
    .on("response")
    .columns(["campaign_id", "survey_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("response_campaign_survey_id_idx").execute();
}
