import crypto from "node:crypto";
import type { DB } from "../../db/client";
import type { Role } from "../../db/schema";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "~/lib/password.server";
import { afterFailure, type ThrottleDecision, throttleDecision } from "~/lib/throttle";
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

/** Ends every session of an account (all its cookies stop working). */
export async function endAllSessions(db: DB, userId: number): Promise<void> {
  await db
    .updateTable("user")
    .set((eb) => ({ session_version: eb("session_version", "+", 1) }))
    .where("id", "=", userId)
    .execute();
}

/** Replaces an account's password (and ends its other sessions). */
export async function setPassword(db: DB, userId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db
    .updateTable("user")
    .set((eb) => ({ password_hash: passwordHash, session_version: eb("session_version", "+", 1) }))
    .where("id", "=", userId)
    .execute();
}

function throttleKey(email: string): string {
  return crypto
    .createHash("sha256")
    .update(`login:${normalizeEmail(email)}`)
    .digest("hex");
}

export type LoginResult =
  { kind: "ok"; actor: Actor } | { kind: "invalid" } | { kind: "locked"; until: string };

// Compared against when the address is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password under the throttling policy: failures are counted per
 * address (known or not), slowed down after a few, refused for a while after many.
 */
export async function attemptLogin(
  db: DB,
  email: string,
  password: string,
  options: { baseDelayMs: number; now?: Date },
): Promise<LoginResult> {
  const now = options.now ?? new Date();
  const key = throttleKey(email);
  const row = await db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
  const state = row && {
    failures: row.failures,
    firstFailureAt: row.first_failure_at,
    lockedUntil: row.locked_until,
  };
  const decision: ThrottleDecision = throttleDecision(state, now, options.baseDelayMs);
  if (decision.kind === "locked") return decision;
  // Slow down before checking, so a guesser pays the wait on every try.
  if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));

  const user = await db
    .selectFrom("user")
    .select(["id", "password_hash"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (user && ok) {
    await db.deleteFrom("login_throttle").where("key", "=", key).execute();
    const actor = await findActor(db, user.id);
    if (actor) return { kind: "ok", actor };
  }
  const next = afterFailure(state, now);
  await db
    .insertInto("login_throttle")
    .values({
      key,
      failures: next.failures,
      first_failure_at: next.firstFailureAt,
      locked_until: next.lockedUntil,
    })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: next.failures,
        first_failure_at: next.firstFailureAt,
        locked_until: next.lockedUntil,
      }),
    )
    .execute();
  if (next.lockedUntil) return { kind: "locked", until: next.lockedUntil };
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
