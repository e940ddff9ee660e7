import crypto from "node:crypto";
import type { DB } from "../../db/client";

// Coordinators' sessions on the server (docs/decisions/022-logins-and-sessions.md). The signed
// cookie carries a random token; the table keeps its SHA-256 with the account, when the session
// began and when it was last used. A session ends when its row goes (logout, password change)
// or when it passes its absolute limit or its idle limit, whatever the browser keeps.

export interface SessionLimits {
  /** From login, whatever the activity. */
  lifetimeMs: number;
  /** Without a request. */
  idleMs: number;
}

/** `last_seen_at` is written at most this often per session: reading a page is not a write. */
export const TOUCH_EVERY_MS = 60_000;

export function sessionTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

interface SessionRow {
  created_at: string;
  last_seen_at: string;
}

/** Whether a session is past its absolute or its idle limit at `now`. */
export function sessionExpired(row: SessionRow, limits: SessionLimits, now: Date): boolean {
  const t = now.getTime();
  return (
    t - Date.parse(row.created_at) >= limits.lifetimeMs || t - Date.parse(row.last_seen_at) >= limits.idleMs
  );
}

/** Starts a session for an account; returns the token for the cookie. Expired rows are swept. */
export async function createUserSession(
  db: DB,
  userId: number,
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const at = now.toISOString();
  await db
    .deleteFrom("user_session")
    .where((eb) =>
      eb.or([
        eb("created_at", "<=", new Date(now.getTime() - limits.lifetimeMs).toISOString()),
        eb("last_seen_at", "<=", new Date(now.getTime() - limits.idleMs).toISOString()),
      ]),
    )
    .execute();
  await db
    .insertInto("user_session")
    .values({ id: sessionTokenHash(token), user_id: userId, created_at: at, last_seen_at: at })
    .execute();
  return token;
}

/**
 * Whether the session of this token is live for this account at `now`. An expired row is
 * deleted. With `touch`, a live session's `last_seen_at` moves to `now` when it is at least
 * a minute old (one write a minute at most, however many requests).
 */
export async function checkUserSession(
  db: DB,
  token: string,
  userId: number,
  limits: SessionLimits,
  options: { now?: Date; touch: boolean },
): Promise<boolean> {
  const now = options.now ?? new Date();
  const id = sessionTokenHash(token);
  const row = await db
    .selectFrom("user_session")
    .select(["user_id", "created_at", "last_seen_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || row.user_id !== userId) return false;
  if (sessionExpired(row, limits, now)) {
    await db.deleteFrom("user_session").where("id", "=", id).execute();
    return false;
  }
  if (options.touch && now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await db
      .updateTable("user_session")
      .set({ last_seen_at: now.toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return true;
}

/** Ends one session (logout). */
export async function deleteUserSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom("user_session").where("id", "=", sessionTokenHash(token)).execute();
}
