import crypto from "node:crypto";
import type { DB } from "../../db/client";
import { contributionOf } from "~/lib/contribution";
import { scoreResponse } from "~/lib/scoring";
import { canonicalJson, type Submission } from "~/lib/submission";
import { AGE_BANDS_BY_AUDIENCE, type SurveyDefinition } from "~/lib/survey-definition";
import type { AnswerError } from "~/lib/validate-answers";
import { applyContribution } from "./aggregates.server";
import { campaignAvailability, findCampaignBySlug } from "./campaign.server";
import { erasureCodeFor, hashErasureCode, hashResponseId } from "./erasure.server";
import { inGroupCommit } from "./group-commit.server";
import { getAnswerChecker, getSurveyDefinition } from "./surveys.server";

export type SubmitResult =
  | { kind: "created" | "retried"; id: string; erasureCode: string }
  | { kind: "conflict" }
  | { kind: "erased" }
  | { kind: "campaign_not_found" }
  | { kind: "survey_not_in_campaign" }
  | {
      kind: "campaign_unavailable";
      availability: "not_yet_open" | "closed";
      opensAt: string;
      closesAt: string;
    }
  | { kind: "invalid"; errors: AnswerError[] };

/**
 * When a response was submitted, to the day only: an exact time, with an age band and
 * free text, could let someone who saw a parent answer at the school gate find them.
 */
export function submissionDay(now: Date): string {
  return `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
}

function contentHash(slug: string, s: Submission): string {
  const canonical = canonicalJson({
    campaign: slug,
    surveyId: s.surveyId,
    surveyVersion: s.surveyVersion,
    locale: s.locale,
    ageBand: s.ageBand,
    answers: s.answers,
  });
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

/** Everything that makes a submission invalid for its survey, with French messages. */
function checkSubmission(
  def: SurveyDefinition,
  submission: Submission,
  jointConsent: boolean,
): AnswerError[] {
  const errors: AnswerError[] = [];
  const bandAllowed = AGE_BANDS_BY_AUDIENCE[def.audience].includes(submission.ageBand);
  // Under 15, the young person and a parent must both have agreed first (CNIL; loi
  // Informatique et Libertés art. 45): the consent page records it on the device.
  if (bandAllowed && submission.ageBand === "12-14" && !jointConsent) {
    errors.push({
      question: "ageBand",
      message: "Avant 15 ans, il faut ton accord et celui d'un parent. Passe par la page d'accord.",
    });
  }
  if (!bandAllowed) {
    errors.push({
      question: "ageBand",
      message:
        submission.ageBand === null
          ? "La tranche d'âge manque pour ce questionnaire."
          : "Cette tranche d'âge ne correspond pas à ce questionnaire.",
    });
  }
  if (!def.locales.includes(submission.locale)) {
    errors.push({ question: "locale", message: "Ce questionnaire n'existe pas dans cette langue." });
  }
  errors.push(...getAnswerChecker(def)(submission.answers));
  return errors;
}

async function wasErased(db: DB, id: string): Promise<boolean> {
  const row = await db
    .selectFrom("erased_response")
    .select("id_hash")
    .where("id_hash", "=", hashResponseId(id))
    .executeTakeFirst();
  return !!row;
}

/**
 * Validates a submission against its survey definition, scores it and stores the
 * response with its scores in one transaction. A second submission with the same id
 * and the same content is a retry (answered as a success, stored once); with other
 * content, a conflict. Nothing is written unless everything is valid.
 */
export async function submitResponse(
  db: DB,
  slug: string,
  submission: Submission,
  secret: string,
  options: { now?: Date; jointConsent?: boolean } = {},
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign || campaign.status === "draft") return { kind: "campaign_not_found" };
  const offered = campaign.surveys.some(
    (s) => s.surveyId === submission.surveyId && s.surveyVersion === submission.surveyVersion,
  );
  const def = offered ? getSurveyDefinition(submission.surveyId, submission.surveyVersion) : undefined;
  if (!def) return { kind: "survey_not_in_campaign" };

  const hash = contentHash(slug, submission);
  const erasureCode = erasureCodeFor(submission.id, secret);
  // One transaction from the first look-up to the last insert: writes are serialised, so
  // two concurrent submissions of one id store one row. It is shared with the submissions
  // that arrive meanwhile (group commit: one disk sync for all; group-commit.server.ts).
  // Validation is synchronous and blocks the event loop anyway, so doing it inside costs no
  // concurrency.
  return inGroupCommit(db, async (trx): Promise<SubmitResult> => {
    if (await wasErased(trx, submission.id)) return { kind: "erased" };
    const existing = await trx
      .selectFrom("response")
      .select("content_hash")
      .where("id", "=", submission.id)
      .executeTakeFirst();
    if (existing) {
      // A retry is acknowledged even once the campaign has closed: it was stored in time.
      return existing.content_hash === hash
        ? { kind: "retried", id: submission.id, erasureCode }
        : { kind: "conflict" };
    }

    const availability = campaignAvailability(campaign, now);
    if (availability === "closed" || availability === "not_yet_open") {
      return {
        kind: "campaign_unavailable",
        availability,
        opensAt: campaign.opens_at,
        closesAt: campaign.closes_at,
      };
    }
    const errors = checkSubmission(def, submission, options.jointConsent ?? false);
    if (errors.length > 0) return { kind: "invalid", errors };

    await trx
      .insertInto("response")
      .values({
        id: submission.id,
        campaign_id: campaign.id,
        survey_id: def.id,
        survey_version: def.version,
        audience: def.audience,
        age_band: submission.ageBand,
        locale: submission.locale,
        answers: JSON.stringify(submission.answers),
        content_hash: hash,
        erasure_hash: hashErasureCode(erasureCode),
        submitted_at: submissionDay(now),
      })
      .execute();
    const scores = scoreResponse(submission.answers, def.scoring);
    const rows = Object.entries(scores).map(([dimension, score]) => ({
      response_id: submission.id,
      dimension,
      score,
    }));
    if (rows.length > 0) await trx.insertInto("response_score").values(rows).execute();
    const contribution = contributionOf(def, {
      answers: submission.answers,
      ageBand: submission.ageBand,
      locale: submission.locale,
      submittedAt: submissionDay(now),
      scores,
    });
    await applyContribution(trx, campaign.id, submission.id, contribution, 1);
    return { kind: "created", id: submission.id, erasureCode };
  });
}
