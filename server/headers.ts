import crypto from "node:crypto";
import type { ServerResponse } from "node:http";

// Security headers on every response, both lanes (Express with Remix, and the answers written
// directly: the submission fast lane, refusals), set by one function
// (docs/decisions/014-web-security.md).

const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["X-Frame-Options", "DENY"],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "same-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

/** A page's policy: its inline scripts run only with this response's nonce. */
export const pagePolicy = (nonce: string): string =>
  `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
  "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** A JSON answer loads nothing, runs nothing and may be framed by no one. */
export const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page for refusals (server/refusals.ts): no script, nothing loaded. */
export const REFUSAL_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A fresh CSP nonce, one per page response. */
export const newNonce = (): string => crypto.randomBytes(16).toString("base64");

/**
 * Sets the security headers on a response before its head is written: the Content-Security-Policy
 * given, the fixed ones, and HSTS when the request came over HTTPS (`ClientRule.isHttps`).
 */
export function setSecurityHeaders(res: ServerResponse, policy: string, https: boolean): void {
  res.setHeader("Content-Security-Policy", policy);
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000");
}
