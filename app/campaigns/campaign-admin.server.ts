// Campaigns as the teams manage them: listing, creating, editing. Every function that
// touches a territory's data takes the actor and scopes by it, on top of the routes' checks.
import { isShown } from "~/indicators/suppression";
import { INDIVIDUAL_AUDIENCES } from "~/surveys/audiences";
import type { DB } from "../../db/client";
import type { Campaign, CampaignStatus, FormOffer } from "../../db/schema";
import type { Audience, SurveyDefinition } from "~/surveys/definition";
import {
  type CampaignFieldErrors,
  type CampaignForm,
  parisDayEnd,
  parisDayStart,
  parseSurveyFormKey,
  RETENTION_DEFAULT_MONTHS,
  surveyFormKey,
} from "~/campaigns/campaign-form";
import { recordAudit } from "~/privacy/audit.server";
import {
  type CampaignSurveyRef,
  type CampaignWithSurveys,
  insertCampaign,
  insertCampaignSurveys,
  type NewCampaign,
  selectCampaignSummaries,
} from "./campaign.server";
import { getSurveyDefinition, latestSurveyDefinitions, minutesOf } from "~/surveys/surveys.server";
import { hasShortForm } from "~/surveys/forms";
import { type Actor, canManage } from "~/accounts/user.server";

/** Individual questionnaires a campaign may offer (youth councils answer elsewhere). */

export interface CampaignListItem extends Required<NewCampaign> {
  id: number;
  territoryName: string;
  responses: number;
}

export interface TerritoryOption {
  id: number;
  name: string;
}

export interface SurveyOption {
  /** `parent.v1`, the checkbox value. */
  key: string;
  id: string;
  version: number;
  audience: Audience;
  title: string;
  minutes: number;
  /** The short form's minutes; null when the questionnaire has no short form. */
  shortMinutes: number | null;
  /** The languages the questionnaire is written in ("falc": the easy-to-read French). */
  locales: readonly string[];
}

/** What can no longer change on a campaign, and why. */
export interface CampaignLocks {
  /** Someone answered: the answers were given to these questionnaires and this territory. */
  surveys: boolean;
  territory: boolean;
  /** Opened once or answered: posters and people mid-questionnaire use the link. */
  slug: boolean;
}

export type CampaignSaveResult = { ok: true; slug: string } | { ok: false; fields: CampaignFieldErrors };

/** The campaigns the actor may see (admins: all), newest opening first, with their response counts. */
export async function listCampaignsForActor(db: DB, actor: Actor): Promise<CampaignListItem[]> {
  if (actor.role !== "admin" && actor.territoryIds.length === 0) return [];
  let query = selectCampaignSummaries(db).orderBy("campaign.opens_at", "desc").orderBy("campaign.id", "desc");
  if (actor.role !== "admin") query = query.where("campaign.territory_id", "in", actor.territoryIds);
  const rows = await query.execute();
  const shown = await shownResponseCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...row, responses: shown.get(row.id) ?? 0 }));
}

/**
 * Responses per campaign counting only audience groups of at least 10, as the dashboards
 * do: showing every stored response here would give a hidden group's size by subtraction.
 * Read from the running totals, so a list of 250 campaigns never counts a million rows.
 */
async function shownResponseCounts(db: DB, campaignIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (campaignIds.length === 0) return counts;
  const rows = await db
    .selectFrom("participation_daily")
    .select((eb) => ["campaign_id", "audience", eb.fn.sum<number>("n").as("n")])
    .where("campaign_id", "in", campaignIds)
    .groupBy(["campaign_id", "audience"])
    .execute();
  for (const r of rows) {
    const n = Number(r.n);
    if (isShown(n)) counts.set(r.campaign_id, (counts.get(r.campaign_id) ?? 0) + n);
  }
  return counts;
}

/**
 * How many people answered a campaign's questionnaires. A youth council's record (audience
 * C) is left out: it answers no questionnaire of the campaign, so it locks none of them.
 */
export async function countResponses(db: DB, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom("response")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("audience", "!=", "C")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Territories the actor may create campaigns in: all for admins, their own for coordinators, none for viewers. */
export async function manageableTerritories(db: DB, actor: Actor): Promise<TerritoryOption[]> {
  if (!canManage(actor)) return [];
  if (actor.role !== "admin" && actor.territoryIds.length === 0) return [];
  let query = db.selectFrom("territory").select(["id", "name"]).orderBy("name");
  if (actor.role !== "admin") query = query.where("id", "in", actor.territoryIds);
  const rows = await query.execute();
  return rows.sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

/** Whether the actor may edit, open, close or print this campaign (same-territory coordinators, admins). */
export function canManageCampaign(actor: Actor, campaign: Pick<Campaign, "territory_id">): boolean {
  return canManage(actor) && (actor.role === "admin" || actor.territoryIds.includes(campaign.territory_id));
}

function frenchTitle(def: SurveyDefinition): string {
  return typeof def.title === "string"
    ? def.title
    : (def.title.fr ?? def.title.default ?? Object.values(def.title)[0] ?? def.id);
}

function toOption(def: SurveyDefinition): SurveyOption {
  return {
    key: surveyFormKey(def.id, def.version),
    id: def.id,
    version: def.version,
    audience: def.audience,
    title: frenchTitle(def),
    minutes: def.minutes,
    shortMinutes: hasShortForm(def) ? minutesOf(def, "short", def.locales[0]!) : null,
    locales: def.locales,
  };
}

const INDIVIDUAL: readonly Audience[] = INDIVIDUAL_AUDIENCES;
const byAudience = (a: SurveyOption, b: SurveyOption) =>
  INDIVIDUAL.indexOf(a.audience) - INDIVIDUAL.indexOf(b.audience) || a.id.localeCompare(b.id);

/** The questionnaires a new (or not yet answered) campaign may offer: the newest version of each individual survey. */
export function surveyOptions(): SurveyOption[] {
  return latestSurveyDefinitions()
    .filter((def) => INDIVIDUAL.includes(def.audience))
    .map(toOption)
    .sort(byAudience);
}

/** The questionnaires a campaign offers, described for the form and the poster. */
export function campaignSurveyOptions(campaign: Pick<CampaignWithSurveys, "surveys">): SurveyOption[] {
  return campaign.surveys
    .flatMap((s) => {
      const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
      return def ? [toOption(def)] : [];
    })
    .sort(byAudience);
}

/** What can no longer change on this campaign. */
export function campaignLocks(campaign: Pick<Campaign, "status">, responses: number): CampaignLocks {
  const answered = responses > 0;
  return { surveys: answered, territory: answered, slug: answered || campaign.status !== "draft" };
}

async function slugTaken(db: DB, slug: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom("campaign").select("id").where("slug", "=", slug);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  return !!(await query.executeTakeFirst());
}

const SLUG_TAKEN = "Cette adresse est déjà prise par une autre campagne. Choisissez-en une autre.";

// Another request may take the slug between the check and the insert; the unique index decides.
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

/** The submitted survey keys, each the newest version of an individual survey; or the field error. */
function resolveSurveys(keys: string[]): { surveyId: string; surveyVersion: number }[] | string {
  const offered = new Set(surveyOptions().map((o) => o.key));
  const unique = [...new Set(keys)];
  if (unique.some((key) => !offered.has(key))) {
    return "Ce questionnaire ne peut pas être proposé. Choisissez dans la liste.";
  }
  return unique.map((key) => parseSurveyFormKey(key)!);
}

/**
 * Why the campaign cannot offer this form with these questionnaires; null when it can. The
 * short form needs every questionnaire to have one; the choice needs at least one.
 */
function formOfferRefusal(offer: FormOffer, surveys: readonly CampaignSurveyRef[]): string | null {
  if (offer === "long") return null;
  const without = surveys
    .map((s) => getSurveyDefinition(s.surveyId, s.surveyVersion))
    .filter((def): def is SurveyDefinition => !!def && !hasShortForm(def));
  if (offer === "short" && without.length > 0) {
    return `${without.length > 1 ? "Ces questionnaires n'ont" : "Ce questionnaire n'a"} pas de version courte : ${without.map(frenchTitle).join(", ")}. Proposez la version complète, ou le choix.`;
  }
  if (offer === "choice" && without.length === surveys.length) {
    return "Aucun des questionnaires choisis n'a de version courte : proposez la version complète.";
  }
  return null;
}

/** Creates a campaign with its questionnaires and writes `campaign_created` to the audit log. */
export async function createCampaign(db: DB, actor: Actor, form: CampaignForm): Promise<CampaignSaveResult> {
  const fields: CampaignFieldErrors = {};
  const territories = await manageableTerritories(db, actor);
  // An unknown territory and another team's look the same: nothing reveals which exist.
  if (!territories.some((t) => t.id === form.territoryId))
    fields.territoryId = "Choisissez un territoire de la liste.";
  const surveys = resolveSurveys(form.surveys);
  if (typeof surveys === "string") fields.surveys = surveys;
  if (await slugTaken(db, form.slug)) fields.slug = SLUG_TAKEN;
  const formOffer = form.formOffer ?? "long";
  const offerRefused = typeof surveys === "string" ? null : formOfferRefusal(formOffer, surveys);
  if (offerRefused) fields.formOffer = offerRefused;
  if (Object.keys(fields).length > 0 || typeof surveys === "string") return { ok: false, fields };

  const status: CampaignStatus = form.intent ?? "draft";
  try {
    await db.transaction().execute(async (trx) => {
      await insertCampaign(
        trx,
        {
          territoryId: form.territoryId,
          slug: form.slug,
          title: form.title,
          waveLabel: form.waveLabel,
          opensAt: parisDayStart(form.opensOn),
          closesAt: parisDayEnd(form.closesOn),
          status,
          retentionMonths: form.retentionMonths ?? RETENTION_DEFAULT_MONTHS,
          formOffer,
        },
        surveys,
      );
      await recordAudit(trx, {
        actor,
        action: "campaign_created",
        target: form.slug,
        details: {
          territoryId: form.territoryId,
          status,
          retentionMonths: form.retentionMonths ?? RETENTION_DEFAULT_MONTHS,
          formOffer,
          surveys: surveys.map((s) => surveyFormKey(s.surveyId, s.surveyVersion)),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fields: { slug: SLUG_TAKEN } };
    throw error;
  }
  return { ok: true, slug: form.slug };
}

/**
 * Saves changes to a campaign and writes `campaign_updated` with what changed. Once
 * someone answered, its questionnaires and territory stay as they were; once opened,
 * its link does too (submitted values for those are ignored).
 */
export async function updateCampaign(
  db: DB,
  actor: Actor,
  campaign: CampaignWithSurveys,
  form: CampaignForm,
): Promise<CampaignSaveResult> {
  // The routes check this first; a model that writes checks it again.
  if (!canManageCampaign(actor, campaign))
    throw new Error("updateCampaign: actor may not manage this campaign");
  const locks = campaignLocks(campaign, await countResponses(db, campaign.id));
  const fields: CampaignFieldErrors = {};

  const territoryId = locks.territory ? campaign.territory_id : form.territoryId;
  if (!locks.territory && territoryId !== campaign.territory_id) {
    const territories = await manageableTerritories(db, actor);
    if (!territories.some((t) => t.id === territoryId))
      fields.territoryId = "Choisissez un territoire de la liste.";
  }
  const slug = locks.slug ? campaign.slug : form.slug;
  if (slug !== campaign.slug && (await slugTaken(db, slug, campaign.id))) fields.slug = SLUG_TAKEN;
  const surveys = locks.surveys ? campaign.surveys : resolveSurveys(form.surveys);
  if (typeof surveys === "string") fields.surveys = surveys;
  const formOffer = form.formOffer ?? campaign.form_offer;
  const offerRefused = typeof surveys === "string" ? null : formOfferRefusal(formOffer, surveys);
  if (offerRefused) fields.formOffer = offerRefused;
  if (Object.keys(fields).length > 0 || typeof surveys === "string") return { ok: false, fields };

  const next = {
    territory_id: territoryId,
    slug,
    title: form.title,
    wave_label: form.waveLabel,
    opens_at: parisDayStart(form.opensOn),
    closes_at: parisDayEnd(form.closesOn),
    status: form.intent ?? campaign.status,
    retention_months: form.retentionMonths ?? campaign.retention_months,
    form_offer: formOffer,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== campaign[key]);
  const surveyKeys = (list: { surveyId: string; surveyVersion: number }[]) =>
    list.map((s) => surveyFormKey(s.surveyId, s.surveyVersion)).sort();
  const surveysChanged = surveyKeys(surveys).join() !== surveyKeys(campaign.surveys).join();

  try {
    await db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: a response may have arrived since the form was read.
      const answered = await countResponses(trx, campaign.id);
      await trx.updateTable("campaign").set(next).where("id", "=", campaign.id).execute();
      if (surveysChanged && answered === 0) {
        await trx.deleteFrom("campaign_survey").where("campaign_id", "=", campaign.id).execute();
        await insertCampaignSurveys(trx, campaign.id, surveys);
      }
      await recordAudit(trx, {
        actor,
        action: "campaign_updated",
        target: slug,
        details: {
          changed: surveysChanged && answered === 0 ? [...changed, "surveys"] : changed,
          status: next.status,
          ...(slug !== campaign.slug ? { previousSlug: campaign.slug } : {}),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fields: { slug: SLUG_TAKEN } };
    throw error;
  }
  return { ok: true, slug };
}

/** Who a campaign speaks to, for the poster: "les parents, les enfants de 8 à 11 ans et les jeunes de 12 à 25 ans". */
export function campaignAudiencePhrase(surveys: Pick<SurveyOption, "audience">[]): string {
  const has = (a: Audience) => surveys.some((s) => s.audience === a);
  const parents = has("P") || has("Px");
  const youth =
    has("Y") && has("A")
      ? "de 12 à 25 ans"
      : has("Y")
        ? "de 12 à 17 ans"
        : has("A")
          ? "de 18 à 25 ans"
          : null;
  const groups = [
    parents ? "les parents" : null,
    has("E") ? "les enfants de 8 à 11 ans" : null,
    youth ? `les jeunes ${youth}` : null,
  ].filter((g): g is string => g !== null);
  if (groups.length === 0) return "les habitants du quartier";
  return groups.length === 1 ? groups[0]! : `${groups.slice(0, -1).join(", ")} et ${groups.at(-1)!}`;
}

/** Roughly how long answering takes ("7", "2 à 7"), from the questionnaires' own estimates. */
export function campaignMinutes(surveys: Pick<SurveyOption, "audience" | "minutes">[]): string | null {
  // A parent answering for a child first answers the parent questionnaire: the short
  // child part is not what people should expect.
  const minutes = surveys.filter((s) => s.audience !== "Px").map((s) => s.minutes);
  if (minutes.length === 0) return surveys[0] ? String(surveys[0].minutes) : null;
  const min = Math.min(...minutes);
  const max = Math.max(...minutes);
  return min === max ? String(min) : `${min} à ${max}`;
}
