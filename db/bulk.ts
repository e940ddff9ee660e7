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
  scores: [string, number][];
}

/**
 * Inserts many synthetic responses (marked as such) with their scores through prepared statements in one
 * transaction: seeding a million responses through the query builder would take far
 * longer, and this SQLite-specific path stays inside db/.
 */
export function insertResponsesBulk(sqlite: SQLite.Database, rows: BulkResponse[]): void {
  // Random UUID keys land all over the indexes: a large page cache keeps a million-row
  // seed from thrashing. Negative means KiB; this connection only.
  if ((sqlite.pragma("cache_size", { simple: true }) as number) > -262144) {
    sqlite.pragma("cache_size = -262144");
  }
  const insertResponse = sqlite.prepare(
    `insert into response (id, campaign_id, survey_id, survey_version, audience, age_band, locale,
       answers, content_hash, erasure_hash, submitted_at, synthetic)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insertScore = sqlite.prepare(
    "insert into response_score (response_id, dimension, score) values (?, ?, ?)",
  );
  sqlite.transaction((batch: BulkResponse[]) => {
    for (const r of batch) {
      insertResponse.run(
        r.id, r.campaignId, r.surveyId, r.surveyVersion, r.audience, r.ageBand, r.locale,
        r.answers, r.contentHash, r.erasureHash, r.submittedAt,
      );
      for (const [dimension, score] of r.scores) insertScore.run(r.id, dimension, score);
    }
  })(rows);
}
