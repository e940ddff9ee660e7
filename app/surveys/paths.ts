import type { AgeBand } from "./definition";

/**
 * The page where a survey is answered, for one age band (or none, for guardians); with
 * `form`, in that version (`forme=courte` or `complete`: the person's choice, issue 14).
 */
export function questionnairePath(
  slug: string,
  surveyId: string,
  ageBand: AgeBand | null,
  form?: "long" | "short",
): string {
  const base = `/s/${encodeURIComponent(slug)}/questionnaire/${encodeURIComponent(surveyId)}`;
  const search = new URLSearchParams();
  if (ageBand) search.set("age", ageBand);
  if (form) search.set("forme", form === "short" ? "courte" : "complete");
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

/** The first page of a child of 8–11 answering with a parent beside them (their joint agreement). */
export function childSelfPath(slug: string): string {
  return `/s/${encodeURIComponent(slug)}/enfant-8-11`;
}

/** A child's questionnaire in a family visit: `child` is the child's place on the children screen. */
export function childQuestionnairePath(
  slug: string,
  surveyId: string,
  ageBand: AgeBand,
  child: number,
  form?: "long" | "short",
): string {
  return `${questionnairePath(slug, surveyId, ageBand, form)}&enfant=${child}`;
}
