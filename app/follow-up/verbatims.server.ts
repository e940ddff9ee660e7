import { sql } from "kysely";
import type { DB } from "../../db/client";
import { type Audience, AUDIENCES } from "~/surveys/audiences";
import { isShown } from "~/indicators/suppression";
import { questionRoles, questionsOf, titleOf } from "~/surveys/questions";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";

export interface Verbatim {
  id: number;
  audience: Audience;
  question: string;
  text: string;
  /** The day the response was sent (responses keep the day only). */
  submittedAt: string;
}

export interface VerbatimFilter {
  audience?: Audience;
  question?: string;
  search?: string;
  limit: number;
  offset: number;
}

export interface VerbatimPage {
  items: Verbatim[];
  /** Matching free texts of the groups shown. */
  total: number;
  /** Groups with fewer than 10 responses: their free texts are never listed. */
  hiddenAudiences: Audience[];
}

export interface VerbatimQuestion {
  audience: Audience;
  question: string;
  title: string;
}

/** The free-text questions of a campaign's surveys, per audience, with their French titles. */
export function verbatimQuestions(campaign: Pick<CampaignWithSurveys, "surveys">): VerbatimQuestion[] {
  const out: VerbatimQuestion[] = [];
  for (const s of campaign.surveys) {
    const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
    if (!def || def.audience === "C") continue;
    const texts = new Set(questionRoles(def).texts);
    for (const q of questionsOf(def)) {
      if (q.name && texts.has(q.name))
        out.push({ audience: def.audience, question: q.name, title: titleOf(q) });
    }
  }
  return out.sort((a, b) => AUDIENCES.indexOf(a.audience) - AUDIENCES.indexOf(b.audience));
}

/** `%` and `_` are wildcards in LIKE: a search for "50%" must find the text "50%", nothing more. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface FreeTextVisibility {
  /** Audiences whose free texts coordinators may read. */
  shown: Audience[];
  /** Audiences with responses but fewer than 10: their free texts are withheld. */
  hiddenAudiences: Audience[];
}

/**
 * Whose free texts a coordinator may read: the groups (audiences) with at least 10 responses,
 * counted as the dashboards count them (the participation totals). The one rule for every
 * place that shows free text: the verbatims page and the responses CSV.
 */
export async function freeTextVisibility(db: DB, campaignId: number): Promise<FreeTextVisibility> {
  const counts = await db
    .selectFrom("participation_daily")
    .select((eb) => ["audience", eb.fn.sum<number>("n").as("n")])
    .where("campaign_id", "=", campaignId)
    .groupBy("audience")
    .execute();
  const responses = new Map(counts.map((c) => [c.audience, Number(c.n)]));
  const shown = AUDIENCES.filter((a) => isShown(responses.get(a) ?? 0));
  const hiddenAudiences = AUDIENCES.filter(
    (a) => a !== "C" && !shown.includes(a) && (responses.get(a) ?? 0) > 0,
  );
  return { shown, hiddenAudiences };
}

/**
 * A campaign's free-text answers, newest first, for coordinators. Groups whose audience
 * has fewer than 10 responses are left out here, whatever the caller asks
 * (freeTextVisibility). Search is a substring match, case-insensitive for unaccented
 * letters (lower() on both sides, portable to PostgreSQL).
 */
export async function listVerbatims(
  db: DB,
  campaignId: number,
  filter: VerbatimFilter,
): Promise<VerbatimPage> {
  const { shown, hiddenAudiences } = await freeTextVisibility(db, campaignId);

  const audiences = filter.audience ? shown.filter((a) => a === filter.audience) : shown;
  if (audiences.length === 0) return { items: [], total: 0, hiddenAudiences };

  let query = db
    .selectFrom("verbatim")
    .innerJoin("response", "response.id", "verbatim.response_id")
    .where("verbatim.campaign_id", "=", campaignId)
    .where("verbatim.audience", "in", audiences);
  if (filter.question) query = query.where("verbatim.question", "=", filter.question);
  const search = filter.search?.trim();
  if (search)
    query = query.where(
      sql<boolean>`lower(${sql.ref("verbatim.text")}) like ${likePattern(search)} escape '\\'`,
    );

  const [rows, total] = await Promise.all([
    query
      .select([
        "verbatim.id as id",
        "verbatim.audience as audience",
        "verbatim.question as question",
        "verbatim.text as text",
        "response.submitted_at as submittedAt",
      ])
      .orderBy("response.submitted_at", "desc")
      .orderBy("verbatim.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({ ...r, audience: r.audience as Audience })),
    total: Number(total?.n ?? 0),
    hiddenAudiences,
  };
}
