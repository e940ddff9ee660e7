import crypto from "node:crypto";
import type { DB } from "../../db/client";
import type { Updateable } from "kysely";
import type { CampaignStatus, CouncilSessionTable } from "../../db/schema";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  type CouncilSitting,
  type CouncilSittingStatus,
  SITTING_DURATIONS,
} from "~/council/rules";
import { COUNCIL_ITEMS_SURVEY } from "~/council/items.server";
import { type CouncilRecord, toRecord } from "~/council/record.server";
import { recordAudit } from "~/privacy/audit.server";
import { campaignAvailability, type CampaignWithSurveys } from "~/campaigns/campaign.server";
import type { Actor } from "~/accounts/user.server";

// Youth council sittings (issue 4; docs/decisions/011-council-sessions.md): creating, finding,
// opening and closing them. A sitting lives in three states: "waiting" (code given out, phones
// may join, answers refused), "open" (answers taken until the facilitator closes it or its
// time limit passes) and "closed". Phones' answers stay in the sitting (phones.server.ts);
// the council's collective record (opinion and self-assessment) is one `C` response of the
// campaign, never pooled with individual scores (record.server.ts).

const MINUTE = 60_000;

/** A sitting's state now: an open sitting past its time limit is closed. */
export function effectiveStatus(
  sitting: Pick<CouncilSitting, "status" | "closes_at">,
  now: Date = new Date(),
): CouncilSittingStatus {
  if (sitting.status === "open" && sitting.closes_at && now.toISOString() >= sitting.closes_at)
    return "closed";
  return sitting.status;
}

function randomCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

export type CreateSittingResult =
  { kind: "created"; sitting: CouncilSitting } | { kind: "campaign_unavailable"; availability: string };

/** A new sitting for a campaign that is open or about to open; its code is new. */
export async function createSitting(
  db: DB,
  actor: Actor | null,
  campaign: CampaignWithSurveys,
  input: { councilName: string; durationMinutes: number; synthetic?: boolean; now?: Date },
): Promise<CreateSittingResult> {
  // The route offers only these; anything else is a programming error, not bad input.
  if (!(SITTING_DURATIONS as readonly number[]).includes(input.durationMinutes)) {
    throw new RangeError(`durationMinutes must be one of ${SITTING_DURATIONS.join(", ")}`);
  }
  const now = input.now ?? new Date();
  const availability = campaignAvailability(campaign, now);
  if (availability !== "open" && availability !== "not_yet_open")
    return { kind: "campaign_unavailable", availability };
  // 887 million codes: a collision is rare, and the unique index catches it; try again.
  for (let attempt = 0; ; attempt++) {
    const code = randomCode();
    try {
      const sitting = await db
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
      await auditSitting(db, actor, "council_session_created", campaign, {
        session: sitting.id,
        council: input.councilName,
      });
      return { kind: "created", sitting };
    } catch (error) {
      if (attempt < 5 && /UNIQUE/.test(String(error))) continue;
      throw error;
    }
  }
}

/** Logs what a coordinator did to a sitting (the audit actions keep the table's word). */
async function auditSitting(
  db: DB,
  actor: Actor | null,
  action: "council_session_created" | "council_session_opened" | "council_session_closed",
  campaign: Pick<CampaignWithSurveys, "slug">,
  details: { session: number; council?: string },
): Promise<void> {
  if (actor) await recordAudit(db, { actor, action, target: campaign.slug, details });
}

export interface SittingWithCampaign extends CouncilSitting {
  campaign_status: CouncilSittingStatus | string;
  campaign_opens_at: string;
  campaign_closes_at: string;
}

/** A sitting by its code, with its campaign's dates (phones must know when it ended). */
export async function findSittingByCode(db: DB, code: string): Promise<SittingWithCampaign | undefined> {
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
 * A sitting's state as phones see it: a sitting still waiting when its campaign has closed
 * will never open, so its code is refused like a closed one.
 */
export function statusForPhones(sitting: SittingWithCampaign, now: Date = new Date()): CouncilSittingStatus {
  const status = effectiveStatus(sitting, now);
  if (status !== "waiting") return status;
  const campaignOver =
    campaignAvailability(
      {
        status: sitting.campaign_status as CampaignStatus,
        opens_at: sitting.campaign_opens_at,
        closes_at: sitting.campaign_closes_at,
      },
      now,
    ) === "closed";
  return campaignOver ? "closed" : "waiting";
}

export async function findSitting(
  db: DB,
  campaignId: number,
  id: number,
): Promise<CouncilSitting | undefined> {
  return db
    .selectFrom("council_session")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Writes down that an open sitting ran past its time limit (idempotent). */
export async function settleExpiry(db: DB, sitting: CouncilSitting, now: Date): Promise<CouncilSitting> {
  if (sitting.status !== "open" || effectiveStatus(sitting, now) !== "closed") return sitting;
  await db
    .updateTable("council_session")
    .set((eb) => ({ status: "closed", closed_at: sitting.closes_at, revision: eb("revision", "+", 1) }))
    .where("id", "=", sitting.id)
    .where("status", "=", "open")
    .execute();
  return { ...sitting, status: "closed", closed_at: sitting.closes_at, revision: sitting.revision + 1 };
}

export type TransitionResult =
  | { kind: "ok"; sitting: CouncilSitting }
  | { kind: "already"; sitting: CouncilSitting }
  | { kind: "campaign_unavailable"; availability: string };

/** Starts taking answers; the time limit runs from now, and never past the campaign's close. */
export async function openSitting(
  db: DB,
  actor: Actor | null,
  campaign: CampaignWithSurveys,
  sitting: CouncilSitting,
  now: Date = new Date(),
): Promise<TransitionResult> {
  if (sitting.status !== "waiting") return { kind: "already", sitting: await settleExpiry(db, sitting, now) };
  const availability = campaignAvailability(campaign, now);
  if (availability !== "open") return { kind: "campaign_unavailable", availability };
  const limit = new Date(now.getTime() + sitting.duration_minutes * MINUTE).toISOString();
  const closesAt = limit < campaign.closes_at ? limit : campaign.closes_at;
  return moveSitting(db, actor, campaign, sitting, {
    set: { status: "open", opened_at: now.toISOString(), closes_at: closesAt },
    when: ["=", "waiting"],
    action: "council_session_opened",
  });
}

/** Stops taking answers, for good: a closed code is refused from then on. */
export async function closeSitting(
  db: DB,
  actor: Actor | null,
  campaign: Pick<CampaignWithSurveys, "slug">,
  sitting: CouncilSitting,
  now: Date = new Date(),
): Promise<TransitionResult> {
  const current = await settleExpiry(db, sitting, now);
  if (current.status === "closed") return { kind: "already", sitting: current };
  return moveSitting(db, actor, campaign, current, {
    set: { status: "closed", closed_at: now.toISOString() },
    when: ["!=", "closed"],
    action: "council_session_closed",
  });
}

/**
 * Writes a sitting's new state if it still is `when` says (a click racing another finds
 * it "already" done), bumps its revision for the live streams and logs who did it.
 */
async function moveSitting(
  db: DB,
  actor: Actor | null,
  campaign: Pick<CampaignWithSurveys, "slug">,
  sitting: CouncilSitting,
  move: {
    set: Pick<Updateable<CouncilSessionTable>, "status" | "opened_at" | "closes_at" | "closed_at">;
    when: ["=" | "!=", CouncilSittingStatus];
    action: "council_session_opened" | "council_session_closed";
  },
): Promise<TransitionResult> {
  const updated = await db
    .updateTable("council_session")
    .set((eb) => ({ ...move.set, revision: eb("revision", "+", 1) }))
    .where("id", "=", sitting.id)
    .where("status", move.when[0], move.when[1])
    .returningAll()
    .executeTakeFirst();
  if (!updated) return { kind: "already", sitting };
  await auditSitting(db, actor, move.action, campaign, { session: sitting.id });
  return { kind: "ok", sitting: updated };
}

export interface SittingSummary {
  id: number;
  code: string;
  councilName: string;
  status: CouncilSittingStatus;
  durationMinutes: number;
  createdAt: string;
  openedAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  participants: number;
  record: CouncilRecord | null;
}

/** A campaign's sittings, newest first, with their participants and records. */
export async function listSittings(
  db: DB,
  campaignId: number,
  now: Date = new Date(),
): Promise<SittingSummary[]> {
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
