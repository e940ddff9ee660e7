import { z } from "zod";
import { AGE_BANDS, AUDIENCES, DIMENSIONS } from "./audiences";

export * from "./audiences";

export const ZAudience = z.enum(AUDIENCES);
export const ZAgeBand = z.enum(AGE_BANDS);
export const ZDimension = z.enum(DIMENSIONS);

export const ZScoredItem = z
  .object({
    dimension: ZDimension,
    min: z.number().int(),
    max: z.number().int(),
    reverse: z.boolean(),
  })
  .refine((item) => item.max > item.min, { message: "max must be greater than min" });
export type ScoredItem = z.infer<typeof ZScoredItem>;

/** A string that may be translated: plain text, or `{ default, en, … }` (`default` is the French). */
const ZLocalizable = z.union([
  z.string().min(1),
  z.record(z.string(), z.string()).refine((text) => (text["default"] ?? "") !== "", {
    message: "a translated text needs its French default",
  }),
]);

/** The wrapper around a SurveyJS definition: `surveys/<id>.v<N>.json`. */
export const ZSurveyDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.number().int().positive(),
  audience: ZAudience,
  title: ZLocalizable,
  /** Locales the survey is written in; the first is the default. */
  locales: z.array(z.string().min(2)).min(1),
  /**
   * Roughly how long it takes, shown on the landing page. For the questionnaires people answer
   * one by one, the server replaces it with the rule of duration.ts when it loads the file.
   */
  minutes: z.number().int().positive(),
  scoring: z.record(z.string(), ZScoredItem),
  /**
   * The short form (about 12 screens): the names of the questions it keeps, taken from this
   * file's questions so its dimension scores are on the same scale (app/surveys/forms.ts).
   * Absent when the questionnaire has no short form.
   */
  short: z.array(z.string().min(1)).min(1).optional(),
  /** Plain SurveyJS JSON; checked by survey-core itself (see the survey-file test). */
  survey: z.record(z.string(), z.unknown()),
});
export type SurveyDefinition = z.infer<typeof ZSurveyDefinition>;
