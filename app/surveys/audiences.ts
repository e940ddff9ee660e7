// Plain constants of the measurement framework (docs/indicators.md), free of zod so that
// browser code can import them without the validation library.

/**
 * Respondent groups; never pooled in one score. `Px` is a parent answering about a child of 0–11,
 * `E` a child of 8–11 answering for themselves with a parent beside them: two series, never pooled.
 */
export const AUDIENCES = ["P", "Px", "E", "Y", "A", "C"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The audiences that answer one by one (not the youth councils, which answer together). */
export const INDIVIDUAL_AUDIENCES = ["P", "Px", "E", "Y", "A"] as const satisfies readonly Audience[];

export const AGE_BANDS = ["0-2", "3-5", "6-11", "8-11", "12-14", "15-17", "18-25"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Which age bands each audience may declare; `null` means "no band" (guardians, councils). */
export const AGE_BANDS_BY_AUDIENCE: Record<Audience, readonly (AgeBand | null)[]> = {
  P: [null],
  Px: ["0-2", "3-5", "6-11"],
  E: ["8-11"],
  Y: ["12-14", "15-17"],
  A: ["18-25"],
  C: [null],
};

export const DIMENSIONS = ["D1", "D2", "D3", "D4", "D5", "D6", "D7"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Which audiences each dimension applies to. */
export const AUDIENCES_BY_DIMENSION: Record<Dimension, readonly Audience[]> = {
  D1: ["P", "Px", "E", "Y", "A"],
  D2: ["P", "Y", "A"],
  D3: ["P", "Y"],
  D4: ["P", "Px", "E", "Y", "A"],
  D5: ["P", "E", "Y", "A"],
  D6: ["P", "Y", "A", "C"],
  D7: ["P", "Y", "A", "C"],
};

/**
 * The age bands whose answers need the joint agreement of the child or young person and a parent,
 * given on the phone before the questionnaire (app/privacy/consent.server.ts): 12–14 on
 * `/s/:slug/accord`, 8–11 on `/s/:slug/enfant-8-11`. The server refuses such a response without it.
 */
export const JOINT_CONSENT_BANDS = ["8-11", "12-14"] as const satisfies readonly AgeBand[];

export function needsJointConsent(band: AgeBand | null): boolean {
  return (JOINT_CONSENT_BANDS as readonly (AgeBand | null)[]).includes(band);
}
