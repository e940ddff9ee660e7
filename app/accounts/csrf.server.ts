import crypto from "node:crypto";
import { getEnv } from "~/env.server";
import { CSRF_FIELD } from "./csrf";
import { anonymousSessionCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./login.server";

// Synchronizer token tied to the coordinator's session (docs/decisions/014-web-security.md):
// token = HMAC(SESSION_SECRET, value of the session cookie). The cookie value is new at each
// login (it carries a random nonce) and httpOnly, so another site can neither read it nor
// compute the token; no server-side storage is needed, and it works before login too
// (the login page hands out an anonymous session cookie that login then replaces).

const FORBIDDEN_MESSAGE =
  "Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré. " +
  "Rechargez la page, puis recommencez.";

/** The raw value of the session cookie in a Cookie header (as the browser sends it back). */
export function sessionCookieValue(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  let plain: string | null = null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!value) continue;
    // Over HTTPS the session cookie is the __Host- one: it wins over any plain copy.
    if (name === SECURE_SESSION_COOKIE) return value;
    if (name === SESSION_COOKIE) plain ??= value;
  }
  return plain;
}

/** The token for a session cookie value. */
function tokenFor(cookieValue: string): string {
  return crypto
    .createHmac("sha256", getEnv().SESSION_SECRET)
    .update(`csrf\0${cookieValue}`)
    .digest("base64url");
}

/**
 * The token for a request's session cookie (a `Cookie` header or `name=value` pair works),
 * or "" without one. Tests use it to post like the real forms do.
 */
export function csrfTokenForCookie(cookieHeader: string | null | undefined): string {
  const value = sessionCookieValue(cookieHeader);
  return value ? tokenFor(value) : "";
}

/**
 * The token to render in forms. A visitor without a session cookie (the login page) gets an
 * anonymous one: `setCookie` must then be sent with the page.
 */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = sessionCookieValue(request.headers.get("Cookie"));
  if (existing) return { token: tokenFor(existing), setCookie: null };
  const setCookie = await anonymousSessionCookie(request);
  return { token: csrfTokenForCookie(setCookie.split(";")[0]), setCookie };
}

/**
 * Called first in every action of the coordinator area: a POST without the token of the
 * session it comes with is refused with a 403 and a plain French message, before anything
 * is read or written. The body is read from a clone, so the action can still read it.
 */
export async function requireCsrf(request: Request): Promise<void> {
  const cookieValue = sessionCookieValue(request.headers.get("Cookie"));
  let sent: unknown = null;
  try {
    sent = (await request.clone().formData()).get(CSRF_FIELD);
  } catch {
    sent = null; // not a form, or unreadable: no token
  }
  if (cookieValue && typeof sent === "string" && sent.length > 0) {
    const expected = Buffer.from(tokenFor(cookieValue));
    const given = Buffer.from(sent);
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return;
  }
  throw new Response(FORBIDDEN_MESSAGE, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
