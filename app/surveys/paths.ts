import type { AgeBand } from "./definition";

/** The page where a survey is answered, for one age band (or none, for guardians). */
export function questionnairePath(slug: string, surveyId: string, ageBand: AgeBand | null): string {
  const base = `/s/${encodeURIComponent(slug)}/questionnaire/${encodeURIComponent(surveyId)}`;
  return ageBand ? `${base}?age=${ageBand}` : base;
}

/** A child's questionnaire in a family visit: `child` is the child's place on the children screen. */
export function childQuestionnairePath(
  slug: string,
  surveyId: string,
  ageBand: AgeBand,
  child: number,
): string {
  return `${questionnairePath(slug, surveyId, ageBand)}&enfant=${child}`;
}
