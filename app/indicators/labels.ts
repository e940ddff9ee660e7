// The French words of the dashboards, in one place so the screen, the printable report and
// the national view name dimensions, groups and statuses the same way.
//
// Where a fact is also said to respondents, the respondent dictionary (~/i18n/fr.ts) is its
// one source and the dashboards read it: dimension and audience names. Where the two
// wordings differ on purpose, both stay, each said below.
import { fr, type MessageKey } from "~/i18n/fr";
import { type AgeBand, type Audience, AUDIENCES, DIMENSIONS, type Dimension } from "~/surveys/audiences";
import type { Role } from "../../db/schema";
import type { SizeStatus } from "./stats";

/** One label per key, as the French respondent dictionary words it. */
function fromDictionary<K extends string>(
  keys: readonly K[],
  entry: (key: K) => MessageKey,
): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, fr[entry(key)]])) as Record<K, string>;
}

/**
 * The dimensions of docs/indicators.md as coordinators read them: the names the public
 * results page shows ("dimension.D1"… in ~/i18n/fr.ts).
 */
export const DIMENSION_LABELS: Record<Dimension, string> = fromDictionary(
  DIMENSIONS,
  (d) => `dimension.${d}`,
);

/** A few words per dimension, for chart axes where the full name does not fit on a phone. */
export const DIMENSION_SHORT_LABELS: Record<Dimension, string> = {
  D1: "Reconnu·e acteur",
  D2: "Savoirs d'expérience",
  D3: "Alliance",
  D4: "Continuité",
  D5: "Appartenance",
  D6: "Pouvoir d'agir",
  D7: "Coopération",
};

/**
 * Respondent groups, never pooled in one figure: the names the public results page shows
 * ("audience.P"… in ~/i18n/fr.ts).
 */
export const AUDIENCE_LABELS: Record<Audience, string> = fromDictionary(AUDIENCES, (a) => `audience.${a}`);

/**
 * Age bands as a table names them. Different on purpose from the age questions respondents
 * answer (~/i18n/fr.ts "child.age.0-2" "Moins de 3 ans", "youth.younger" "12, 13 ou 14 ans"…),
 * which ask in the words a parent or a young person would use.
 */
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  "0-2": "0 à 2 ans",
  "3-5": "3 à 5 ans",
  "6-11": "6 à 11 ans",
  "8-11": "8 à 11 ans",
  "12-14": "12 à 14 ans",
  "15-17": "15 à 17 ans",
  "18-25": "18 à 25 ans",
};

/** Size statuses; "ok" needs no words. */
export const STATUS_LABELS: Record<SizeStatus, string> = {
  hidden: "masqué (moins de 10 réponses)",
  indicative: "indicatif (moins de 30 réponses)",
  ok: "",
};

/** The same in a table's "Statut" column, where the caption and notes say what they mean. */
export const STATUS_SHORT_LABELS: Record<SizeStatus, string> = {
  hidden: "masqué",
  indicative: "indicatif",
  ok: "suffisant",
};

/**
 * What stands in place of a hidden figure: no number at all. The public results page says it
 * in its own words on purpose (~/i18n/fr.ts "results.notPublished": "non publié", not "masqué").
 */
export const HIDDEN_FIGURE = "masqué : moins de 10 réponses";
/** The same, in a table cell where the column already says what is missing. */
export const HIDDEN_CELL = "masqué";

export type CampaignAvailabilityLabel = "open" | "not_yet_open" | "closed" | "draft";

export const CAMPAIGN_STATUS_LABELS: Record<CampaignAvailabilityLabel, string> = {
  draft: "brouillon",
  open: "ouverte",
  closed: "fermée",
  not_yet_open: "pas encore ouverte",
};

const LOCALE_LABELS: Record<string, string> = {
  fr: "français",
  // The simplified (easy-to-read) French version, counted apart in participation by language.
  falc: "français (version simplifiée)",
  en: "anglais",
  ar: "arabe",
  es: "espagnol",
  pt: "portugais",
  tr: "turc",
  ro: "roumain",
  uk: "ukrainien",
  ru: "russe",
  zh: "chinois",
};

/**
 * A questionnaire language in French; the code itself when we have no name for it. Different
 * on purpose from the language switcher's names (LOCALE_NAMES in ~/i18n/i18n.ts), which name
 * each language in itself ("English", "العربية").
 */
export function localeLabel(locale: string): string {
  return LOCALE_LABELS[locale] ?? locale;
}

/** The Montreal continuum (question d2_continuum), in words that fit parents and young people alike. */
export const CONTINUUM_LABELS: Record<string, string> = {
  informed: "Informé·e",
  consulted: "Consulté·e",
  worked_with: "Travaille avec les professionnels",
  decided_together: "Décide avec eux",
  nsp: "Ne sait pas / pas concerné·e",
};

/** The same, short enough for a chart axis on a phone. */
export const CONTINUUM_SHORT_LABELS: Record<string, string> = {
  informed: "Informé·e",
  consulted: "Consulté·e",
  worked_with: "Travaille avec",
  decided_together: "Décide avec",
  nsp: "Ne sait pas",
};

/** The two non-answers of a scored item (issue 14), as the questionnaires word them. */
export const DONT_KNOW_LABEL = "Je ne sais pas";
export const NOT_APPLICABLE_LABEL = "Ce n'est pas mon cas";
/** Version 1's one choice, which meant both. */
export const MERGED_NON_ANSWER_LABEL = "Je ne sais pas ou pas concerné (version 1)";

/** The forms of a questionnaire, as a sentence names them ("dont 40 au questionnaire court"). */
export const FORM_LABELS: Record<"long" | "short", string> = {
  long: "questionnaire complet",
  short: "questionnaire court",
};

/** Unscored questions with a chart of their own; every other one is a table (Distributions.tsx). */
export const CONTINUUM_QUESTION = "d2_continuum";
export const PARTICIPATED_QUESTION = "d6_participated";

/** The roles of the accounts, as the menu, the accounts page and the log name them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "administrateur·rice",
  coordinator: "coordinateur·rice",
  viewer: "lecteur·rice",
};
