import crypto from "node:crypto";
import type { DB } from "../../db/client";
import {
  type CouncilSitting,
  CRITERIA,
  type CriteriaSummary,
  criteriaSummary,
  evidenceQuestion,
  OPINION_QUESTION,
  type Verdict,
} from "~/council/rules";
import { COUNCIL_RECORD_SURVEY, councilSurvey } from "~/council/items.server";
import { canonicalJson } from "~/responses/submission";
import { type AnswerError, validateAnswers } from "~/surveys/validate-answers";
import { recordAudit } from "~/privacy/audit.server";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import { erasureCodeFor, hashErasureCode } from "~/privacy/erasure.server";
import { submissionDay } from "~/responses/response.server";
import { getValidationModel } from "~/surveys/surveys.server";
import type { Actor } from "~/accounts/user.server";

// The council's record: its opinion and self-assessment, one `C` response of the campaign
// per sitting (docs/decisions/011-council-sessions.md, "The record"), and how it is read
// back for the dashboard and the public results.

export type RecordResult =
  | { kind: "created" | "updated" | "unchanged"; responseId: string }
  | { kind: "not_started" }
  | { kind: "invalid"; errors: AnswerError[] };

/**
 * Stores the council's opinion and self-assessment as the sitting's `C` response, checked
 * by survey-core against the record's definition like any response. A sitting has one
 * record: saving again corrects it (logged), it never adds a second response.
 */
export async function recordCouncil(
  db: DB,
  actor: Actor | null,
  campaign: Pick<CampaignWithSurveys, "id" | "slug">,
  sitting: CouncilSitting,
  answers: Record<string, unknown>,
  secret: string,
  options: { now?: Date; synthetic?: boolean } = {},
): Promise<RecordResult> {
  const now = options.now ?? new Date();
  if (sitting.status === "waiting") return { kind: "not_started" };
  const def = councilSurvey(COUNCIL_RECORD_SURVEY);
  const errors = validateAnswers(getValidationModel(def), answers);
  if (errors.length > 0) return { kind: "invalid", errors };
  const json = JSON.stringify(answers);
  const hash = crypto
    .createHash("sha256")
    .update(canonicalJson({ campaign: campaign.slug, session: sitting.id, answers }))
    .digest("hex");

  const result = await db.transaction().execute(async (trx): Promise<RecordResult> => {
    // Read inside the transaction: two saves at once still make one response.
    const current = await trx
      .selectFrom("council_session")
      .select("response_id")
      .where("id", "=", sitting.id)
      .executeTakeFirstOrThrow();
    if (current.response_id) {
      const existing = await trx
        .selectFrom("response")
        .select("content_hash")
        .where("id", "=", current.response_id)
        .executeTakeFirst();
      if (existing) {
        if (existing.content_hash === hash) return { kind: "unchanged", responseId: current.response_id };
        await trx
          .updateTable("response")
          .set({ answers: json, content_hash: hash })
          .where("id", "=", current.response_id)
          .execute();
        return { kind: "updated", responseId: current.response_id };
      }
    }
    const id = crypto.randomUUID();
    await trx
      .insertInto("response")
      .values({
        id,
        campaign_id: campaign.id,
        survey_id: def.id,
        survey_version: def.version,
        audience: def.audience,
        age_band: null,
        locale: def.locales[0]!,
        answers: json,
        content_hash: hash,
        // The column is required and unique; nobody is given this code: a council's
        // record is corrected by its coordinators, not erased by a respondent.
        erasure_hash: hashErasureCode(erasureCodeFor(id, secret)),
        submitted_at: submissionDay(now),
        synthetic: options.synthetic ? 1 : 0,
      })
      .execute();
    await trx.updateTable("council_session").set({ response_id: id }).where("id", "=", sitting.id).execute();
    return { kind: "created", responseId: id };
  });
  if (actor && (result.kind === "created" || result.kind === "updated")) {
    await recordAudit(db, {
      actor,
      action: result.kind === "created" ? "council_recorded" : "council_record_updated",
      target: campaign.slug,
      details: { session: sitting.id, response: result.responseId },
    });
  }
  return result;
}

export interface CouncilRecord {
  opinion: string;
  criteria: { name: string; model: string; label: string; verdict: Verdict | null; evidence: string }[];
  summary: CriteriaSummary;
}

/** A stored record's answers, read for display (unknown verdicts read as none). */
export function toRecord(answersJson: string): CouncilRecord {
  const answers = JSON.parse(answersJson) as Record<string, unknown>;
  return {
    opinion: typeof answers[OPINION_QUESTION] === "string" ? answers[OPINION_QUESTION] : "",
    criteria: CRITERIA.map((c) => {
      const verdict = answers[c.name];
      const evidence = answers[evidenceQuestion(c.name)];
      return {
        name: c.name,
        model: c.model,
        label: c.label,
        verdict: verdict === "yes" || verdict === "partly" || verdict === "no" ? verdict : null,
        evidence: typeof evidence === "string" ? evidence : "",
      };
    }),
    summary: criteriaSummary(answers),
  };
}

/** A record's raw answers (to fill the facilitator's form again for a correction). */
export async function recordAnswers(
  db: DB,
  sitting: CouncilSitting,
): Promise<Record<string, unknown> | null> {
  if (!sitting.response_id) return null;
  const row = await db
    .selectFrom("response")
    .select("answers")
    .where("id", "=", sitting.response_id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.answers) as Record<string, unknown>) : null;
}

export interface PublishedCouncilOpinion {
  /** The sitting's id (the field keeps its first name: the dashboard and public page read it). */
  sessionId: number;
  councilName: string;
  /** When the sitting was held (opened): a full timestamp, to format in Paris time. */
  heldOn: string;
  record: CouncilRecord;
}

/** The councils' recorded opinions of a campaign, oldest first (public page, dashboard). */
export async function councilOpinions(db: DB, campaignId: number): Promise<PublishedCouncilOpinion[]> {
  const rows = await db
    .selectFrom("council_session")
    .innerJoin("response", "response.id", "council_session.response_id")
    .select([
      "council_session.id",
      "council_session.council_name",
      "council_session.opened_at",
      "council_session.created_at",
      "response.answers",
    ])
    .where("council_session.campaign_id", "=", campaignId)
    .orderBy("council_session.id")
    .execute();
  return rows.map((r) => ({
    sessionId: r.id,
    councilName: r.council_name,
    heldOn: r.opened_at ?? r.created_at,
    record: toRecord(r.answers),
  }));
}
