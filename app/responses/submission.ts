import { z } from "zod";
import { MAX_VISIT_PARTS, SECRET_PATTERN } from "./submission-secret";
import { ZAgeBand } from "~/surveys/definition";
import { QUESTIONNAIRE_FORMS } from "~/surveys/forms";

/** Largest accepted request body for a submission (the contract says 413 above it). */
export const MAX_SUBMISSION_BYTES = 256 * 1024;

const SECRET_RULE = "doit être un texte aléatoire de 22 à 128 caractères (lettres, chiffres, « - » et « _ »)";

/**
 * A French message for a refused field, saying whether it is missing or what it must be:
 * these messages reach the client in `error.fields[]`, and zod's defaults are in English.
 */
function fieldError(name: string, mustBe: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `Le champ « ${name} » manque.` : `Le champ « ${name} » ${mustBe}.`;
}

const ZPlainObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { error: fieldError("answers", "doit être un objet JSON (question → réponse)") },
);

const VISIT_RULE = `doit être un objet { id, secret, part } (id : un UUID ; secret : ${SECRET_RULE.replace("doit être ", "")} ; part : un nombre entier de 0 à ${MAX_VISIT_PARTS - 1})`;

/**
 * A family visit (docs/decisions/028-family-visit-code.md): the phone makes its id and secret
 * when the visit starts and numbers its responses (part 0, 1, 2…); all of them get one
 * erasure code, stored as a different hash for each part.
 */
const ZVisit = z.strictObject(
  {
    id: z
      .uuid({
        error: fieldError("visit.id", "doit être un UUID (par exemple 6f1c1a52-3a0e-4c1e-9a7f-0f3f1f2b9c11)"),
      })
      .transform((id) => id.toLowerCase()),
    secret: z
      .string({ error: fieldError("visit.secret", SECRET_RULE) })
      .regex(SECRET_PATTERN, { error: `Le champ « visit.secret » ${SECRET_RULE}.` }),
    part: z
      .number({ error: fieldError("visit.part", `doit être un nombre entier de 0 à ${MAX_VISIT_PARTS - 1}`) })
      .int({ error: `Le champ « visit.part » doit être un nombre entier de 0 à ${MAX_VISIT_PARTS - 1}.` })
      .min(0, { error: `Le champ « visit.part » doit être un nombre entier de 0 à ${MAX_VISIT_PARTS - 1}.` })
      .max(MAX_VISIT_PARTS - 1, {
        error: `Le champ « visit.part » doit être un nombre entier de 0 à ${MAX_VISIT_PARTS - 1}.`,
      }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Champ inconnu dans « visit » : ${issue.keys
            .slice(0, 5)
            .map((k) => `« ${k.slice(0, 50)} »`)
            .join(", ")}${issue.keys.length > 5 ? "…" : ""}.`
        : `Le champ « visit » ${VISIT_RULE}.`,
  },
);

/**
 * The body of `POST /api/v1/campaigns/:slug/responses`: a stable contract shared by the
 * survey page and other clients. `answers` is kept as parsed (not copied by zod), so a
 * key such as "__proto__" stays a plain key and is refused as an unknown question.
 */
export const ZSubmission = z.strictObject(
  {
    // UUIDs are case-insensitive: one spelling, so "A…" and "a…" are the same response.
    id: z
      .uuid({
        error: fieldError("id", "doit être un UUID (par exemple 6f1c1a52-3a0e-4c1e-9a7f-0f3f1f2b9c11)"),
      })
      .transform((id) => id.toLowerCase()),
    surveyId: z
      .string({ error: fieldError("surveyId", "doit être un texte") })
      .min(1, { error: "Le champ « surveyId » est vide." })
      .max(100, { error: "Le champ « surveyId » est trop long : 100 caractères au plus." }),
    surveyVersion: z
      .number({ error: fieldError("surveyVersion", "doit être un nombre entier positif") })
      .int({ error: "Le champ « surveyVersion » doit être un nombre entier positif." })
      .positive({ error: "Le champ « surveyVersion » doit être un nombre entier positif." }),
    // A language tag ("fr", "en", "ar") or our "falc" (French, simplified version).
    locale: z
      .string({ error: fieldError("locale", "doit être un code de langue (par exemple « fr »)") })
      .regex(/^([a-z]{2,3}|falc)(-[A-Za-z0-9]{2,8})*$/, {
        error: "Le champ « locale » doit être un code de langue (par exemple « fr »).",
      }),
    ageBand: z
      .enum(ZAgeBand.options, {
        error: fieldError("ageBand", `doit être une tranche d'âge (${ZAgeBand.options.join(", ")}) ou null`),
      })
      .nullable(),
    answers: ZPlainObject,
    // Made by the device with the id, kept with its answers and sent on every try: a retry
    // gets the erasure code back only with it (docs/decisions/023-erasure-code-secret.md).
    // Optional for clients made before it; their retries never get the code back.
    secret: z
      .string({ error: fieldError("secret", SECRET_RULE) })
      .regex(SECRET_PATTERN, { error: `Le champ « secret » ${SECRET_RULE}.` })
      .optional(),
    // Which form of the questionnaire was answered (issue 14, part 3): absent means the long
    // one, as every client made before the short form sends.
    form: z
      .enum(QUESTIONNAIRE_FORMS, {
        error: fieldError("form", "doit être « long » (version complète) ou « short » (version courte)"),
      })
      .optional(),
    // Optional: without it, the response gets its own erasure code, as before.
    visit: ZVisit.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Champ inconnu : ${issue.keys
            .slice(0, 5)
            .map((k) => `« ${k.slice(0, 50)} »`)
            .join(", ")}${issue.keys.length > 5 ? "…" : ""}.`
        : "Le corps de la requête doit être un objet JSON.",
  },
);
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
