import { type Kysely, sql } from "kysely";

// Frozen in time: never import app code here.
// The two non-answers (issue 14, part 2): every answer "nsp" (I don't know) or "nc" (not my case)
// now enters the running totals of choices, under the question "@non-answer:<name>", so the
// dashboards count them per item without reading the answers. The responses stored before this
// migration are counted here once, with their record keys, so that erasing one of them later
// takes out exactly what is in.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into choice_count (campaign_id, audience, age_band, question, value, n, key_sum)
    select r.campaign_id, r.audience, coalesce(r.age_band, ''), '@non-answer:' || j.key, j.value,
      count(*), sum(r.record_key)
    from response r, json_each(r.answers) j
    where j.type = 'text' and j.value in ('nsp', 'nc')
    group by r.campaign_id, r.audience, r.age_band, j.key, j.value
    on conflict (campaign_id, audience, age_band, question, value) do update set
      n = n + excluded.n, key_sum = key_sum + excluded.key_sum`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from choice_count where question like '@non-answer:%'`.execute(db);
}
