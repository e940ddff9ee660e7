import crypto from "node:crypto";
import type { DB } from "../../db/client";
import { contributionOf } from "~/indicators/contribution";
import { removeContribution } from "~/indicators/aggregates.server";
import { recordAudit } from "./audit.server";
import { MAX_VISIT_PARTS } from "~/responses/submission-secret";
import { getSurveyDefinition } from "~/surveys/surveys.server";

// Crockford base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The erasure code of a response, derived from its id with the server secret, so a
 * retried submission gets the same code back although only its hash is stored
 * (docs/decisions/003-erasure-codes.md). 80 bits, shown as XXXX-XXXX-XXXX-XXXX.
 */
export function erasureCodeFor(responseId: string, secret: string): string {
  return formatCode(crypto.createHmac("sha256", secret).update(`erasure:${responseId}`).digest());
}

/**
 * The one erasure code of a family visit (docs/decisions/028-family-visit-code.md): derived
 * from the visit id and the visit secret the phone made, with the server secret. Without the
 * visit secret (never stored), nobody can derive it, not even with the server secret.
 */
export function visitErasureCodeFor(visitId: string, visitSecret: string, secret: string): string {
  return formatCode(crypto.createHmac("sha256", secret).update(`visit:${visitId}:${visitSecret}`).digest());
}

/**
 * What is stored of a visit's code for its part-th response: every response of the visit has
 * its own value, so nothing in the database links a parent's response to their children's.
 */
export function hashVisitPart(code: string, part: number): string {
  const normalized = normalizeErasureCode(code) ?? code;
  return crypto.createHash("sha256").update(`${normalized}:${part}`).digest("hex");
}

/** Every value an erasure code can be stored as: its own response's, or one per part of a visit. */
export function erasureHashesOf(code: string): string[] {
  return [
    hashErasureCode(code),
    ...Array.from({ length: MAX_VISIT_PARTS }, (_, part) => hashVisitPart(code, part)),
  ];
}

/** 80 bits of a digest as XXXX-XXXX-XXXX-XXXX (Crockford base32). */
function formatCode(bytes: Buffer): string {
  let bits = 0;
  let acc = 0;
  let out = "";
  for (const byte of bytes.subarray(0, 10)) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  return out.match(/.{4}/g)!.join("-");
}

/** Upper-cases and removes separators; maps look-alike letters as Crockford does. */
export function normalizeErasureCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned) ? cleaned : null;
}

/** What an erased response leaves behind: the hash of its id, nothing else. */
export function hashResponseId(id: string): string {
  return crypto.createHash("sha256").update(`response:${id}`).digest("hex");
}

/**
 * What is stored of the secret a device sends with its submission (decision 023): SHA-256 is
 * enough for 128 random bits, nobody can try them all.
 */
export function hashSubmissionSecret(secret: string): string {
  return crypto.createHash("sha256").update(`submission-secret:${secret}`).digest("hex");
}

/**
 * Whether a retry proves it comes from the device that made the first submission: the stored
 * hash of its secret matches the one sent. A response stored without a secret never matches.
 */
export function secretMatches(storedHash: string | null, sentHash: string | null): boolean {
  if (storedHash === null || sentHash === null || storedHash.length !== sentHash.length) return false;
  return crypto.timingSafeEqual(Buffer.from(storedHash), Buffer.from(sentHash));
}

export function hashErasureCode(code: string): string {
  const normalized = normalizeErasureCode(code) ?? code;
  return crypto.createHash("sha256").update(normalized).digest("hex");
}

export interface ErasableResponse {
  id: string;
  submittedAt: string;
  campaignTitle: string;
  /** How many responses the code erases: 1, or every response of a family visit. */
  count: number;
}

/** The responses an erasure code points to (one, or a family visit's), if any. */
export async function findResponseByErasureCode(db: DB, code: string): Promise<ErasableResponse | undefined> {
  if (!normalizeErasureCode(code)) return undefined;
  const rows = await db
    .selectFrom("response")
    .innerJoin("campaign", "campaign.id", "response.campaign_id")
    .select(["response.id as id", "response.submitted_at as submittedAt", "campaign.title as campaignTitle"])
    .where("response.erasure_hash", "in", erasureHashesOf(code))
    .orderBy("response.submitted_at")
    .execute();
  const first = rows[0];
  return first ? { ...first, count: rows.length } : undefined;
}

/** The columns `takeOutOfTotals` needs. */
export interface StoredResponse {
  id: string;
  campaign_id: number;
  survey_id: string;
  survey_version: number;
  audience: string;
  answers: string;
  age_band: string | null;
  locale: string;
  submitted_at: string;
  record_key: number;
}

/**
 * Takes a response out of its campaign's running totals, exactly the scores stored; run in
 * the transaction that deletes it (erasure here, retention purge in retention.server.ts).
 */
export async function takeOutOfTotals(trx: DB, row: StoredResponse): Promise<void> {
  // A council's record (audience C) is never added to the totals (recordCouncil).
  if (row.audience === "C") return;
  const def = getSurveyDefinition(row.survey_id, row.survey_version);
  if (!def) return;
  const stored = await trx
    .selectFrom("response_score")
    .select(["dimension", "score"])
    .where("response_id", "=", row.id)
    .execute();
  const contribution = contributionOf(def, {
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    ageBand: row.age_band,
    locale: row.locale,
    submittedAt: row.submitted_at,
    scores: Object.fromEntries(stored.map((s) => [s.dimension, s.score])),
    recordKey: row.record_key,
  });
  await removeContribution(trx, row.campaign_id, contribution);
}

/**
 * Deletes the responses an erasure code points to (one, or every response of a family visit),
 * with their scores, each taken out of the running totals; true when at least one was deleted.
 * The audit log says that a response of the campaign was erased, once per response, and
 * nothing that points to it.
 */
export async function eraseResponse(db: DB, code: string): Promise<boolean> {
  return (await eraseByCode(db, code)) > 0;
}

/** `eraseResponse`, saying how many responses were deleted. */
export async function eraseByCode(db: DB, code: string): Promise<number> {
  if (!normalizeErasureCode(code)) return 0;
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("response")
      .innerJoin("campaign", "campaign.id", "response.campaign_id")
      .select([
        "response.id",
        "response.campaign_id",
        "response.survey_id",
        "response.survey_version",
        "response.audience",
        "response.answers",
        "response.age_band",
        "response.locale",
        "response.submitted_at",
        "response.record_key",
        "campaign.slug",
      ])
      .where("response.erasure_hash", "in", erasureHashesOf(code))
      .execute();
    for (const row of rows) {
      await takeOutOfTotals(trx, row);
      await trx.deleteFrom("response_score").where("response_id", "=", row.id).execute();
      await trx.deleteFrom("response").where("id", "=", row.id).execute();
      await trx
        .insertInto("erased_response")
        .values({ id_hash: hashResponseId(row.id), erased_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await recordAudit(trx, { actor: null, action: "response_erased", target: row.slug });
    }
    return rows.length;
  });
}
