import type { DB } from "../../db/client";
import { type CouncilSitting, type CouncilSittingStatus, type LiveItem, liveItem } from "~/council/rules";
import { councilItems } from "~/council/items.server";
import { effectiveStatus, settleExpiry } from "~/council/sittings.server";

// What the projector and the facilitator's page show while a sitting runs, and the cheap
// check their live streams make (docs/decisions/011-council-sessions.md, "Live results").

export interface LiveState {
  revision: number;
  status: CouncilSittingStatus;
  closesAt: string | null;
  /** Phones that joined. */
  participants: number;
  items: LiveItem[];
}

/** How many phones answered each item and, from LIVE_THRESHOLD answers on, how. */
async function itemCounts(db: DB, sitting: CouncilSitting): Promise<LiveItem[]> {
  const rows = await db
    .selectFrom("council_answer")
    .select(["question", "value", (eb) => eb.fn.countAll<number>().as("n")])
    .where("session_id", "=", sitting.id)
    .groupBy(["question", "value"])
    .execute();
  const byItem = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const counts = byItem.get(r.question) ?? new Map<string, number>();
    counts.set(r.value, Number(r.n));
    byItem.set(r.question, counts);
  }
  return councilItems(sitting).map((item) => liveItem(item, byItem.get(item.name) ?? new Map()));
}

/** What the projector shows (and nothing it must not: see liveItem). */
export async function liveState(
  db: DB,
  sittingId: number,
  now: Date = new Date(),
): Promise<LiveState | undefined> {
  const found = await db
    .selectFrom("council_session")
    .selectAll()
    .where("id", "=", sittingId)
    .executeTakeFirst();
  if (!found) return undefined;
  const sitting = await settleExpiry(db, found, now);
  const [{ n }, items] = await Promise.all([
    db
      .selectFrom("council_participant")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("session_id", "=", sitting.id)
      .executeTakeFirstOrThrow(),
    itemCounts(db, sitting),
  ]);
  return {
    revision: sitting.revision,
    status: sitting.status,
    closesAt: sitting.closes_at,
    participants: Number(n),
    items,
  };
}

/** The cheap check a live stream makes twice a second: has anything changed? */
export async function sittingRevision(
  db: DB,
  sittingId: number,
  now: Date = new Date(),
): Promise<number | undefined> {
  const row = await db
    .selectFrom("council_session")
    .select(["revision", "status", "closes_at"])
    .where("id", "=", sittingId)
    .executeTakeFirst();
  if (!row) return undefined;
  // Past its time limit, the state changes without any write: count that as a change.
  return effectiveStatus(row, now) !== row.status ? row.revision + 1 : row.revision;
}
