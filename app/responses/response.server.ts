import crypto from "node:crypto";
import { type DB, prepareCached } from "../../db/client";
import { type Contribution, contributionOf, sumContributions } from "~/indicators/contribution";
import { RECORD_KEY_RANGE } from "~/indicators/disclosure";
import { type DimensionScores, scoreResponse } from "~/indicators/scoring";
import { canonicalJson, type Submission } from "~/responses/submission";
import { AGE_BANDS_BY_AUDIENCE, needsJointConsent, type SurveyDefinition } from "~/surveys/definition";
import { type AnswerError, MESSAGES } from "~/surveys/validate-answers";
import { formOf, hasShortForm } from "~/surveys/forms";
import { placedQuestionsOf } from "~/surveys/questions";
import type { FormOffer, QuestionnaireForm } from "../../db/schema";
import { addTotalsSync, insertVerbatimsSync } from "~/indicators/aggregates.server";
import { campaignAvailability, findCampaignBySlug } from "~/campaigns/campaign.server";
import {
  erasureCodeFor,
  hashErasureCode,
  hashResponseId,
  hashSubmissionSecret,
  hashVisitPart,
  secretMatches,
  visitErasureCodeFor,
} from "~/privacy/erasure.server";
import { inGroupCommit } from "./group-commit.server";
import { getAnswerChecker, getSurveyDefinition } from "~/surveys/surveys.server";

export type SubmitResult =
  | { kind: "created" | "retried"; id: string; erasureCode: string }
  /** The same id and content again, without the first submission's secret: stored, no code. */
  | { kind: "already_stored"; id: string }
  | { kind: "conflict" }
  /** Another response of the same family visit already has this part number. */
  | { kind: "visit_part_used" }
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

/** A response's record key: random, never shown (cell keys, docs/decisions/021). */
function newRecordKey(): number {
  return crypto.randomInt(RECORD_KEY_RANGE);
}

function contentHash(slug: string, s: Submission): string {
  const canonical = canonicalJson({
    campaign: slug,
    surveyId: s.surveyId,
    surveyVersion: s.surveyVersion,
    locale: s.locale,
    ageBand: s.ageBand,
    answers: s.answers,
    // Only the short form is named: a long response's hash stays what it was before forms
    // existed, so a retry from an older page is still a retry, and a retry with the other
    // form is a conflict.
    ...(s.form === "short" ? { form: s.form } : {}),
  });
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

/**
 * Why a campaign cannot take this form of the questionnaire, in French; null when it can.
 * A campaign offers the long form, the short one, or the person's choice of the two.
 */
export function formRefusal(def: SurveyDefinition, offer: FormOffer, form: QuestionnaireForm): string | null {
  if (form === "short" && !hasShortForm(def)) return "Ce questionnaire n'a pas de version courte.";
  if (offer === "long" && form === "short")
    return "Cette campagne propose seulement la version complète du questionnaire.";
  if (offer === "short" && form === "long" && hasShortForm(def))
    return "Cette campagne propose seulement la version courte du questionnaire.";
  return null;
}

/** Everything that makes a submission invalid for its survey, with French messages. */
function checkSubmission(
  def: SurveyDefinition,
  offer: FormOffer,
  submission: Submission,
  jointConsent: boolean,
): AnswerError[] {
  const errors: AnswerError[] = [];
  const form = submission.form ?? "long";
  const refusal = formRefusal(def, offer, form);
  // The answers cannot be checked against a form the campaign or the file does not have.
  if (refusal) return [{ question: "form", message: refusal }];
  const bandAllowed = AGE_BANDS_BY_AUDIENCE[def.audience].includes(submission.ageBand);
  // Under 15, the child or young person and a parent must both have agreed first (CNIL; loi
  // Informatique et Libertés art. 45): the consent page records it on the device. For a child
  // of 8–11, that is the page where the parent sits down beside them.
  if (bandAllowed && needsJointConsent(submission.ageBand) && !jointConsent) {
    errors.push({
      question: "ageBand",
      message:
        submission.ageBand === "8-11"
          ? "Avant de répondre, il faut l'accord de l'enfant et celui du parent qui est à côté de lui. Passez par la première page."
          : "Avant 15 ans, il faut ton accord et celui d'un parent. Passe par la page d'accord.",
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
  for (const error of getAnswerChecker(def, form)(submission.answers)) {
    // A question of the long form answered under the short one: say so, not "does not exist".
    const longOnly =
      form === "short" && error.message === MESSAGES.unknown && error.question in longQuestions(def);
    errors.push(longOnly ? { ...error, message: NOT_IN_SHORT_FORM } : error);
  }
  return errors;
}

const NOT_IN_SHORT_FORM = "Cette question ne fait pas partie de la version courte du questionnaire.";

const questionNames = new WeakMap<SurveyDefinition, Record<string, true>>();
/** The names of the long form's questions (a null-prototype record: "__proto__" is not one). */
function longQuestions(def: SurveyDefinition): Record<string, true> {
  let names = questionNames.get(def);
  if (!names) {
    names = Object.create(null) as Record<string, true>;
    for (const { question } of placedQuestionsOf(def)) if (question.name) names[question.name] = true;
    questionNames.set(def, names);
  }
  return names;
}

// The submission's statements, run synchronously inside the group commit (decision 019).
const ERASED = `select 1 from erased_response where id_hash = ?`;
const EXISTING = `select content_hash, secret_hash, erasure_hash from response where id = ?`;
const ERASURE_HASH_USED = `select 1 from response where erasure_hash = ?`;
const INSERT_RESPONSE = `insert into response (id, campaign_id, survey_id, survey_version, audience, age_band,
  locale, answers, content_hash, erasure_hash, secret_hash, submitted_at, record_key, form)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_SCORE = `insert into response_score (response_id, dimension, score) values (?, ?, ?)`;

/** The group's running totals, summed over its new responses and written once before its COMMIT. */
function flushTotals(sqlite: Parameters<typeof addTotalsSync>[0], items: TotalsItem[]) {
  addTotalsSync(sqlite, sumContributions(items, 1));
}
type TotalsItem = { campaignId: number; contribution: Contribution };

/**
 * Validates a submission against its survey definition, scores it and stores the
 * response with its scores in one transaction. A second submission with the same id
 * and the same content is a retry (answered as a success, stored once): it gets the
 * erasure code only with the secret of the first submission (decision 023), else only
 * "already stored". With other content, a conflict. Nothing is written unless everything
 * is valid.
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
  // In a family visit, the visit's one code, stored as a hash of its own for each part
  // (decision 028); else the response's own code (decision 003).
  const { visit } = submission;
  const erasureCode = visit
    ? visitErasureCodeFor(visit.id, visit.secret, secret)
    : erasureCodeFor(submission.id, secret);
  const erasureHash = visit ? hashVisitPart(erasureCode, visit.part) : hashErasureCode(erasureCode);
  const idHash = hashResponseId(submission.id);
  const secretHash = submission.secret === undefined ? null : hashSubmissionSecret(submission.secret);
  // Everything that does not depend on what is stored is worked out before the transaction,
  // so the shared transaction holds only statements (validation, scoring: pure functions).
  const day = submissionDay(now);
  const plan = ((): SubmitResult | { kind: "store"; scores: DimensionScores; contribution: Contribution } => {
    const availability = campaignAvailability(campaign, now);
    if (availability === "closed" || availability === "not_yet_open") {
      return {
        kind: "campaign_unavailable",
        availability,
        opensAt: campaign.opens_at,
        closesAt: campaign.closes_at,
      };
    }
    const errors = checkSubmission(def, campaign.form_offer, submission, options.jointConsent ?? false);
    if (errors.length > 0) return { kind: "invalid", errors };
    // Scored on the items of the form answered: the same dimensions and 0–100 scale, the mean
    // of the items asked (app/surveys/forms.ts, docs/decisions/027-short-form.md).
    const answered = formOf(def, submission.form ?? "long");
    const scores = scoreResponse(submission.answers, answered.scoring);
    const contribution = contributionOf(answered, {
      answers: submission.answers,
      ageBand: submission.ageBand,
      locale: submission.locale,
      submittedAt: day,
      scores,
      recordKey: newRecordKey(),
    });
    return { kind: "store", scores, contribution };
  })();

  // One transaction from the first look-up to the last insert: writes are serialised, so
  // two concurrent submissions of one id store one row. It is shared with the submissions
  // that arrive meanwhile (group commit: one disk sync for all; group-commit.server.ts).
  return inGroupCommit(db, ({ sqlite, batch }): SubmitResult => {
    if (prepareCached(sqlite, ERASED).get(idHash)) return { kind: "erased" };
    const existing = prepareCached(sqlite, EXISTING).get(submission.id) as
      { content_hash: string; secret_hash: string | null; erasure_hash: string } | undefined;
    if (existing) {
      // A retry is acknowledged even once the campaign has closed: it was stored in time.
      if (existing.content_hash !== hash) return { kind: "conflict" };
      // The code only to the device that sent it first: an id and answers read elsewhere (an
      // export, a shared screen) must not be enough to erase someone's response.
      // In a visit, the visit's secrets too: the code it gives must be the one stored.
      return secretMatches(existing.secret_hash, secretHash) && existing.erasure_hash === erasureHash
        ? { kind: "retried", id: submission.id, erasureCode }
        : { kind: "already_stored", id: submission.id };
    }
    if (plan.kind !== "store") return plan;
    const { scores, contribution } = plan;
    // Two responses of one visit numbered alike (a confused or hostile client): refused, not a 500.
    if (visit && prepareCached(sqlite, ERASURE_HASH_USED).get(erasureHash)) return { kind: "visit_part_used" };

    prepareCached(sqlite, INSERT_RESPONSE).run(
      submission.id,
      campaign.id,
      def.id,
      def.version,
      def.audience,
      submission.ageBand,
      submission.locale,
      JSON.stringify(submission.answers),
      hash,
      erasureHash,
      secretHash,
      day,
      contribution.recordKey,
      submission.form ?? "long",
    );
    const insertScore = prepareCached(sqlite, INSERT_SCORE);
    for (const [dimension, score] of Object.entries(scores)) insertScore.run(submission.id, dimension, score);
    insertVerbatimsSync(sqlite, campaign.id, submission.id, contribution);
    batch<TotalsItem>("totals", { campaignId: campaign.id, contribution }, flushTotals);
    return { kind: "created", id: submission.id, erasureCode };
  });
}
