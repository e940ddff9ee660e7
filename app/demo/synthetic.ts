import type { AgeBand, SurveyDefinition } from "~/surveys/definition";
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
 * Plausible answers to a survey for demo data and benchmarks: each synthetic person has
 * a leaning, so items of a dimension agree with each other as real answers do.
 * Answers every question of the definition; does not evaluate `visibleIf` conditions.
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
    const values = (q.choices ?? []).map((c) => (typeof c === "object" ? c.value : c));
    const item = def.scoring[name];
    if (item) {
      if (random() < 0.07 && values.includes("nsp")) {
        answers[name] = "nsp";
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
