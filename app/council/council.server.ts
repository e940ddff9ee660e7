import crypto from "node:crypto";
import type { DB } from "../../db/client";
import type { CampaignStatus, CouncilSession, CouncilSessionStatus } from "../../db/schema";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  CRITERIA,
  type CriteriaSummary,
  criteriaSummary,
  evidenceQuestion,
  type FaceKind,
  type LiveItem,
  liveItem,
  MAX_PARTICIPANTS,
  OPINION_QUESTION,
  SESSION_DURATIONS,
  splitFace,
  type Verdict,
} from "~/council/rules";
import { DEFAULT_TEXT_LOCALE, localizedText } from "~/surveys/localized-text";
import { canonicalJson } from "~/responses/submission";
import type { SurveyDefinition } from "~/surveys/definition";
import { type AnswerError, validateAnswers } from "~/surveys/validate-answers";
import { recordAudit } from "~/privacy/audit.server";
import { campaignAvailability, type CampaignWithSurveys } from "~/campaigns/campaign.server";
import { erasureCodeFor, hashErasureCode } from "~/privacy/erasure.server";
import { submissionDay } from "~/responses/response.server";
import { getSurveyDefinition, getValidationModel } from "~/surveys/surveys.server";
import type { Actor } from "~/accounts/user.server";

// Youth council sessions (issue 4; docs/decisions/011-council-sessions.md). A session lives
// in three states: "waiting" (code given out, phones may join, answers refused), "open"
// (answers taken until the facilitator closes it or its time limit passes) and "closed".
// Phones' answers stay in the session; the council's collective record (opinion and
// self-assessment) is one `C` response of the campaign, never pooled with individual scores.

/** The items phones answer, and the record the facilitator writes: fixed survey versions. */
export const COUNCIL_ITEMS_SURVEY = { id: "council-items", version: 1 } as const;
export const COUNCIL_RECORD_SURVEY = { id: "council-record", version: 1 } as const;

const MINUTE = 60_000;

export interface CouncilItem {
  name: string;
  title: string;
  choices: { value: string; label: string; face: FaceKind | null }[];
}

function definition(ref: { id: string; version: number }): SurveyDefinition {
  const def = getSurveyDefinition(ref.id, ref.version);
  if (!def) throw new Error(`survey ${ref.id}.v${ref.version} is missing from surveys/`);
  return def;
}

/**
 * A survey's questions in page order, with their choices as stored (values as text). Titles
 * and choice texts may be multi-locale (`{ default, en, ar }`): they are read in `locale`,
 * French (the `default`) unless asked otherwise or when the file lacks that locale.
 */
function itemsOf(def: SurveyDefinition, locale: string = DEFAULT_TEXT_LOCALE): CouncilItem[] {
  const pages = (def.survey.pages ?? []) as {
    elements: { name: string; title?: unknown; choices?: { value: string | number; text?: unknown }[] }[];
  }[];
  return pages.flatMap((p) =>
    p.elements.map((q) => ({
      name: q.name,
      title: localizedText(q.title, locale) || q.name,
      choices: (q.choices ?? []).map((c) => ({
        value: String(c.value),
        ...splitFace(localizedText(c.text, locale) || String(c.value)),
      })),
    })),
  );
}

const itemsCache = new Map<string, CouncilItem[]>();
/**
 * The items of a session's survey version (what phones answer and the projector shows), in
 * French unless another locale is asked for; the values are the same in every locale.
 */
export function councilItems(
  session: Pick<CouncilSession, "items_survey_id" | "items_survey_version">,
  locale: string = DEFAULT_TEXT_LOCALE,
) {
  const key = `${session.items_survey_id}.v${session.items_survey_version}:${locale}`;
  let items = itemsCache.get(key);
  if (!items) {
    items = itemsOf(
      definition({ id: session.items_survey_id, version: session.items_survey_version }),
      locale,
    );
    itemsCache.set(key, items);
  }
  return items;
}

/** The record's questions (opinion, criteria, evidence), for the facilitator's form. */
export function councilRecordQuestions(): CouncilItem[] {
  return itemsOf(definition(COUNCIL_RECORD_SURVEY));
}

/** A session's state now: an open session past its time limit is closed. */
export function effectiveStatus(
  session: Pick<CouncilSession, "status" | "closes_at">,
  now: Date = new Date(),
): CouncilSessionStatus {
  if (session.status === "open" && session.closes_at && now.toISOString() >= session.closes_at)
    return "closed";
  return session.status;
}

function randomCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

export type CreateSessionResult =
  { kind: "created"; session: CouncilSession } | { kind: "campaign_unavailable"; availability: string };

/** A new session for a campaign that is open or about to open; its code is new. */
export async function createSession(
  db: DB,
  actor: Actor | null,
  campaign: CampaignWithSurveys,
  input: { councilName: string; durationMinutes: number; synthetic?: boolean; now?: Date },
): Promise<CreateSessionResult> {
  // The route offers only these; anything else is a programming error, not bad input.
  if (!(SESSION_DURATIONS as readonly number[]).includes(input.durationMinutes)) {
    throw new RangeError(`durationMinutes must be one of ${SESSION_DURATIONS.join(", ")}`);
  }
  const now = input.now ?? new Date();
  const availability = campaignAvailability(campaign, now);
  if (availability !== "open" && availability !== "not_yet_open")
    return { kind: "campaign_unavailable", availability };
  // 887 million codes: a collision is rare, and the unique index catches it; try again.
  for (let attempt = 0; ; attempt++) {
    const code = randomCode();
    try {
      const session = await db
        .insertInto("council_session")
        .values({
          campaign_id: campaign.id,
          code,
          council_name: input.councilName,
          items_survey_id: COUNCIL_ITEMS_SURVEY.id,
          items_survey_version: COUNCIL_ITEMS_SURVEY.version,
          status: "waiting",
          duration_minutes: input.durationMinutes,
          created_by: actor?.id ?? null,
          created_at: now.toISOString(),
          synthetic: input.synthetic ? 1 : 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (actor) {
        await recordAudit(db, {
          actor,
          action: "council_session_created",
          target: campaign.slug,
          details: { session: session.id, council: input.councilName },
        });
      }
      return { kind: "created", session };
    } catch (error) {
      if (attempt < 5 && /UNIQUE/.test(String(error))) continue;
      throw error;
    }
  }
}

export interface SessionWithCampaign extends CouncilSession {
  campaign_status: CouncilSessionStatus | string;
  campaign_opens_at: string;
  campaign_closes_at: string;
}

/** A session by its code, with its campaign's dates (phones must know when it ended). */
export async function findSessionByCode(db: DB, code: string): Promise<SessionWithCampaign | undefined> {
  return db
    .selectFrom("council_session")
    .innerJoin("campaign", "campaign.id", "council_session.campaign_id")
    .selectAll("council_session")
    .select([
      "campaign.status as campaign_status",
      "campaign.opens_at as campaign_opens_at",
      "campaign.closes_at as campaign_closes_at",
    ])
    .where("council_session.code", "=", code)
    .executeTakeFirst();
}

/**
 * A session's state as phones see it: a session still waiting when its campaign has closed
 * will never open, so its code is refused like a closed one.
 */
export function statusForPhones(session: SessionWithCampaign, now: Date = new Date()): CouncilSessionStatus {
  const status = effectiveStatus(session, now);
  if (status !== "waiting") return status;
  const campaignOver =
    campaignAvailability(
      {
        status: session.campaign_status as CampaignStatus,
        opens_at: session.campaign_opens_at,
        closes_at: session.campaign_closes_at,
      },
      now,
    ) === "closed";
  return campaignOver ? "closed" : "waiting";
}

export async function findSession(
  db: DB,
  campaignId: number,
  id: number,
): Promise<CouncilSession | undefined> {
  return db
    .selectFrom("council_session")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Writes down that an open session ran past its time limit (idempotent). */
async function settleExpiry(db: DB, session: CouncilSession, now: Date): Promise<CouncilSession> {
  if (session.status !== "open" || effectiveStatus(session, now) !== "closed") return session;
  await db
    .updateTable("council_session")
    .set((eb) => ({ status: "closed", closed_at: session.closes_at, revision: eb("revision", "+", 1) }))
    .where("id", "=", session.id)
    .where("status", "=", "open")
    .execute();
  return { ...session, status: "closed", closed_at: session.closes_at, revision: session.revision + 1 };
}

export type TransitionResult =
  | { kind: "ok"; session: CouncilSession }
  | { kind: "already"; session: CouncilSession }
  | { kind: "campaign_unavailable"; availability: string };

/** Starts taking answers; the time limit runs from now, and never past the campaign's close. */
export async function openSession(
  db: DB,
  actor: Actor | null,
  campaign: CampaignWithSurveys,
  session: CouncilSession,
  now: Date = new Date(),
): Promise<TransitionResult> {
  if (session.status !== "waiting") return { kind: "already", session: await settleExpiry(db, session, now) };
  const availability = campaignAvailability(campaign, now);
  if (availability !== "open") return { kind: "campaign_unavailable", availability };
  const limit = new Date(now.getTime() + session.duration_minutes * MINUTE).toISOString();
  const closesAt = limit < campaign.closes_at ? limit : campaign.closes_at;
  const updated = await db
    .updateTable("council_session")
    .set((eb) => ({
      status: "open",
      opened_at: now.toISOString(),
      closes_at: closesAt,
      revision: eb("revision", "+", 1),
    }))
    .where("id", "=", session.id)
    .where("status", "=", "waiting")
    .returningAll()
    .executeTakeFirst();
  if (!updated) return { kind: "already", session };
  if (actor) {
    await recordAudit(db, {
      actor,
      action: "council_session_opened",
      target: campaign.slug,
      details: { session: session.id },
    });
  }
  return { kind: "ok", session: updated };
}

/** Stops taking answers, for good: a closed code is refused from then on. */
export async function closeSession(
  db: DB,
  actor: Actor | null,
  campaign: Pick<CampaignWithSurveys, "slug">,
  session: CouncilSession,
  now: Date = new Date(),
): Promise<TransitionResult> {
  const current = await settleExpiry(db, session, now);
  if (current.status === "closed") return { kind: "already", session: current };
  const updated = await db
    .updateTable("council_session")
    .set((eb) => ({ status: "closed", closed_at: now.toISOString(), revision: eb("revision", "+", 1) }))
    .where("id", "=", session.id)
    .where("status", "!=", "closed")
    .returningAll()
    .executeTakeFirst();
  if (!updated) return { kind: "already", session: current };
  if (actor) {
    await recordAudit(db, {
      actor,
      action: "council_session_closed",
      target: campaign.slug,
      details: { session: session.id },
    });
  }
  return { kind: "ok", session: updated };
}

/**
 * A phone's identity within one session: a keyed hash of its random cookie and the
 * session, so the same phone cannot be followed from one session to the next.
 */
export function participantKey(sessionId: number, token: string, secret: string): string {
  return crypto
    .createHmac("sha256", secret)
    .update(`council:${sessionId}:${token}`)
    .digest("hex")
    .slice(0, 32);
}

export type JoinResult = { kind: "joined" | "already" } | { kind: "closed" } | { kind: "full" };

/** Counts a phone in the room (once); a closed session or a full room refuses it. */
export async function joinSession(
  db: DB,
  session: CouncilSession,
  participant: string,
  now: Date = new Date(),
): Promise<JoinResult> {
  const current = await settleExpiry(db, session, now);
  if (current.status === "closed") return { kind: "closed" };
  return db.transaction().execute(async (trx): Promise<JoinResult> => {
    const known = await isParticipant(trx, session.id, participant);
    if (known) return { kind: "already" };
    return (await admit(trx, session.id, participant, now)) ? { kind: "joined" } : { kind: "full" };
  });
}

async function isParticipant(db: DB, sessionId: number, participant: string): Promise<boolean> {
  const row = await db
    .selectFrom("council_participant")
    .select("participant")
    .where("session_id", "=", sessionId)
    .where("participant", "=", participant)
    .executeTakeFirst();
  return !!row;
}

/** Counts a phone in (inside the caller's transaction); false when the room is full. */
async function admit(trx: DB, sessionId: number, participant: string, now: Date): Promise<boolean> {
  if (await isParticipant(trx, sessionId, participant)) return true;
  const { n } = await trx
    .selectFrom("council_participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "=", sessionId)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_PARTICIPANTS) return false;
  await trx
    .insertInto("council_participant")
    .values({ session_id: sessionId, participant, joined_at: now.toISOString() })
    .execute();
  await trx
    .updateTable("council_session")
    .set((eb) => ({ revision: eb("revision", "+", 1) }))
    .where("id", "=", sessionId)
    .execute();
  return true;
}

export type AnswerResult =
  | { kind: "saved" | "replaced" }
  | { kind: "not_open" }
  | { kind: "closed" }
  | { kind: "full" }
  | { kind: "unknown_item" }
  | { kind: "invalid_value" };

/**
 * Stores a phone's answer to one item; answering the same item again replaces the answer
 * (one phone, one voice per item). The session's state is read inside the write
 * transaction, so an answer racing the close is either in before it or refused.
 */
export async function answerItem(
  db: DB,
  session: CouncilSession,
  participant: string,
  question: string,
  value: string,
  now: Date = new Date(),
): Promise<AnswerResult> {
  const item = councilItems(session).find((i) => i.name === question);
  if (!item) return { kind: "unknown_item" };
  if (!item.choices.some((c) => c.value === value)) return { kind: "invalid_value" };
  return db.transaction().execute(async (trx): Promise<AnswerResult> => {
    const fresh = await trx
      .selectFrom("council_session")
      .selectAll()
      .where("id", "=", session.id)
      .executeTakeFirstOrThrow();
    const status = effectiveStatus(fresh, now);
    if (status === "waiting") return { kind: "not_open" };
    if (status === "closed") return { kind: "closed" };
    if (!(await admit(trx, session.id, participant, now))) return { kind: "full" };
    const previous = await trx
      .selectFrom("council_answer")
      .select("value")
      .where("session_id", "=", session.id)
      .where("participant", "=", participant)
      .where("question", "=", question)
      .executeTakeFirst();
    await trx
      .insertInto("council_answer")
      .values({ session_id: session.id, participant, question, value, answered_at: now.toISOString() })
      .onConflict((oc) =>
        oc
          .columns(["session_id", "participant", "question"])
          .doUpdateSet({ value, answered_at: now.toISOString() }),
      )
      .execute();
    await trx
      .updateTable("council_session")
      .set((eb) => ({ revision: eb("revision", "+", 1) }))
      .where("id", "=", session.id)
      .execute();
    return { kind: previous ? "replaced" : "saved" };
  });
}

/** What one phone has answered in a session: item name → value. */
export async function participantAnswers(
  db: DB,
  sessionId: number,
  participant: string,
): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom("council_answer")
    .select(["question", "value"])
    .where("session_id", "=", sessionId)
    .where("participant", "=", participant)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.question, r.value]));
}

export interface LiveState {
  revision: number;
  status: CouncilSessionStatus;
  closesAt: string | null;
  /** Phones that joined. */
  participants: number;
  items: LiveItem[];
}

/** How many phones answered each item and, from LIVE_THRESHOLD answers on, how. */
async function itemCounts(db: DB, session: CouncilSession): Promise<LiveItem[]> {
  const rows = await db
    .selectFrom("council_answer")
    .select(["question", "value", (eb) => eb.fn.countAll<number>().as("n")])
    .where("session_id", "=", session.id)
    .groupBy(["question", "value"])
    .execute();
  const byItem = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const counts = byItem.get(r.question) ?? new Map<string, number>();
    counts.set(r.value, Number(r.n));
    byItem.set(r.question, counts);
  }
  return councilItems(session).map((item) => liveItem(item, byItem.get(item.name) ?? new Map()));
}

/** What the projector shows (and nothing it must not: see liveItem). */
export async function liveState(
  db: DB,
  sessionId: number,
  now: Date = new Date(),
): Promise<LiveState | undefined> {
  const found = await db
    .selectFrom("council_session")
    .selectAll()
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!found) return undefined;
  const session = await settleExpiry(db, found, now);
  const [{ n }, items] = await Promise.all([
    db
      .selectFrom("council_participant")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("session_id", "=", session.id)
      .executeTakeFirstOrThrow(),
    itemCounts(db, session),
  ]);
  return {
    revision: session.revision,
    status: session.status,
    closesAt: session.closes_at,
    participants: Number(n),
    items,
  };
}

/** The cheap check a live stream makes twice a second: has anything changed? */
export async function sessionRevision(
  db: DB,
  sessionId: number,
  now: Date = new Date(),
): Promise<number | undefined> {
  const row = await db
    .selectFrom("council_session")
    .select(["revision", "status", "closes_at"])
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  // Past its time limit, the state changes without any write: count that as a change.
  return effectiveStatus(row, now) !== row.status ? row.revision + 1 : row.revision;
}

// ---------------------------------------------------------------------------
// The council's record: one `C` response of the campaign

export type RecordResult =
  | { kind: "created" | "updated" | "unchanged"; responseId: string }
  | { kind: "not_started" }
  | { kind: "invalid"; errors: AnswerError[] };

/**
 * Stores the council's opinion and self-assessment as the session's `C` response, checked
 * by survey-core against the record's definition like any response. A session has one
 * record: saving again corrects it (logged), it never adds a second response.
 */
export async function recordCouncil(
  db: DB,
  actor: Actor | null,
  campaign: Pick<CampaignWithSurveys, "id" | "slug">,
  session: CouncilSession,
  answers: Record<string, unknown>,
  secret: string,
  options: { now?: Date; synthetic?: boolean } = {},
): Promise<RecordResult> {
  const now = options.now ?? new Date();
  if (session.status === "waiting") return { kind: "not_started" };
  const def = definition(COUNCIL_RECORD_SURVEY);
  const errors = validateAnswers(getValidationModel(def), answers);
  if (errors.length > 0) return { kind: "invalid", errors };
  const json = JSON.stringify(answers);
  const hash = crypto
    .createHash("sha256")
    .update(canonicalJson({ campaign: campaign.slug, session: session.id, answers }))
    .digest("hex");

  const result = await db.transaction().execute(async (trx): Promise<RecordResult> => {
    // Read inside the transaction: two saves at once still make one response.
    const current = await trx
      .selectFrom("council_session")
      .select("response_id")
      .where("id", "=", session.id)
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
    await trx.updateTable("council_session").set({ response_id: id }).where("id", "=", session.id).execute();
    return { kind: "created", responseId: id };
  });
  if (actor && (result.kind === "created" || result.kind === "updated")) {
    await recordAudit(db, {
      actor,
      action: result.kind === "created" ? "council_recorded" : "council_record_updated",
      target: campaign.slug,
      details: { session: session.id, response: result.responseId },
    });
  }
  return result;
}

export interface CouncilRecord {
  opinion: string;
  criteria: { name: string; model: string; label: string; verdict: Verdict | null; evidence: string }[];
  summary: CriteriaSummary;
}

function toRecord(answersJson: string): CouncilRecord {
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
  session: CouncilSession,
): Promise<Record<string, unknown> | null> {
  if (!session.response_id) return null;
  const row = await db
    .selectFrom("response")
    .select("answers")
    .where("id", "=", session.response_id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.answers) as Record<string, unknown>) : null;
}

export interface SessionSummary {
  id: number;
  code: string;
  councilName: string;
  status: CouncilSessionStatus;
  durationMinutes: number;
  createdAt: string;
  openedAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  participants: number;
  record: CouncilRecord | null;
}

/** A campaign's sessions, newest first, with their participants and records. */
export async function listSessions(
  db: DB,
  campaignId: number,
  now: Date = new Date(),
): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom("council_session")
    .leftJoin("response", "response.id", "council_session.response_id")
    .selectAll("council_session")
    .select("response.answers")
    .select((eb) =>
      eb
        .selectFrom("council_participant")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("council_participant.session_id", "=", "council_session.id")
        .as("participants"),
    )
    .where("council_session.campaign_id", "=", campaignId)
    .orderBy("council_session.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    councilName: r.council_name,
    status: effectiveStatus(r, now),
    durationMinutes: r.duration_minutes,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    closesAt: r.closes_at,
    closedAt: r.closed_at ?? (effectiveStatus(r, now) === "closed" ? r.closes_at : null),
    participants: Number(r.participants ?? 0),
    record: r.answers ? toRecord(r.answers) : null,
  }));
}

export interface PublishedCouncilOpinion {
  sessionId: number;
  councilName: string;
  /** When the session was held (opened): a full timestamp, to format in Paris time. */
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
