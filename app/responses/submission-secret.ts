// The secret a device makes with a response id (docs/decisions/023-erasure-code-secret.md).
// Its own module, free of zod: the questionnaire page imports it.

/** A submission secret: base64url, from 22 characters (128 random bits) to 128. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * A new submission secret: 128 random bits in base64url (22 characters). `getRandomValues`
 * works on plain HTTP too, unlike `randomUUID`.
 */
export function newSubmissionSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * How many responses one family visit may hold (parts 0 to MAX_VISIT_PARTS - 1): a parent or
 * a young adult, and their children (docs/decisions/028-family-visit-code.md).
 */
export const MAX_VISIT_PARTS = 12;
