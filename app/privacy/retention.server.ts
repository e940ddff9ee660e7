// How long responses are kept, and their deletion once that time has passed
// (docs/decisions/015-retention-and-backup.md). `npm run purge` (scripts/purge.ts) drives it.
import type { DB } from "../../db/client";
import { parisDayOf, retentionEndsAt } from "~/campaigns/campaign-form";
import { selectCampaignSummaries } from "~/campaigns/campaign.server";
import { recordAudit } from "./audit.server";
import { contributionOf, sumContributions } from "~/indicators/contribution";
import { addTotals } from "~/indicators/aggregates.server";
import type { StoredResponse } from "./erasure.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";

export interface CampaignRetention {
  id: number;
  slug: string;
  title: string;
  waveLabel: string;
  territoryName: string;
  status: string;
  closesAt: string;
  retentionMonths: number;
  /** The last instant its responses are kept (ISO, UTC). */
  keptUntil: string;
}

export interface ExpiredCampaign extends CampaignRetention {
  /** Stored responses, youth councils' records (audience C) included. */
  responses: number;
  /** Answers given on phones during the campaign's youth council sessions. */
  councilAnswers: number;
}

export interface PurgedCampaign extends ExpiredCampaign {
  /** Free texts deleted with the responses (their moderation goes with them). */
  verbatims: number;
  councilParticipants: number;
}

/** Every campaign that is not a draft, with the date its responses are kept until; soonest closing first. */
export async function listCampaignRetention(db: DB): Promise<CampaignRetention[]> {
  const rows = await selectCampaignSummaries(db)
    // A draft has no answers and no published dates: it says nothing to respondents.
    .where("campaign.status", "!=", "draft")
    .orderBy("campaign.closes_at")
    .orderBy("campaign.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    waveLabel: r.waveLabel,
    territoryName: r.territoryName,
    status: r.status,
    closesAt: r.closesAt,
    retentionMonths: r.retentionMonths,
    keptUntil: retentionEndsAt(r.closesAt, r.retentionMonths),
  }));
}

async function councilCounts(db: DB, campaignId: number) {
  const sessions = db.selectFrom("council_session").select("id").where("campaign_id", "=", campaignId);
  const answers = await db
    .selectFrom("council_answer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "in", sessions)
    .executeTakeFirstOrThrow();
  const participants = await db
    .selectFrom("council_participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "in", sessions)
    .executeTakeFirstOrThrow();
  return { answers: Number(answers.n), participants: Number(participants.n) };
}

/**
 * Campaigns whose retention has passed at `now` and that still hold responses or council
 * answers: what a purge deletes. Campaigns already purged are not listed again.
 */
export async function findExpiredCampaigns(db: DB, now: Date = new Date()): Promise<ExpiredCampaign[]> {
  const expired = (await listCampaignRetention(db)).filter((c) => c.keptUntil < now.toISOString());
  const out: ExpiredCampaign[] = [];
  for (const c of expired) {
    const responses = await db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("campaign_id", "=", c.id)
      .executeTakeFirstOrThrow();
    const council = await councilCounts(db, c.id);
    const n = Number(responses.n);
    if (n > 0 || council.answers > 0 || council.participants > 0)
      out.push({ ...c, responses: n, councilAnswers: council.answers });
  }
  return out;
}

/**
 * Takes a batch of one campaign's responses out of its running totals, as erasure does one by
 * one (takeOutOfTotals), but summed first (sumContributions, as a group of submissions is): one
 * statement per total touched instead of about fifteen per response, so a batch holds the write
 * lock for milliseconds, not seconds.
 */
async function subtractFromTotals(trx: DB, campaignId: number, rows: StoredResponse[]): Promise<void> {
  const scored = rows.filter((r) => r.audience !== "C"); // council records are never in the totals
  if (scored.length === 0) return;
  const scores = new Map<string, Record<string, number>>();
  for (const s of await trx
    .selectFrom("response_score")
    .select(["response_id", "dimension", "score"])
    .where(
      "response_id",
      "in",
      scored.map((r) => r.id),
    )
    .execute()) {
    const own = scores.get(s.response_id) ?? {};
    own[s.dimension] = s.score;
    scores.set(s.response_id, own);
  }
  const items = [];
  for (const row of scored) {
    const def = getSurveyDefinition(row.survey_id, row.survey_version);
    if (!def) continue;
    const contribution = contributionOf(def, {
      answers: JSON.parse(row.answers) as Record<string, unknown>,
      ageBand: row.age_band,
      locale: row.locale,
      submittedAt: row.submitted_at,
      scores: scores.get(row.id) ?? {},
      recordKey: row.record_key,
    });
    items.push({ campaignId, contribution });
  }
  await addTotals(trx, sumContributions(items, -1));
}

export interface PurgeOptions {
  now?: Date;
  /** Responses deleted per transaction: small enough that a running server waits a few ms at most. */
  batchSize?: number;
  /** Called after each committed batch (and awaited): a progress line, or a test's checks. */
  onProgress?: (campaign: ExpiredCampaign, deleted: number) => void | Promise<void>;
}

export const DEFAULT_PURGE_BATCH = 100;

/** Lets the event loop (and another process's writers) in between two transactions. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes, campaign by campaign, the responses whose retention has passed, with everything
 * made from them: scores, running totals, free texts and their moderation, the youth councils'
 * records, phones and live answers. Each batch is one transaction that also takes its responses
 * out of the running totals, so dashboards read between two batches still match the rows left.
 * Writes one `responses_purged` audit entry per campaign (no actor: the system). Running it again
 * finds nothing to do.
 */
export async function purgeExpiredResponses(db: DB, options: PurgeOptions = {}): Promise<PurgedCampaign[]> {
  const batchSize = options.batchSize ?? DEFAULT_PURGE_BATCH;
  const purged: PurgedCampaign[] = [];
  for (const campaign of await findExpiredCampaigns(db, options.now)) {
    let responses = 0;
    let verbatims = 0;
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const rows: StoredResponse[] = await trx
          .selectFrom("response")
          .select([
            "id",
            "campaign_id",
            "survey_id",
            "survey_version",
            "audience",
            "answers",
            "age_band",
            "locale",
            "submitted_at",
            "record_key",
          ])
          .where("campaign_id", "=", campaign.id)
          .limit(batchSize)
          .execute();
        if (rows.length === 0) return { responses: 0, verbatims: 0 };
        const ids = rows.map((r) => r.id);
        await subtractFromTotals(trx, campaign.id, rows);
        const texts = await trx
          .selectFrom("verbatim")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("response_id", "in", ids)
          .executeTakeFirstOrThrow();
        // Said outright rather than left to the foreign keys' cascades.
        await trx
          .deleteFrom("verbatim_moderation")
          .where("verbatim_id", "in", trx.selectFrom("verbatim").select("id").where("response_id", "in", ids))
          .execute();
        await trx.deleteFrom("verbatim").where("response_id", "in", ids).execute();
        await trx.deleteFrom("response_score").where("response_id", "in", ids).execute();
        await trx
          .updateTable("council_session")
          .set({ response_id: null })
          .where("response_id", "in", ids)
          .execute();
        await trx.deleteFrom("response").where("id", "in", ids).execute();
        return { responses: rows.length, verbatims: Number(texts.n) };
      });
      responses += batch.responses;
      verbatims += batch.verbatims;
      if (batch.responses > 0) await options.onProgress?.(campaign, responses);
      if (batch.responses < batchSize) break;
      await breathe();
    }

    const finished = await db.transaction().execute(async (trx) => {
      const council = await councilCounts(trx, campaign.id);
      const sessions = trx.selectFrom("council_session").select("id").where("campaign_id", "=", campaign.id);
      // The sessions themselves stay (a name, a code, times: nothing anyone said), so an old
      // code is still recognised as a finished session and never given out again.
      await trx.deleteFrom("council_answer").where("session_id", "in", sessions).execute();
      await trx.deleteFrom("council_participant").where("session_id", "in", sessions).execute();
      // With no response left, any total still stored describes nobody (and rows at n = 0 are noise).
      const left = await trx
        .selectFrom("response")
        .select("id")
        .where("campaign_id", "=", campaign.id)
        .limit(1)
        .executeTakeFirst();
      if (!left) {
        await trx.deleteFrom("indicator_aggregate").where("campaign_id", "=", campaign.id).execute();
        await trx.deleteFrom("participation_daily").where("campaign_id", "=", campaign.id).execute();
        await trx.deleteFrom("choice_count").where("campaign_id", "=", campaign.id).execute();
      }
      // The day's release holds figures made from the purged responses: it goes with them.
      await trx.deleteFrom("figure_release").where("campaign_id", "=", campaign.id).execute();
      const result: PurgedCampaign = {
        ...campaign,
        responses,
        verbatims,
        councilAnswers: council.answers,
        councilParticipants: council.participants,
      };
      await recordAudit(trx, {
        actor: null,
        action: "responses_purged",
        target: campaign.slug,
        details: {
          responses,
          verbatims,
          councilAnswers: council.answers,
          closedOn: parisDayOf(campaign.closesAt),
          retentionMonths: campaign.retentionMonths,
        },
      });
      return result;
    });
    purged.push(finished);
  }
  return purged;
}

/** For the privacy page: each open or closed campaign's retention, in the order people look for it. */
export async function publicRetention(db: DB, now: Date = new Date()) {
  const all = await listCampaignRetention(db);
  return (
    all
      // Purged campaigns have nothing left to tell anyone about.
      .filter((c) => c.keptUntil >= now.toISOString())
      .sort(
        (a, b) =>
          a.territoryName.localeCompare(b.territoryName, "fr") || a.closesAt.localeCompare(b.closesAt),
      )
  );
}
