// The two answers that are not an opinion (issue 14, part 2). Version 2 questionnaires offer both
// on every scored item; version 1 had one merged choice, "Je ne sais pas / pas concerné·e", stored
// as "nsp". Neither is ever scored (app/indicators/scoring.ts: only numbers are); both are counted.

/** "Je ne sais pas": the person has no view. Also the merged choice of version 1. */
export const DONT_KNOW = "nsp";
/** "Ce n'est pas mon cas": the item does not apply to the person. Version 2 onwards. */
export const NOT_APPLICABLE = "nc";

export const NON_ANSWERS = [DONT_KNOW, NOT_APPLICABLE] as const;
export type NonAnswer = (typeof NON_ANSWERS)[number];

export function isNonAnswer(value: unknown): value is NonAnswer {
  return value === DONT_KNOW || value === NOT_APPLICABLE;
}
