import type SQLite from "better-sqlite3";

export interface BulkResponse {
  id: string;
  campaignId: number;
  surveyId: string;
  surveyVersion: number;
  audience: string;
  ageBand: string | null;
  locale: string;
  answers: string;
  contentHash: string;
  erasureHash: string;
  submittedAt: string;
  /** Random in [0, 2^31): summed into the totals' key_sum (cell keys, decision 021). */
  recordKey: number;
  scores: { dimension: string; score: number; favourable: boolean }[];
  choices: { question: string; value: string }[];
  texts: { question: string; text: string }[];
  /** The form answered; "long" when absent. */
  form?: "long" | "short";
}

/**
 * Inserts many synthetic responses (marked as such) with their scores, free texts and
 * running totals through prepared statements in one transaction: seeding a million
 * responses through the query builder would take far longer, and this SQLite-specific
 * path stays inside db/. Totals are summed per batch first, then added once per key.
 */
export function insertResponsesBulk(sqlite: SQLite.Database, rows: BulkResponse[]): void {
  // Random UUID keys land all over the indexes: a large page cache keeps a million-row
  // seed from thrashing. Negative means KiB; this connection only.
  if ((sqlite.pragma("cache_size", { simple: true }) as number) > -262144) {
    sqlite.pragma("cache_size = -262144");
  }
  const insertResponse = sqlite.prepare(
    `insert into response (id, campaign_id, survey_id, survey_version, audience, age_band, locale,
       answers, content_hash, erasure_hash, submitted_at, record_key, form, synthetic)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insertScore = sqlite.prepare(
    "insert into response_score (response_id, dimension, score) values (?, ?, ?)",
  );
  const insertText = sqlite.prepare(
    "insert into verbatim (response_id, campaign_id, audience, question, text) values (?, ?, ?, ?, ?)",
  );
  const addIndicator = sqlite.prepare(
    `insert into indicator_aggregate (campaign_id, audience, age_band, dimension, n, sum, sum_squares, favourable,
       key_sum) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (campaign_id, audience, age_band, dimension) do update set
       n = n + excluded.n, sum = sum + excluded.sum,
       sum_squares = sum_squares + excluded.sum_squares, favourable = favourable + excluded.favourable,
       key_sum = key_sum + excluded.key_sum`,
  );
  const addParticipation = sqlite.prepare(
    `insert into participation_daily (campaign_id, day, audience, age_band, locale, n, key_sum)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (campaign_id, day, audience, age_band, locale) do update set n = n + excluded.n,
       key_sum = key_sum + excluded.key_sum`,
  );
  const addChoice = sqlite.prepare(
    `insert into choice_count (campaign_id, audience, age_band, question, value, n, key_sum)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (campaign_id, audience, age_band, question, value) do update set n = n + excluded.n,
       key_sum = key_sum + excluded.key_sum`,
  );

  sqlite.transaction((batch: BulkResponse[]) => {
    const indicators = new Map<
      string,
      { key: (string | number)[]; n: number; sum: number; sq: number; fav: number; ks: number }
    >();
    const participation = new Map<string, { key: (string | number)[]; n: number; ks: number }>();
    const choices = new Map<string, { key: (string | number)[]; n: number; ks: number }>();
    for (const r of batch) {
      insertResponse.run(
        r.id,
        r.campaignId,
        r.surveyId,
        r.surveyVersion,
        r.audience,
        r.ageBand,
        r.locale,
        r.answers,
        r.contentHash,
        r.erasureHash,
        r.submittedAt,
        r.recordKey,
        r.form ?? "long",
      );
      const band = r.ageBand ?? "";
      for (const s of r.scores) {
        insertScore.run(r.id, s.dimension, s.score);
        const key = [r.campaignId, r.audience, band, s.dimension];
        const k = key.join("|");
        const acc = indicators.get(k) ?? { key, n: 0, sum: 0, sq: 0, fav: 0, ks: 0 };
        acc.n += 1;
        acc.ks += r.recordKey;
        acc.sum += s.score;
        acc.sq += s.score * s.score;
        acc.fav += s.favourable ? 1 : 0;
        indicators.set(k, acc);
      }
      for (const t of r.texts) insertText.run(r.id, r.campaignId, r.audience, t.question, t.text);
      const pKey = [r.campaignId, r.submittedAt.slice(0, 10), r.audience, band, r.locale];
      const pk = pKey.join("|");
      const p = participation.get(pk) ?? { key: pKey, n: 0, ks: 0 };
      p.n += 1;
      p.ks += r.recordKey;
      participation.set(pk, p);
      for (const c of r.choices) {
        const cKey = [r.campaignId, r.audience, band, c.question, c.value];
        const ck = cKey.join("|");
        const c2 = choices.get(ck) ?? { key: cKey, n: 0, ks: 0 };
        c2.n += 1;
        c2.ks += r.recordKey;
        choices.set(ck, c2);
      }
    }
    for (const a of indicators.values()) addIndicator.run(...a.key, a.n, a.sum, a.sq, a.fav, a.ks);
    for (const p of participation.values()) addParticipation.run(...p.key, p.n, p.ks);
    for (const c of choices.values()) addChoice.run(...c.key, c.n, c.ks);
  })(rows);
}
