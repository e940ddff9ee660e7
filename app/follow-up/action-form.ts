import { z } from "zod";
import type { ActionStatus } from "../../db/schema";
import { DIMENSIONS } from "~/surveys/audiences";

// Shared by the actions page (browser) and its model (server): a .server module cannot
// give values to browser code.

export const ACTION_STATUSES = ["planned", "in_progress", "done"] as const satisfies readonly ActionStatus[];

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Date attendue au format jour/mois/année.")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Cette date n'existe pas.");
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), schema.nullable());

/** The action form, as coordinators fill it in. */
export const ZActionForm = z
  .object({
    heard: z.string().trim().min(1, "Dites ce qui a été entendu.").max(2000, "2000 caractères au plus."),
    decided: z.string().trim().min(1, "Dites ce qui a été décidé.").max(2000, "2000 caractères au plus."),
    status: z.enum(ACTION_STATUSES, { error: "Choisissez un état." }),
    startsOn: optional(day),
    endsOn: optional(day),
    dimension: optional(z.enum(DIMENSIONS, { error: "Dimension inconnue." })),
    question: optional(
      z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_]{0,63}$/, "Nom de question inconnu."),
    ),
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.startsOn <= v.endsOn, {
    path: ["endsOn"],
    message: "La fin vient après le début.",
  });
export type ActionForm = z.infer<typeof ZActionForm>;
