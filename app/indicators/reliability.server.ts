import type { DB } from "../../db/client";
import type { Dimension } from "~/surveys/audiences";
import { itemScore } from "~/indicators/scoring";
import { cronbachAlpha } from "~/indicators/stats";
import type { SurveyDefinition } from "~/surveys/definition";

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

  const rows = await db
    .selectFrom("response")
    .select("answers")
    .where("campaign_id", "=", campaignId)
    .where("survey_id", "=", def.id)
    .where("survey_version", "=", def.version)
    // A sample the server chose: by record key (random, never shown), not by id, which the
    // submitting phone picks and an attacker could use to place rows in the sample.
    .orderBy("record_key")
    .limit(Math.min(ALPHA_SAMPLE, count))
    .execute();
  const parsed = rows.map((r) => JSON.parse(r.answers) as Record<string, unknown>);
  const value = dims.map((dimension) => {
    const items = Object.entries(def.scoring).filter(([, item]) => item.dimension === dimension);
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
