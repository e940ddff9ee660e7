import crypto from "node:crypto";
import type { DB } from "../../db/client";
import { type CouncilSitting, MAX_PARTICIPANTS } from "~/council/rules";
import { councilItems } from "~/council/items.server";
import { effectiveStatus, settleExpiry } from "~/council/sittings.server";

// The phones of a council sitting (docs/decisions/011-council-sessions.md): no account, no
// name, a keyed hash of a random cookie per sitting; joining the room and answering items,
// one answer per phone and item.

/**
 * A phone's identity within one sitting: a keyed hash of its random cookie and the
 * sitting, so the same phone cannot be followed from one sitting to the next.
 */
export function participantKey(sittingId: number, token: string, secret: string): string {
  return crypto
    .createHmac("sha256", secret)
    .update(`council:${sittingId}:${token}`)
    .digest("hex")
    .slice(0, 32);
}

export type JoinResult = { kind: "joined" | "already" } | { kind: "closed" } | { kind: "full" };

/** Counts a phone in the room (once); a closed sitting or a full room refuses it. */
export async function joinSitting(
  db: DB,
  sitting: CouncilSitting,
  participant: string,
  now: Date = new Date(),
): Promise<JoinResult> {
  const current = await settleExpiry(db, sitting, now);
  if (current.status === "closed") return { kind: "closed" };
  return db.transaction().execute(async (trx): Promise<JoinResult> => {
    const known = await isParticipant(trx, sitting.id, participant);
    if (known) return { kind: "already" };
    return (await admit(trx, sitting.id, participant, now)) ? { kind: "joined" } : { kind: "full" };
  });
}

async function isParticipant(db: DB, sittingId: number, participant: string): Promise<boolean> {
  const row = await db
    .selectFrom("council_participant")
    .select("participant")
    .where("session_id", "=", sittingId)
    .where("participant", "=", participant)
    .executeTakeFirst();
  return !!row;
}

/** One more change the live streams must send (join, answer): bumps the sitting's revision. */
async function bumpRevision(trx: DB, sittingId: number): Promise<void> {
  await trx
    .updateTable("council_session")
    .set((eb) => ({ revision: eb("revision", "+", 1) }))
    .where("id", "=", sittingId)
    .execute();
}

/** Counts a phone in (inside the caller's transaction); false when the room is full. */
async function admit(trx: DB, sittingId: number, participant: string, now: Date): Promise<boolean> {
  if (await isParticipant(trx, sittingId, participant)) return true;
  const { n } = await trx
    .selectFrom("council_participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "=", sittingId)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_PARTICIPANTS) return false;
  await trx
    .insertInto("council_participant")
    .values({ session_id: sittingId, participant, joined_at: now.toISOString() })
    .execute();
  await bumpRevision(trx, sittingId);
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
 * (one phone, one voice per item). The sitting's state is read inside the write
 * transaction, so an answer racing the close is either in before it or refused.
 */
export async function answerItem(
  db: DB,
  sitting: CouncilSitting,
  participant: string,
  question: string,
  value: string,
  now: Date = new Date(),
): Promise<AnswerResult> {
  const item = councilItems(sitting).find((i) => i.name === question);
  if (!item) return { kind: "unknown_item" };
  if (!item.choices.some((c) => c.value === value)) return { kind: "invalid_value" };
  return db.transaction().execute(async (trx): Promise<AnswerResult> => {
    const fresh = await trx
      .selectFrom("council_session")
      .selectAll()
      .where("id", "=", sitting.id)
      .executeTakeFirstOrThrow();
    const status = effectiveStatus(fresh, now);
    if (status === "waiting") return { kind: "not_open" };
    if (status === "closed") return { kind: "closed" };
    if (!(await admit(trx, sitting.id, participant, now))) return { kind: "full" };
    const previous = await trx
      .selectFrom("council_answer")
      .select("value")
      .where("session_id", "=", sitting.id)
      .where("participant", "=", participant)
      .where("question", "=", question)
      .executeTakeFirst();
    await trx
      .insertInto("council_answer")
      .values({ session_id: sitting.id, participant, question, value, answered_at: now.toISOString() })
      .onConflict((oc) =>
        oc
          .columns(["session_id", "participant", "question"])
          .doUpdateSet({ value, answered_at: now.toISOString() }),
      )
      .execute();
    await bumpRevision(trx, sitting.id);
    return { kind: previous ? "replaced" : "saved" };
  });
}

/** What one phone has answered in a sitting: item name → value. */
export async function participantAnswers(
  db: DB,
  sittingId: number,
  participant: string,
): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom("council_answer")
    .select(["question", "value"])
    .where("session_id", "=", sittingId)
    .where("participant", "=", participant)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.question, r.value]));
}
