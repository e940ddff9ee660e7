// The French words of the dashboards, in one place so the screen, the printable report and
// the national view name dimensions, groups and statuses the same way.
import type { AgeBand, Audience, Dimension } from "~/surveys/audiences";
import type { Role } from "../../db/schema";
import type { SizeStatus } from "./stats";

/** The dimensions of docs/indicators.md as coordinators read them. */
export const DIMENSION_LABELS: Record<Dimension, string> = {
  D1: "Reconnu·e comme acteur ou actrice",
  D2: "Savoirs d'expérience valorisés",
  D3: "Alliance famille – école – lieux d'accueil",
  D4: "Continuité du parcours éducatif",
  D5: "Communauté inclusive, appartenance",
  D6: "Citoyenneté, pouvoir d'agir",
  D7: "Coopération et gouvernance perçues",
};

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

/** Respondent groups; never pooled in one figure. */
export const AUDIENCE_LABELS: Record<Audience, string> = {
  P: "Parents (pour eux-mêmes)",
  Px: "Parents, pour un enfant de 0 à 11 ans",
  Y: "Jeunes de 12 à 17 ans",
  A: "Jeunes adultes de 18 à 25 ans",
  C: "Conseils de jeunes",
};

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  "0-2": "0 à 2 ans",
  "3-5": "3 à 5 ans",
  "6-11": "6 à 11 ans",
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

/** What stands in place of a hidden figure: no number at all. */
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

/** A questionnaire language in French; the code itself when we have no name for it. */
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

/** Unscored questions the dashboards show as distributions. */
export const CONTINUUM_QUESTION = "d2_continuum";
export const PARTICIPATED_QUESTION = "d6_participated";

/** The roles of the accounts, as the menu, the accounts page and the log name them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "administrateur·rice",
  coordinator: "coordinateur·rice",
  viewer: "lecteur·rice",
};
