import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";

// Remembers, for a day and on this device only, that a 12–14-year-old and a parent
// agreed; nothing about the consent is stored with the answers.
function consentCookie() {
  return createCookie("coeduc_accord", {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false",
    path: "/",
    maxAge: 24 * 60 * 60,
    secrets: [getEnv().SESSION_SECRET],
  });
}

export async function hasJointConsent(request: Request, slug: string): Promise<boolean> {
  const value: unknown = await consentCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) && value.includes(slug);
}

export async function grantJointConsent(request: Request, slug: string): Promise<string> {
  const value: unknown = await consentCookie().parse(request.headers.get("Cookie"));
  const slugs = Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
  return consentCookie().serialize([...new Set([...slugs, slug])].slice(-10));
}
