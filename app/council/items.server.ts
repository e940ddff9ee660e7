import type { SurveyDefinition } from "~/surveys/definition";
import { DEFAULT_TEXT_LOCALE, localizedText } from "~/surveys/localized-text";
import { splitPictogram } from "~/surveys/pictogram";
import { questionsOf } from "~/surveys/questions";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { type CouncilSitting, type FaceKind, splitFace } from "~/council/rules";

// What a council answers and records, read from survey files like every questionnaire
// (docs/decisions/011-council-sessions.md): the items phones answer during a sitting, and the
// questions of the council's record.

/** The items phones answer, and the record the facilitator writes: fixed survey versions. */
export const COUNCIL_ITEMS_SURVEY = { id: "council-items", version: 2 } as const;
export const COUNCIL_RECORD_SURVEY = { id: "council-record", version: 1 } as const;

export interface CouncilItem {
  name: string;
  title: string;
  choices: { value: string; label: string; face: FaceKind | null }[];
}

export function councilSurvey(ref: { id: string; version: number }): SurveyDefinition {
  const def = getSurveyDefinition(ref.id, ref.version);
  if (!def) throw new Error(`survey ${ref.id}.v${ref.version} is missing from surveys/`);
  return def;
}

/**
 * A survey's questions in page order, with their choices as stored (values as text). Titles
 * and choice texts may be multi-locale (`{ default, en, ar }`): they are read in `locale`,
 * French (the `default`) unless asked otherwise or when the file lacks that locale.
 */
function itemsOf(def: SurveyDefinition, locale: string = DEFAULT_TEXT_LOCALE): CouncilItem[] {
  return questionsOf(def).map((q) => ({
    name: q.name!,
    // (A simplified title's pictogram is left out: the phones draw none, and never an emoji.)
    title: splitPictogram(localizedText(q.title, locale)).text || q.name!,
    choices: (q.choices ?? []).map((c) => {
      const { value, text } = typeof c === "object" ? c : { value: c, text: undefined };
      return { value: String(value), ...splitFace(localizedText(text, locale) || String(value)) };
    }),
  }));
}

const itemsCache = new Map<string, CouncilItem[]>();
/**
 * The items of a sitting's survey version (what phones answer and the projector shows), in
 * French unless another locale is asked for; the values are the same in every locale.
 */
export function councilItems(
  sitting: Pick<CouncilSitting, "items_survey_id" | "items_survey_version">,
  locale: string = DEFAULT_TEXT_LOCALE,
) {
  const key = `${sitting.items_survey_id}.v${sitting.items_survey_version}:${locale}`;
  let items = itemsCache.get(key);
  if (!items) {
    items = itemsOf(
      councilSurvey({ id: sitting.items_survey_id, version: sitting.items_survey_version }),
      locale,
    );
    itemsCache.set(key, items);
  }
  return items;
}

/** The record's questions (opinion, criteria, evidence), for the facilitator's form. */
export function councilRecordQuestions(): CouncilItem[] {
  return itemsOf(councilSurvey(COUNCIL_RECORD_SURVEY));
}
