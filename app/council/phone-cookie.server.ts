import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { participantKey } from "~/council/phones.server";
import { isSecureRequest } from "~/web/http.server";

// A council phone is known by a random token in a cookie, nothing else: no account, no
// name. The database keeps only a keyed hash of it per sitting (participantKey), so the
// token alone does not link one sitting's answers to another's.

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const DAY = 24 * 60 * 60;

function cookieFor(request: Request) {
  return createCookie("coeduc_conseil", {
    path: "/conseil",
    httpOnly: true,
    sameSite: "lax",
    maxAge: DAY,
    secure: isSecureRequest(request),
  });
}

/**
 * The phone's participant key for a sitting, and the Set-Cookie header to send when the
 * phone had no token yet (first visit, or cookies cleared).
 */
export async function councilParticipant(
  request: Request,
  sittingId: number,
): Promise<{ participant: string; setCookie: string | null }> {
  const cookie = cookieFor(request);
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  let token = typeof value === "string" && TOKEN.test(value) ? value : null;
  let setCookie: string | null = null;
  if (!token) {
    token = crypto.randomBytes(16).toString("base64url");
    setCookie = await cookie.serialize(token);
  }
  return { participant: participantKey(sittingId, token, getEnv().SESSION_SECRET), setCookie };
}
