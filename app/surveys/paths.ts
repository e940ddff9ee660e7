import type { AgeBand } from "./definition";

/** The page where a survey is answered, for one age band (or none, for guardians). */
export function questionnairePath(slug: string, surveyId: string, ageBand: AgeBand | null): string {
  const base = `/s/${encodeURIComponent(slug)}/questionnaire/${encodeURIComponent(surveyId)}`;
  return ageBand ? `${base}?age=${ageBand}` : base;
}

/** The first page of a child of 8–11 answering with a parent beside them (their joint agreement). */
export function childSelfPath(slug: string): string {
  return `/s/${encodeURIComponent(slug)}/enfant-8-11`;
}
