import crypto from "node:crypto";
import type { DB } from "../../db/client";
import type { Role } from "../../db/schema";
import {
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from "~/accounts/password.server";
import { afterFailure, slowDownMs, type ThrottleState, throttleDecision } from "~/accounts/throttle";
import { timestampToIso } from "./territory.server";

/** A signed-in person, with what they may see: the unit of every scoping decision. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
  sessionVersion: number;
  /** Territories the person belongs to; admins see every territory whatever this says. */
  territoryIds: number[];
}

export const ROLES: readonly Role[] = ["admin", "coordinator", "viewer"];

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether the actor may see anything of this territory. */
export function canSeeTerritory(actor: Actor, territoryId: number): boolean {
  return actor.role === "admin" || actor.territoryIds.includes(territoryId);
}

/** Campaign editing, exports and verbatims: coordinators and admins, not steering-committee viewers. */
export function canManage(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "coordinator";
}

export async function findActor(db: DB, userId: number): Promise<Actor | undefined> {
  const user = await db
    .selectFrom("user")
    .select(["id", "email", "role", "session_version"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const territories = await db
    .selectFrom("user_territory")
    .select("territory_id")
    .where("user_id", "=", userId)
    .execute();
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    sessionVersion: user.session_version,
    territoryIds: territories.map((t) => t.territory_id),
  };
}

/** Creates an account with its territories (by slug); throws on an unknown territory or a taken e-mail. */
export async function createUser(
  db: DB,
  input: { email: string; role: Role; password: string; territorySlugs: string[] },
): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const territories = input.territorySlugs.length
      ? await trx
          .selectFrom("territory")
          .select(["id", "slug"])
          .where("slug", "in", input.territorySlugs)
          .execute()
      : [];
    const missing = input.territorySlugs.filter((s) => !territories.some((t) => t.slug === s));
    if (missing.length > 0) throw new Error(`Unknown territory: ${missing.join(", ")}`);
    const user = await trx
      .insertInto("user")
      .values({ email: normalizeEmail(input.email), password_hash: passwordHash, role: input.role })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (territories.length > 0) {
      await trx
        .insertInto("user_territory")
        .values(territories.map((t) => ({ user_id: user.id, territory_id: t.id })))
        .execute();
    }
    return user.id;
  });
}

/**
 * Ends every session of an account: its rows go, and its session version is bumped so that
 * no cookie issued before works any more.
 */
export async function endAllSessions(db: DB, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("user")
      .set((eb) => ({ session_version: eb("session_version", "+", 1) }))
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("user_session").where("user_id", "=", userId).execute();
  });
}

/** Replaces an account's password and ends all its sessions (the caller starts a new one). */
export async function setPassword(db: DB, userId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("user")
      .set((eb) => ({ password_hash: passwordHash, session_version: eb("session_version", "+", 1) }))
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("user_session").where("user_id", "=", userId).execute();
  });
}

function throttleKey(email: string): string {
  return crypto
    .createHash("sha256")
    .update(`login:${normalizeEmail(email)}`)
    .digest("hex");
}

function deviceThrottleKey(deviceId: string): string {
  return crypto.createHash("sha256").update(`device:${deviceId}`).digest("hex");
}

export type LoginResult =
  | { kind: "ok"; actor: Actor }
  | { kind: "invalid" }
  /** The account's count (unknown browsers) or this browser's own count is locked. */
  | { kind: "locked"; until: string; scope: "account" | "device" }
  /** The client's address has used up its budget of wrong passwords (unknown browsers only). */
  | { kind: "address_limited"; retryAfterSeconds: number };

/** The per-address budget of wrong passwords, as the route holds it (in memory, hashed address). */
export interface AddressBudget {
  /** Counts one attempt; or, when the budget is spent, the seconds to wait (nothing counted). */
  take(): number | null;
  /** Gives the attempt back (the password was right). */
  giveBack(): void;
}

// Compared against when the address is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;

function stateOf(
  row: { failures: number; first_failure_at: string; locked_until: string | null } | undefined,
) {
  return (
    row && { failures: row.failures, firstFailureAt: row.first_failure_at, lockedUntil: row.locked_until }
  );
}

async function readThrottle(db: DB, key: string): Promise<ThrottleState | undefined> {
  return stateOf(await db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst());
}

/**
 * Counts one failure (or one attempt not yet proven right) on a count, atomically: read and
 * write happen in one BEGIN IMMEDIATE transaction, which holds the one connection of this
 * process and the database's write lock, so parallel attempts cannot lose each other's
 * counts. Returns the state before and after.
 */
async function countFailure(
  db: DB,
  key: string,
  now: Date,
): Promise<{ before: ThrottleState | undefined; after: ThrottleState }> {
  return db.transaction().execute(async (trx) => {
    const before = await readThrottle(trx, key);
    const after = afterFailure(before, now);
    const values = {
      failures: after.failures,
      first_failure_at: after.firstFailureAt,
      locked_until: after.lockedUntil,
    };
    await trx
      .insertInto("login_throttle")
      .values({ key, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
    return { before, after };
  });
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * Checks an e-mail and password under the throttling policy (docs/decisions/022):
 *
 * - From a browser unknown for the account: the address's budget is taken first (when given),
 *   then the attempt is counted on the account (per e-mail address, known or not) before the
 *   password is checked. Past a few failures each attempt waits; past many the account is
 *   locked for unknown browsers, even with the right password. The right password resets it.
 * - From a known browser (`knownDeviceId`: the caller checked the device cookie names this
 *   account): the account's lock does not apply, its slow-down does; the attempt is counted
 *   on the browser's own count, which locks that browser alone; a wrong password is still
 *   added to the account's count.
 */
export async function attemptLogin(
  db: DB,
  email: string,
  password: string,
  options: { baseDelayMs: number; now?: Date; knownDeviceId?: string | null; address?: AddressBudget },
): Promise<LoginResult> {
  const now = options.now ?? new Date();
  const accountKey = throttleKey(email);
  const deviceKey = options.knownDeviceId ? deviceThrottleKey(options.knownDeviceId) : null;

  let delayMs: number;
  let reserved: ThrottleState;
  let addressTaken = false;
  if (deviceKey) {
    const device = await countFailure(db, deviceKey, now);
    const decision = throttleDecision(device.before, now, options.baseDelayMs);
    if (decision.kind === "locked") return { ...decision, scope: "device" };
    const account = await readThrottle(db, accountKey);
    delayMs = Math.max(decision.delayMs, slowDownMs(account, now, options.baseDelayMs));
    reserved = device.after;
  } else {
    if (options.address) {
      const wait = options.address.take();
      if (wait !== null) return { kind: "address_limited", retryAfterSeconds: wait };
      addressTaken = true;
    }
    const account = await countFailure(db, accountKey, now);
    const decision = throttleDecision(account.before, now, options.baseDelayMs);
    if (decision.kind === "locked") return { ...decision, scope: "account" };
    delayMs = decision.delayMs;
    reserved = account.after;
  }
  // Slow down before checking, so a guesser pays the wait on every try.
  await sleep(delayMs);

  const user = await db
    .selectFrom("user")
    .select(["id", "password_hash"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (user && ok) {
    const actor = await findActor(db, user.id);
    if (actor) {
      // The attempt was right: it no longer counts. From a known browser only that browser's
      // count is cleared: a lock an outsider earned on the account stays for unknown browsers.
      await db
        .deleteFrom("login_throttle")
        .where("key", "=", deviceKey ?? accountKey)
        .execute();
      if (addressTaken) options.address!.giveBack();
      return { kind: "ok", actor };
    }
  }
  if (deviceKey) await countFailure(db, accountKey, now);
  if (reserved.lockedUntil) {
    return { kind: "locked", until: reserved.lockedUntil, scope: deviceKey ? "device" : "account" };
  }
  return { kind: "invalid" };
}

/** Checks the current password before a change. */
export async function checkPassword(db: DB, userId: number, password: string): Promise<boolean> {
  const user = await db
    .selectFrom("user")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  return !!user && (await verifyPassword(password, user.password_hash));
}

export interface AccountSummary {
  id: number;
  email: string;
  role: Role;
  createdAt: string;
  territories: { slug: string; name: string }[];
}

/** Every account with its territories, by e-mail (admins only: the route checks the role). */
export async function listUsers(db: DB): Promise<AccountSummary[]> {
  const users = await db
    .selectFrom("user")
    .select(["id", "email", "role", "created_at"])
    .orderBy("email")
    .execute();
  const memberships = await db
    .selectFrom("user_territory")
    .innerJoin("territory", "territory.id", "user_territory.territory_id")
    .select(["user_territory.user_id", "territory.slug", "territory.name"])
    .orderBy("territory.name")
    .execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    createdAt: timestampToIso(u.created_at),
    territories: memberships.filter((m) => m.user_id === u.id).map((m) => ({ slug: m.slug, name: m.name })),
  }));
}

export type AccountErrorCode =
  "email_taken" | "territory_required" | "unknown_territory" | "password_too_short";

/** A refused account creation; `message` is English (CLI, logs), routes phrase `code` in French. */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    readonly slugs: string[] = [],
  ) {
    super(message);
    this.name = "AccountError";
  }
}

export interface CreatedAccount {
  id: number;
  email: string;
  role: Role;
  territorySlugs: string[];
  /** The password to hand over once: generated unless one was given. */
  password: string;
}

/**
 * Creates an account after checking the rules (coordinators and viewers belong to at least
 * one territory, territories exist, the e-mail is free); generates the password unless one
 * is given. Throws an AccountError, having created nothing, when a rule is broken.
 */
export async function createAccount(
  db: DB,
  input: { email: string; role: Role; territorySlugs: string[]; password?: string },
): Promise<CreatedAccount> {
  const email = normalizeEmail(input.email);
  const territorySlugs = [...new Set(input.territorySlugs)];
  if (input.role !== "admin" && territorySlugs.length === 0) {
    throw new AccountError("territory_required", `A ${input.role} needs at least one territory`);
  }
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(
      "password_too_short",
      `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (territorySlugs.length > 0) {
    const found = await db
      .selectFrom("territory")
      .select("slug")
      .where("slug", "in", territorySlugs)
      .execute();
    const missing = territorySlugs.filter((slug) => !found.some((t) => t.slug === slug));
    if (missing.length > 0) {
      throw new AccountError("unknown_territory", `Unknown territory: ${missing.join(", ")}`, missing);
    }
  }
  const taken = await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirst();
  if (taken) throw new AccountError("email_taken", `An account already exists for ${email}`);
  const password = input.password ?? generatePassword();
  let id: number;
  try {
    id = await createUser(db, { email, role: input.role, password, territorySlugs });
  } catch (error) {
    // Another process may have taken the address between the check and the insert.
    if (error instanceof Error && /UNIQUE constraint failed: user\.email/.test(error.message)) {
      throw new AccountError("email_taken", `An account already exists for ${email}`);
    }
    throw error;
  }
  return { id, email, role: input.role, territorySlugs, password };
}
