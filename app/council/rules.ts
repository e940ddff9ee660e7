// Youth council sittings: the pure rules shared by the server, the phones and the projector.
// See docs/indicators.md (audience C) and docs/decisions/011-council-sessions.md.
import type { CouncilSession, CouncilSessionStatus } from "../../db/schema";
import { type FaceKind, faceOf } from "~/surveys/faces";
import { LEADING_PICTOGRAM } from "~/surveys/pictogram";
import { hasDrawing } from "~/surveys/pictograms";

export type { FaceKind };

/**
 * One sitting of a youth council (on screen: "séance"). The table keeps its first name,
 * `council_session`; the code says "sitting" so as not to be read as a login session.
 */
export type CouncilSitting = CouncilSession;
export type CouncilSittingStatus = CouncilSessionStatus;

/** No look-alikes (0/O, 1/I/L): the code is read off a projector and typed on a phone. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;

/** An item's results appear only once this many phones have answered it. */
export const LIVE_THRESHOLD = 5;

/** Beyond this, a sitting refuses new phones: one room, one council. */
export const MAX_PARTICIPANTS = 200;

/** Time limits a facilitator may choose, in minutes. */
export const SITTING_DURATIONS = [30, 60, 90, 120, 180] as const;
export const DEFAULT_DURATION = 90;

/** A sitting's state, as the facilitator reads it. */
export const SITTING_STATUS_WORDS = {
  waiting: "pas encore ouverte",
  open: "ouverte",
  closed: "close",
} as const;

/** 90 → "1 h 30". */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} minutes`;
  return m === 0 ? `${h} h` : `${h} h ${m}`;
}

/** The code as typed: case, spaces and dashes do not matter. Null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]+/g, "");
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** "K7M4PQ" → "K7M 4PQ": two groups of three are easier to read aloud and copy. */
export function formatCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

export type Verdict = "yes" | "partly" | "no";
export const VERDICTS: readonly Verdict[] = ["yes", "partly", "no"];
export const VERDICT_LABELS: Record<Verdict, string> = { yes: "oui", partly: "en partie", no: "non" };

/**
 * The council's self-assessment: Lundy's four elements (space, voice, audience, influence)
 * and Shier's five levels of participation, each rated by consensus with a line of evidence.
 * The names are those of the questions in `surveys/council-record.v1.json`.
 */
export const CRITERIA = [
  { name: "lundy_space", model: "Lundy", label: "Espace" },
  { name: "lundy_voice", model: "Lundy", label: "Voix" },
  { name: "lundy_audience", model: "Lundy", label: "Écoute" },
  { name: "lundy_influence", model: "Lundy", label: "Influence" },
  { name: "shier_listened", model: "Shier", label: "Les jeunes sont écoutés" },
  { name: "shier_supported", model: "Shier", label: "Les jeunes sont aidés pour dire leur avis" },
  { name: "shier_considered", model: "Shier", label: "L'avis des jeunes est pris en compte" },
  { name: "shier_involved", model: "Shier", label: "Les jeunes participent aux décisions" },
  { name: "shier_shared", model: "Shier", label: "Les jeunes partagent le pouvoir de décider" },
] as const;
export type CriterionName = (typeof CRITERIA)[number]["name"];

export const OPINION_QUESTION = "opinion";
export const evidenceQuestion = (criterion: string) => `${criterion}_evidence`;

export interface CriteriaSummary {
  met: number;
  partly: number;
  notMet: number;
  total: number;
  /** Share (0–1) of criteria met ("oui"); "en partie" is counted apart, not as half. */
  share: number;
}

/** The share of criteria met, from a record's answers. */
export function criteriaSummary(answers: Record<string, unknown>): CriteriaSummary {
  let met = 0;
  let partly = 0;
  let notMet = 0;
  for (const { name } of CRITERIA) {
    const v = answers[name];
    if (v === "yes") met += 1;
    else if (v === "partly") partly += 1;
    else if (v === "no") notMet += 1;
  }
  const total = CRITERIA.length;
  return { met, partly, notMet, total, share: met / total };
}

/** Several councils' criteria pooled: the campaign's share of criteria met. */
export function pooledCriteria(summaries: readonly CriteriaSummary[]): CriteriaSummary | null {
  if (summaries.length === 0) return null;
  const sum = (k: "met" | "partly" | "notMet" | "total") => summaries.reduce((acc, s) => acc + s[k], 0);
  const total = sum("total");
  return { met: sum("met"), partly: sum("partly"), notMet: sum("notMet"), total, share: sum("met") / total };
}

/**
 * "🙂 Oui" → { face: "happy", label: "Oui" }; "❓ Je ne sais pas" → { face: null, label: "Je ne
 * sais pas" } (a pictogram of app/surveys/pictograms.ts: the phones draw faces only, and never
 * show it as an emoji); other texts are kept whole.
 */
export function splitFace(text: string): { face: FaceKind | null; label: string } {
  const match = LEADING_PICTOGRAM.exec(text);
  if (!match || !hasDrawing(match[1]!)) return { face: null, label: text };
  return { face: faceOf(match[1]!), label: match[2]! };
}

export interface LiveChoice {
  value: string;
  label: string;
  face: FaceKind | null;
  n: number;
}

export interface LiveItem {
  name: string;
  title: string;
  /** How many phones answered this item (one answer per phone). */
  answers: number;
  /** The choices' counts, or null until LIVE_THRESHOLD phones have answered. */
  choices: LiveChoice[] | null;
}

/**
 * An item as the projector may show it: below the threshold, the counts are left out of
 * the data itself (not merely hidden on screen), so no client ever receives them.
 */
export function liveItem(
  item: { name: string; title: string; choices: { value: string; label: string; face: FaceKind | null }[] },
  counts: ReadonlyMap<string, number>,
): LiveItem {
  const answers = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    name: item.name,
    title: item.title,
    answers,
    choices:
      answers >= LIVE_THRESHOLD ? item.choices.map((c) => ({ ...c, n: counts.get(c.value) ?? 0 })) : null,
  };
}
