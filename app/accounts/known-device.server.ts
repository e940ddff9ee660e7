import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "~/env.server";
import { isSecureRequest } from "~/web/http.server";

// A "known device": a browser where an account has signed in before. At each successful
// login the browser gets a signed cookie naming a random device id and the accounts that
// signed in on it. The right password from that browser is not refused by the account's lock
// (an outsider's wrong guesses cannot lock the coordinator out), only slowed down; the device
// has its own count of failures, so a copy of the cookie does not give endless guesses
// (docs/decisions/022-logins-and-sessions.md).

export const DEVICE_COOKIE = "coeduc_appareil";
export const SECURE_DEVICE_COOKIE = `__Host-${DEVICE_COOKIE}`;
/** How long a browser stays known without signing in again. */
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60;
/** Accounts remembered per browser (a shared town-hall computer): the latest ones. */
const MAX_ACCOUNTS = 5;

const ZDevice = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  users: z.array(z.number().int().positive()).max(MAX_ACCOUNTS),
});

export type KnownDevice = z.infer<typeof ZDevice>;

function cookieFor(request: Request) {
  const secure = isSecureRequest(request);
  return createCookie(secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: MAX_AGE_SECONDS,
    secrets: [getEnv().SESSION_SECRET],
  });
}

/** The browser's known-device cookie, if it carries one signed by us; otherwise null. */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  let value: unknown;
  try {
    value = await cookieFor(request).parse(request.headers.get("Cookie"));
  } catch {
    return null;
  }
  const parsed = ZDevice.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Whether this browser is known for this account. */
export function isKnownFor(device: KnownDevice | null, userId: number | undefined): boolean {
  return device !== null && userId !== undefined && device.users.includes(userId);
}

/** The Set-Cookie header that makes (or keeps) this browser known for the account. */
export async function rememberDevice(
  request: Request,
  device: KnownDevice | null,
  userId: number,
): Promise<string> {
  const id = device?.id ?? crypto.randomBytes(16).toString("base64url");
  const users = [...(device?.users ?? []).filter((u) => u !== userId), userId].slice(-MAX_ACCOUNTS);
  return cookieFor(request).serialize({ id, users } satisfies KnownDevice);
}
