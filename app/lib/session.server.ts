import crypto from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { type Actor, endAllSessions, findActor } from "~/models/user.server";
import { isSecureRequest } from "./http.server";

interface SessionData {
  userId: number;
  sessionVersion: number;
  /** Random per login, so each login gets a new cookie value (no fixation, no reuse). */
  nonce: string;
}

/** The session cookie's name; over HTTPS with the `__Host-` prefix (no other host can set it). */
export const SESSION_COOKIE = "coeduc_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

// Coordinators' sessions: a signed cookie, httpOnly, SameSite=Lax, Secure over HTTPS,
// 8 hours. The cookie is made per request because Secure depends on how the person
// reached us (a Secure cookie over plain HTTP would be dropped and login would loop).
function storage(request: Request) {
  const secure = isSecureRequest(request);
  return createCookieSessionStorage<SessionData>({
    cookie: {
      name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: 8 * 60 * 60,
      secrets: [getEnv().SESSION_SECRET],
    },
  });
}

/** The signed-in person, or null (no session, deleted account, or a session ended by a password change). */
export async function getActor(request: Request): Promise<Actor | null> {
  const session = await storage(request).getSession(request.headers.get("Cookie"));
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  const actor = await findActor(await getDb(), userId);
  if (!actor || actor.sessionVersion !== session.get("sessionVersion")) return null;
  return actor;
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

/** Starts a fresh session (a new cookie value: nothing from before login is reused). */
export async function startSession(request: Request, actor: Actor): Promise<string> {
  const store = storage(request);
  const session = await store.getSession();
  session.set("userId", actor.id);
  session.set("sessionVersion", actor.sessionVersion);
  session.set("nonce", crypto.randomUUID());
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
 * Ends the session: the cookie is cleared and, since sessions live in signed cookies, the
 * account's session version is bumped so that no copy of any of its cookies works any more
 * (logging out ends the account's sessions on every device).
 */
export async function endSession(request: Request, actor: Actor | null): Promise<string> {
  if (actor) await endAllSessions(await getDb(), actor.id);
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
