import type { DimensionScores } from "./scoring";
import { isFavourable } from "./stats";
import type { SurveyDefinition } from "./survey-definition";
import { questionRoles, type QuestionRoles } from "./survey-questions";

/**
 * What one response adds to the running totals of its campaign: its dimension scores,
 * its day, the values of unscored single-choice questions, and its free texts.
 */
export interface Contribution {
  audience: string;
  /** "" when the audience has no age band. */
  ageBand: string;
  locale: string;
  day: string;
  scores: { dimension: string; score: number; favourable: boolean }[];
  choices: { question: string; value: string }[];
  texts: { question: string; text: string }[];
}

const rolesCache = new WeakMap<object, QuestionRoles>();

function rolesOf(def: SurveyDefinition): QuestionRoles {
  let roles = rolesCache.get(def);
  if (!roles) {
    roles = questionRoles(def);
    rolesCache.set(def, roles);
  }
  return roles;
}

export function contributionOf(
  def: SurveyDefinition,
  response: {
    answers: Record<string, unknown>;
    ageBand: string | null;
    locale: string;
    submittedAt: string;
    scores: DimensionScores;
  },
): Contribution {
  const roles = rolesOf(def);
  const choices: Contribution["choices"] = [];
  for (const question of roles.choices) {
    const value = response.answers[question];
    if (typeof value === "string" || typeof value === "number")
      choices.push({ question, value: String(value) });
  }
  const texts: Contribution["texts"] = [];
  for (const question of roles.texts) {
    const value = response.answers[question];
    if (typeof value === "string" && value.trim() !== "") texts.push({ question, text: value.trim() });
  }
  return {
    audience: def.audience,
    ageBand: response.ageBand ?? "",
    locale: response.locale,
    day: response.submittedAt.slice(0, 10),
    scores: Object.entries(response.scores).map(([dimension, score]) => ({
      dimension,
      score,
      favourable: isFavourable(score),
    })),
    choices,
    texts,
  };
}
