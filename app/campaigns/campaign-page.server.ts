import { json } from "@remix-run/node";
import { getDb } from "~/db.server";
import { campaignAvailability, findCampaignBySlug } from "~/campaigns/campaign.server";
import { getSurveyDefinition, minutesOf } from "~/surveys/surveys.server";
import { hasShortForm } from "~/surveys/forms";
import { type Locale, surveyLocaleFor } from "~/i18n/i18n";
import type { FormOffer, QuestionnaireForm } from "../../db/schema";
import { retentionEndsAt } from "~/campaigns/campaign-form";
import type { Audience, SurveyDefinition } from "~/surveys/definition";
import { territoryLogoSrc } from "~/accounts/territory-logo.server";

export interface CampaignSurveySummary {
  id: string;
  version: number;
  audience: Audience;
  /** The minutes of the form the campaign offers (the complete one when the person chooses). */
  minutes: number;
  /** With the person's choice: the short form's minutes; null when there is nothing to choose. */
  shortMinutes: number | null;
}

export interface CampaignPage {
  slug: string;
  title: string;
  territoryName: string;
  /** The territory's logo for an <img> (issue 14), or null. */
  territoryLogo: string | null;
  waveLabel: string;
  closesAt: string;
  /** The last day its responses are kept (closing + retention), for the landing and privacy pages. */
  keptUntil: string;
  /** Whether it takes answers now (always true unless `requireOpen: false`). */
  open: boolean;
  /** Which form of its questionnaires the campaign offers (issue 14, part 3). */
  formOffer: FormOffer;
  surveys: CampaignSurveySummary[];
}

/** What the error boundary of a campaign page receives with a 404 or 410. */
export interface CampaignUnavailableData {
  reason: "not_found" | "closed" | "not_yet_open";
  slug?: string;
  title?: string;
  opensAt?: string;
  closesAt?: string;
}

/**
 * Loads a campaign for a respondent page, or throws the French 404 page (unknown slug,
 * or a draft) or the 410 page with the dates (closed, or not open yet). Pages shown
 * after answering (thanks) pass `requireOpen: false`: a response acknowledged just
 * before closing must still get its thank-you page.
 */
export async function requireOpenCampaign(
  slug: string | undefined,
  {
    requireOpen = true,
    locale = "fr",
  }: {
    requireOpen?: boolean;
    /** The page's language: the minutes stated are those of the questionnaire in it. */
    locale?: Locale;
  } = {},
): Promise<CampaignPage> {
  const db = await getDb();
  const campaign = slug ? await findCampaignBySlug(db, slug) : undefined;
  const availability = campaign && campaignAvailability(campaign);
  if (!campaign || availability === "draft") {
    throw json<CampaignUnavailableData>({ reason: "not_found" }, { status: 404 });
  }
  if (requireOpen && (availability === "closed" || availability === "not_yet_open")) {
    throw json<CampaignUnavailableData>(
      {
        reason: availability,
        slug: campaign.slug,
        title: campaign.title,
        opensAt: campaign.opens_at,
        closesAt: campaign.closes_at,
      },
      { status: 410 },
    );
  }
  const surveys = campaign.surveys.flatMap((s) => {
    const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
    if (!def) return [];
    const shown = surveyLocaleFor(def.locales, locale);
    const offered = offeredForm(campaign.form_offer, def);
    return [
      {
        id: def.id,
        version: def.version,
        audience: def.audience,
        minutes: minutesOf(def, offered ?? "long", shown),
        shortMinutes: offered === null ? minutesOf(def, "short", shown) : null,
      },
    ];
  });
  return {
    slug: campaign.slug,
    title: campaign.title,
    territoryName: campaign.territoryName,
    territoryLogo: await territoryLogoSrc(db, campaign.territory_id),
    waveLabel: campaign.wave_label,
    closesAt: campaign.closes_at,
    keptUntil: retentionEndsAt(campaign.closes_at, campaign.retention_months),
    open: availability === "open",
    formOffer: campaign.form_offer,
    surveys,
  };
}

/**
 * The form a campaign gives of a questionnaire: the long one when the file has no short form
 * or the campaign offers only the long one, the short one when it offers only that, and null
 * when the person chooses.
 */
export function offeredForm(offer: FormOffer, def: SurveyDefinition): QuestionnaireForm | null {
  if (!hasShortForm(def) || offer === "long") return "long";
  return offer === "short" ? "short" : null;
}

/** The campaign's survey for an audience, if it offers one. */
export function surveyFor(page: CampaignPage, audience: Audience): CampaignSurveySummary | undefined {
  return page.surveys.find((s) => s.audience === audience);
}
