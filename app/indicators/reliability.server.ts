import type { DB } from "../../db/client";
import type { Dimension } from "~/surveys/audiences";
import { itemScore } from "~/indicators/scoring";
import { cronbachAlpha } from "~/indicators/stats";
import type { SurveyDefinition } from "~/surveys/definition";
import { formOf, hasShortForm } from "~/surveys/forms";
import type { QuestionnaireForm } from "../../db/schema";

export interface Reliability {
  dimension: Dimension;
  alpha: number | null;
  /** Complete answers the alpha was computed on (a random sample of at most ALPHA_SAMPLE). */
  n: number;
}

export const ALPHA_MIN_RESPONSES = 100;
export const ALPHA_SAMPLE = 1000;

// Cronbach's alpha is a quality flag: computed on a random sample, once per release (it
// changes once a day at most, like every other figure: decision 021), so a dashboard at a
// million responses never parses them all and two readings on a day agree.
const alphaCache = new Map<string, { release: string; value: Reliability[] }>();

export async function reliabilityOf(
  db: DB,
  campaignId: number,
  def: SurveyDefinition,
  dims: Dimension[],
  count: number,
  release: string,
): Promise<Reliability[]> {
  const key = `${campaignId}|${def.id}.v${def.version}`;
  const cached = alphaCache.get(key);
  if (cached && cached.release === release) return cached.value;

  // One form's responses, on that form's items (issue 14, part 3): a short response lacks the
  // long form's other items, so mixing them would leave the long scale's alpha on fewer answers
  // and the short scale's alpha unmeasured. The long form when enough people answered it, else
  // the short one (a campaign offering only the short form).
  const forms = await db
    .selectFrom("response")
    .select((eb) => ["form", eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .where("survey_id", "=", def.id)
    .where("survey_version", "=", def.version)
    .groupBy("form")
    .execute();
  const answeredBy = (f: QuestionnaireForm) => Number(forms.find((r) => r.form === f)?.n ?? 0);
  const form: QuestionnaireForm =
    answeredBy("long") < ALPHA_MIN_RESPONSES && answeredBy("short") > answeredBy("long") && hasShortForm(def)
      ? "short"
      : "long";
  const scoring = formOf(def, form).scoring;
  const rows = await db
    .selectFrom("response")
    .select("answers")
    .where("campaign_id", "=", campaignId)
    .where("survey_id", "=", def.id)
    .where("survey_version", "=", def.version)
    .where("form", "=", form)
    // A sample the server chose: by record key (random, never shown), not by id, which the
    // submitting phone picks and an attacker could use to place rows in the sample.
    .orderBy("record_key")
    .limit(Math.min(ALPHA_SAMPLE, count, answeredBy(form)))
    .execute();
  const parsed = rows.map((r) => JSON.parse(r.answers) as Record<string, unknown>);
  const value = dims.map((dimension) => {
    const items = Object.entries(scoring).filter(([, item]) => item.dimension === dimension);
    const complete: number[][] = [];
    for (const answers of parsed) {
      const scores = items.map(([q, item]) => itemScore(answers[q], item));
      if (scores.every((s): s is number => s !== null)) complete.push(scores);
    }
    const alpha = cronbachAlpha(complete);
    // Coarse on purpose (decision 021): alpha to the tenth below, the sample to the ten below;
    // a quality flag needs no more, and a finer one moves with single answers.
    return {
      dimension,
      alpha: alpha === null ? null : Math.floor(Math.round(alpha * 1000) / 100) / 10,
      n: Math.floor(complete.length / 10) * 10,
    };
  });
  alphaCache.set(key, { release, value });
  return value;
}
