import type { AgeBand } from "./definition";

/** The page where a survey is answered, for one age band (or none, for guardians). */
export function questionnairePath(slug: string, surveyId: string, ageBand: AgeBand | null): string {
  const base = `/s/${encodeURIComponent(slug)}/questionnaire/${encodeURIComponent(surveyId)}`;
  return ageBand ? `${base}?age=${ageBand}` : base;
}
