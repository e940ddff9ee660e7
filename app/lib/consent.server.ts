import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { isSecureRequest } from "./http.server";

// Remembers, for a day and on this device only, that a 12–14-year-old and a parent
// agreed; nothing about the consent is stored with the answers.
function consentCookie(request: Request) {
  return createCookie("coeduc_accord", {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: "/",
    maxAge: 24 * 60 * 60,
    secrets: [getEnv().SESSION_SECRET],
  });
}

async function consentedSlugs(request: Request): Promise<string[]> {
  const value: unknown = await consentCookie(request).parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
}

export async function hasJointConsent(request: Request, slug: string): Promise<boolean> {
  return (await consentedSlugs(request)).includes(slug);
}

/** The Set-Cookie header that records the joint consent for one more campaign. */
export async function grantJointConsent(request: Request, slug: string): Promise<string> {
  const slugs = await consentedSlugs(request);
  return consentCookie(request).serialize([...new Set([...slugs, slug])].slice(-10));
}
