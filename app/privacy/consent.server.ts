import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { isSecureRequest } from "~/web/http.server";

// Remembers, for a day and on this device only, that a 12–14-year-old and a parent
// agreed; nothing about the consent is stored with the answers.
function consentCookie(request: Request | null) {
  return createCookie("coeduc_accord", {
    httpOnly: true,
    sameSite: "lax",
    secure: request !== null && isSecureRequest(request),
    path: "/",
    maxAge: 24 * 60 * 60,
    secrets: [getEnv().SESSION_SECRET],
  });
}

/** The campaigns the cookie header says were agreed to (reading does not depend on HTTPS). */
async function consentedSlugs(cookieHeader: string | null): Promise<string[]> {
  const value: unknown = await consentCookie(null).parse(cookieHeader);
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
}

export async function hasJointConsent(request: Request, slug: string): Promise<boolean> {
  return cookieHasJointConsent(request.headers.get("Cookie"), slug);
}

/** The same, from the Cookie header alone (the submission API is called without a Request). */
export async function cookieHasJointConsent(cookieHeader: string | null, slug: string): Promise<boolean> {
  return (await consentedSlugs(cookieHeader)).includes(slug);
}

/** The Set-Cookie header that records the joint consent for one more campaign. */
export async function grantJointConsent(request: Request, slug: string): Promise<string> {
  const slugs = await consentedSlugs(request.headers.get("Cookie"));
  return consentCookie(request).serialize([...new Set([...slugs, slug])].slice(-10));
}
