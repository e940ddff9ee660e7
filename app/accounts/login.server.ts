import crypto from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { type Actor, findActor } from "~/accounts/user.server";
import {
  checkUserSession,
  createUserSession,
  deleteUserSession,
  type SessionLimits,
} from "~/accounts/user-session.server";
import { isSecureRequest } from "~/web/http.server";

interface SessionData {
  userId: number;
  sessionVersion: number;
  /** Random per login: names the session's row on the server (a new cookie value at each login). */
  token: string;
  /** The anonymous session of the login page: random, so its anti-CSRF token is unguessable. */
  nonce: string;
}

/** The session cookie's name; over HTTPS with the `__Host-` prefix (no other host can set it). */
export const SESSION_COOKIE = "coeduc_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session limits of the settings (SESSION_LIFETIME_HOURS, SESSION_IDLE_MINUTES). */
export function sessionLimits(): SessionLimits {
  const env = getEnv();
  return { lifetimeMs: env.SESSION_LIFETIME_HOURS * 3_600_000, idleMs: env.SESSION_IDLE_MINUTES * 60_000 };
}

// Coordinators' sessions: a signed cookie, httpOnly, SameSite=Lax, Secure over HTTPS, naming
// a row of `user_session` that the server checks at each request (docs/decisions/022): the
// session ends on the server at logout, after SESSION_LIFETIME_HOURS, or after
// SESSION_IDLE_MINUTES without a request, whatever the browser keeps. The cookie is made per
// request because Secure depends on how the person reached us (a Secure cookie over plain
// HTTP would be dropped and login would loop).
function storage(request: Request) {
  const secure = isSecureRequest(request);
  return createCookieSessionStorage<SessionData>({
    cookie: {
      name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: getEnv().SESSION_LIFETIME_HOURS * 3600,
      secrets: [getEnv().SESSION_SECRET],
    },
  });
}

/** What a signed-in cookie says, or null (no cookie, a bad signature, the login page's anonymous one). */
async function signedIn(request: Request) {
  const session = await storage(request).getSession(request.headers.get("Cookie"));
  const userId = session.get("userId");
  const sessionVersion = session.get("sessionVersion");
  const token = session.get("token");
  if (typeof userId !== "number" || typeof sessionVersion !== "number" || typeof token !== "string")
    return null;
  return { userId, sessionVersion, token };
}

/**
 * The signed-in person, or null: no session, a session ended (logout, password change) or
 * past its absolute or idle limit, or a deleted account. A live session is marked as used.
 */
export async function getActor(request: Request): Promise<Actor | null> {
  const cookie = await signedIn(request);
  if (!cookie) return null;
  const db = await getDb();
  if (!(await checkUserSession(db, cookie.token, cookie.userId, sessionLimits(), { touch: true })))
    return null;
  const actor = await findActor(db, cookie.userId);
  if (!actor || actor.sessionVersion !== cookie.sessionVersion) return null;
  return actor;
}

/**
 * For a response that lasts (a live stream): a check to repeat, true while the request's
 * session is live. It does not mark the session as used. Null without a signed-in cookie.
 */
export async function sessionWatch(request: Request): Promise<(() => Promise<boolean>) | null> {
  const cookie = await signedIn(request);
  if (!cookie) return null;
  return async () => {
    const db = await getDb();
    if (!(await checkUserSession(db, cookie.token, cookie.userId, sessionLimits(), { touch: false })))
      return false;
    const user = await db
      .selectFrom("user")
      .select("session_version")
      .where("id", "=", cookie.userId)
      .executeTakeFirst();
    return user?.session_version === cookie.sessionVersion;
  };
}

/** The signed-in person; otherwise a redirect to the login page that comes back here. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  throw redirect(`/connexion?retour=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The signed-in person if they hold one of the roles; a signed-in person without it gets
 * a 404 (the page does not exist for them), a visitor goes to the login page.
 */
export async function requireRole(request: Request, roles: readonly Actor["role"][]): Promise<Actor> {
  const actor = await requireActor(request);
  if (!roles.includes(actor.role)) throw new Response("Page introuvable", { status: 404 });
  return actor;
}

/** Starts a fresh session: a new row and a new cookie value (nothing from before login is reused). */
export async function startSession(request: Request, actor: Actor): Promise<string> {
  const store = storage(request);
  const session = await store.getSession();
  session.set("userId", actor.id);
  session.set("sessionVersion", actor.sessionVersion);
  session.set("token", await createUserSession(await getDb(), actor.id, sessionLimits()));
  return store.commitSession(session);
}

/**
 * A session with no one signed in, only a random nonce: the login form's anti-CSRF token is
 * tied to it (docs/decisions/014-web-security.md). Login replaces it with a fresh session.
 */
export async function anonymousSessionCookie(request: Request): Promise<string> {
  const store = storage(request);
  const session = await store.getSession();
  session.set("nonce", crypto.randomUUID());
  return store.commitSession(session);
}

/**
 * Ends this browser's session: its row is deleted (so no copy of the cookie works any more,
 * and a live stream it opened stops) and the cookie is cleared. The account's sessions in
 * other browsers go on; a password change ends them all.
 */
export async function endSession(request: Request): Promise<string> {
  const cookie = await signedIn(request);
  if (cookie) await deleteUserSession(await getDb(), cookie.token);
  const store = storage(request);
  return store.destroySession(await store.getSession(request.headers.get("Cookie")));
}

/**
 * Only same-site paths are followed after login, so a link cannot send people elsewhere:
 * the value is resolved against a dummy origin and must stay on it ("/\t/evil.example",
 * "//evil.example" and "\\evil" all leave it), and only its path, query and hash are kept.
 */
export function safeReturnPath(value: unknown, fallback = "/tableau"): string {
  // Control characters and white space are dropped by browsers when they parse a URL.
  // eslint-disable-next-line no-control-regex
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\s\\]/.test(value)) {
    return fallback;
  }
  try {
    const base = "http://coeduc.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    const path = url.pathname + url.search + url.hash;
    // Resolving dot segments can make a second leading slash ("/.//evil.example" gives
    // "//evil.example"): a browser reads that as another site.
    return path.startsWith("//") ? fallback : path;
  } catch {
    return fallback;
  }
}
