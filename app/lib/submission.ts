import { z } from "zod";
import { ZAgeBand } from "./survey-definition";

/** Largest accepted request body for a submission (the contract says 413 above it). */
export const MAX_SUBMISSION_BYTES = 256 * 1024;

const ZPlainObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { message: "answers must be a JSON object" },
);

/**
 * The body of `POST /api/v1/campaigns/:slug/responses`: a stable contract shared by the
 * survey page and other clients. `answers` is kept as parsed (not copied by zod), so a
 * key such as "__proto__" stays a plain key and is refused as an unknown question.
 */
export const ZSubmission = z.strictObject({
  // UUIDs are case-insensitive: one spelling, so "A…" and "a…" are the same response.
  id: z.uuid().transform((id) => id.toLowerCase()),
  surveyId: z.string().min(1).max(100),
  surveyVersion: z.number().int().positive(),
  // A language tag ("fr", "en", "ar") or our "falc" (French, simplified version).
  locale: z.string().regex(/^([a-z]{2,3}|falc)(-[A-Za-z0-9]{2,8})*$/),
  ageBand: ZAgeBand.nullable(),
  answers: ZPlainObject,
});
export type Submission = z.infer<typeof ZSubmission>;

/** JSON with object keys sorted, so equal content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = Object.create(null);
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}
