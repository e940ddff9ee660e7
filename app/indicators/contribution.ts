import type { DimensionScores } from "./scoring";
import { isFavourable } from "./stats";
import type { SurveyDefinition } from "~/surveys/definition";
import { questionRoles, type QuestionRoles } from "~/surveys/questions";
import { isNonAnswer } from "~/surveys/non-answers";

/**
 * The running totals of choices count every non-answer ("nsp", "nc") of every question under
 * this prefix and the question's name (never a question name itself; migration 0014 counted
 * the responses stored before): the dashboards show them per scored item.
 */
export const NON_ANSWER_PREFIX = "@non-answer:";

/**
 * What one response adds to the running totals of its campaign: its dimension scores,
 * its day, the values of unscored choice questions (each option ticked of a checkbox), and its
 * free texts.
 */
export interface Contribution {
  audience: string;
  /** "" when the audience has no age band. */
  ageBand: string;
  locale: string;
  day: string;
  /** The response's random record key: running totals sum it into cell keys (decision 021). */
  recordKey: number;
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
    recordKey: number;
  },
): Contribution {
  const roles = rolesOf(def);
  const choices: Contribution["choices"] = [];
  for (const question of roles.choices) {
    const value = response.answers[question];
    // A checkbox's answer is the list of the options ticked: each counts once.
    const values = Array.isArray(value) ? [...new Set(value as unknown[])] : [value];
    for (const v of values)
      if (typeof v === "string" || typeof v === "number") choices.push({ question, value: String(v) });
  }
  for (const [question, value] of Object.entries(response.answers))
    if (isNonAnswer(value)) choices.push({ question: `${NON_ANSWER_PREFIX}${question}`, value });
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
    recordKey: response.recordKey,
    scores: Object.entries(response.scores).map(([dimension, score]) => ({
      dimension,
      score,
      favourable: isFavourable(score),
    })),
    choices,
    texts,
  };
}

/** Several responses' contributions summed per running-total row, with a sign (1 add, −1 remove). */
export interface Totals {
  indicators: {
    campaignId: number;
    audience: string;
    ageBand: string;
    dimension: string;
    n: number;
    sum: number;
    sumSquares: number;
    favourable: number;
    keySum: number;
  }[];
  days: {
    campaignId: number;
    day: string;
    audience: string;
    ageBand: string;
    locale: string;
    n: number;
    keySum: number;
  }[];
  choices: {
    campaignId: number;
    audience: string;
    ageBand: string;
    question: string;
    value: string;
    n: number;
    keySum: number;
  }[];
}

/**
 * Sums contributions per row of the running totals: a group of responses (one submission
 * transaction, a purge batch) then touches each row once, however many responses it holds.
 */
export function sumContributions(
  items: { campaignId: number; contribution: Contribution }[],
  sign: 1 | -1,
): Totals {
  const indicators = new Map<string, Totals["indicators"][number]>();
  const days = new Map<string, Totals["days"][number]>();
  const choices = new Map<string, Totals["choices"][number]>();
  for (const { campaignId, contribution: c } of items) {
    const group = { campaignId, audience: c.audience, ageBand: c.ageBand };
    const counted = { sign, recordKey: c.recordKey };
    for (const s of c.scores) {
      const t = countIn(indicators, [campaignId, c.audience, c.ageBand, s.dimension], counted, () => ({
        ...group,
        dimension: s.dimension,
        sum: 0,
        sumSquares: 0,
        favourable: 0,
      }));
      t.sum += sign * s.score;
      t.sumSquares += sign * s.score * s.score;
      t.favourable += s.favourable ? sign : 0;
    }
    countIn(days, [campaignId, c.day, c.audience, c.ageBand, c.locale], counted, () => ({
      ...group,
      day: c.day,
      locale: c.locale,
    }));
    for (const choice of c.choices) {
      const key = [campaignId, c.audience, c.ageBand, choice.question, choice.value];
      countIn(choices, key, counted, () => ({ ...group, question: choice.question, value: choice.value }));
    }
  }
  return { indicators: [...indicators.values()], days: [...days.values()], choices: [...choices.values()] };
}

/** A running-total row's count of responses and the sum of their record keys. */
interface Counted {
  n: number;
  keySum: number;
}

/**
 * Counts one response in (sign 1) or out (−1) of the row of `rows` for this key: its n and
 * its key sum (the response's record key). The row is created first if needed, from
 * `create`, with nothing counted yet.
 */
function countIn<T extends Counted>(
  rows: Map<string, T>,
  key: unknown[],
  { sign, recordKey }: { sign: 1 | -1; recordKey: number },
  create: () => Omit<T, "n" | "keySum">,
): T {
  const id = JSON.stringify(key);
  let row = rows.get(id);
  if (!row) {
    row = { ...create(), n: 0, keySum: 0 } as T;
    rows.set(id, row);
  }
  row.n += sign;
  row.keySum += sign * recordKey;
  return row;
}
