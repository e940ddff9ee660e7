import type { AgeBand, SurveyDefinition } from "~/surveys/definition";
import { DONT_KNOW, NOT_APPLICABLE } from "~/surveys/non-answers";
import { questionsOf } from "~/surveys/questions";

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const FREE_TEXTS = [
  "Mon fils a besoin de bouger. Assis toute la journée, il décroche.",
  "Les horaires des réunions ne vont pas quand on travaille tôt le matin.",
  "Un local ouvert le soir pour les jeunes du quartier.",
  "Je connais bien les familles de l'immeuble, on s'entraide pour les devoirs.",
  "Plus d'activités gratuites pendant les vacances.",
  "Ma fille comprend mieux quand on lui montre avec des images.",
  "Traduire les papiers de l'école en arabe et en anglais.",
  "Les éducateurs devraient venir nous voir au pied des immeubles.",
];

/**
 * Whether a question is shown, given the answers before it. Survey files use two forms of
 * `visibleIf` (version 2): `{name} anyof [3, 4]` / `{name} anyof ['a', 'b']` and `{name} = 'value'`
 * (or a number); any other form throws, so a new kind of condition cannot be silently ignored.
 */
export function shownWith(visibleIf: string | undefined, answers: Record<string, unknown>): boolean {
  if (!visibleIf) return true;
  const literal = (text: string): unknown => {
    const t = text.trim();
    return /^'.*'$/.test(t) ? t.slice(1, -1) : Number(t);
  };
  const anyof = /^\{(\w+)\} anyof \[(.*)\]$/.exec(visibleIf.trim());
  if (anyof) return anyof[2]!.split(",").map(literal).includes(answers[anyof[1]!]);
  const equals = /^\{(\w+)\} = (.+)$/.exec(visibleIf.trim());
  if (equals) return answers[equals[1]!] === literal(equals[2]!);
  throw new Error(`syntheticAnswers: unsupported visibleIf "${visibleIf}"`);
}

/**
 * How often a synthetic person gives a non-answer to a scored item: 7 % in all, as "Je ne sais
 * pas / pas concerné·e" in version 1, split 5 % "Je ne sais pas" and 2 % "Ce n'est pas mon cas"
 * where both are offered.
 */
const NON_ANSWER_RATE = 0.07;
const NOT_APPLICABLE_RATE = 0.02;

/**
 * Plausible answers to a survey for demo data and benchmarks: each synthetic person has
 * a leaning, so items of a dimension agree with each other as real answers do. Questions
 * hidden by a `visibleIf` condition (given the answers before them) are left unanswered, as
 * the questionnaire would; scored items sometimes get "Je ne sais pas" (`nsp`) and, where the
 * file offers it (version 2), "Ce n'est pas mon cas" (`nc`).
 */
export function syntheticAnswers(
  def: SurveyDefinition,
  random: () => number,
  /** Moves every synthetic person's leaning (negative: less favourable). */
  shift = 0,
): Record<string, unknown> {
  const leaning = normal(random) * 0.9 + shift;
  const answers: Record<string, unknown> = {};
  for (const q of questionsOf(def)) {
    const name = q.name!;
    if (!shownWith(q.visibleIf, answers)) continue;
    const values = (q.choices ?? []).map((c) => (typeof c === "object" ? c.value : c));
    const item = def.scoring[name];
    if (item) {
      const draw = random();
      if (draw < NON_ANSWER_RATE && values.includes(DONT_KNOW)) {
        const notMine = values.includes(NOT_APPLICABLE) && draw < NOT_APPLICABLE_RATE;
        answers[name] = notMine ? NOT_APPLICABLE : DONT_KNOW;
        continue;
      }
      const middle = (item.min + item.max) / 2;
      const raw = Math.round(middle + leaning + normal(random) * 0.7);
      const v = Math.min(item.max, Math.max(item.min, raw));
      answers[name] = item.reverse ? item.max + item.min - v : v;
    } else if (q.type === "comment" || q.type === "text") {
      if (random() < 0.3) answers[name] = FREE_TEXTS[Math.floor(random() * FREE_TEXTS.length)];
    } else if (q.type === "boolean") {
      answers[name] = random() < 0.5;
    } else if (q.type === "checkbox") {
      const picked = values.filter(() => random() < 0.3);
      if (picked.length > 0) answers[name] = picked;
    } else if (values.length > 0) {
      answers[name] = values[Math.floor(random() * values.length)];
    }
  }
  return answers;
}

/** The age bands a synthetic respondent of this audience may get, with their weights. */
export const SYNTHETIC_AGE_BANDS: Record<string, [AgeBand | null, number][]> = {
  P: [[null, 1]],
  Px: [
    ["0-2", 0.25],
    ["3-5", 0.35],
    ["6-11", 0.4],
  ],
  E: [["8-11", 1]],
  Y: [
    ["12-14", 0.45],
    ["15-17", 0.55],
  ],
  A: [["18-25", 1]],
};

export function pickWeighted<T>(options: [T, number][], random: () => number): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of options) {
    r -= weight;
    if (r <= 0) return value;
  }
  return options[options.length - 1]![0];
}
