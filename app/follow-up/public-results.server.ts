import type { DB } from "../../db/client";
import type { Audience, Dimension } from "~/surveys/audiences";
import type { Verdict } from "~/council/rules";
import type { SizeStatus } from "~/indicators/stats";
import { type PublishedAction, listActions } from "./actions.server";
import { type CampaignWithSurveys, campaignAvailability } from "~/campaigns/campaign.server";
import { councilRecordQuestions } from "~/council/items.server";
import { councilOpinions } from "~/council/record.server";
import { campaignIndicators } from "~/indicators/indicators.server";
import { approvedVerbatims } from "./moderation.server";
import { verbatimQuestions } from "./verbatims.server";

// Everything the public results page shows, and nothing else: the figures come from
// campaignIndicators (already protected), the free texts from the approved versions only,
// the councils' opinions and verdicts without their lines of evidence (which may name people).

export interface PublicDimension {
  dimension: Dimension;
  /** Share (0–1) of favourable answers; null when the group is hidden (under 10). */
  favourable: number | null;
  status: SizeStatus;
}

export interface PublicGroup {
  audience: Audience;
  responses: number | null;
  status: SizeStatus;
  dimensions: PublicDimension[];
}

export interface PublicResults {
  title: string;
  territoryName: string;
  waveLabel: string;
  closesAt: string;
  /** Figures are published once the campaign has closed and someone answered. */
  published: boolean;
  open: boolean;
  participation: { shownTotal: number; hiddenGroups: number } | null;
  groups: PublicGroup[];
  verbatims: { id: number; audience: Audience; questionTitle: string; text: string }[];
  actions: PublishedAction[];
  /** Youth councils' recorded opinions, published as soon as recorded (a coordinator wrote them). */
  councils: PublicCouncil[];
}

export interface PublicCouncil {
  id: number;
  councilName: string;
  /** The day the session was held (YYYY-MM-DD). */
  heldOn: string;
  opinion: string;
  met: number;
  total: number;
  /** Each criterion as the record's question asks it, with the council's verdict. */
  criteria: { name: string; question: string; verdict: Verdict | null }[];
}

/** The councils' opinions as the public may read them: no evidence line leaves the server. */
async function publicCouncils(db: DB, campaignId: number): Promise<PublicCouncil[]> {
  const opinions = await councilOpinions(db, campaignId);
  if (opinions.length === 0) return [];
  const questions = new Map(councilRecordQuestions().map((q) => [q.name, q.title]));
  return opinions.map((o) => ({
    id: o.sessionId,
    councilName: o.councilName,
    heldOn: o.heldOn,
    opinion: o.record.opinion,
    met: o.record.summary.met,
    total: o.record.summary.total,
    criteria: o.record.criteria.map((c) => ({
      name: c.name,
      question: questions.get(c.name) ?? c.label,
      verdict: c.verdict,
    })),
  }));
}

/** The public results of a (published, non-draft) campaign. */
export async function publicResults(db: DB, campaign: CampaignWithSurveys): Promise<PublicResults> {
  const availability = campaignAvailability(campaign);
  const [indicators, verbatims, actions, councils] = await Promise.all([
    campaignIndicators(db, campaign),
    approvedVerbatims(db, campaign.id),
    listActions(db, campaign.id),
    publicCouncils(db, campaign.id),
  ]);
  const answered = indicators.participation.byAudience.some((a) => a.n !== null && a.n > 0);
  const published = availability === "closed" && (answered || indicators.participation.hiddenGroups > 0);
  // A free text of a hidden group stays private even when approved.
  const shown = new Set(indicators.groups.filter((g) => g.status !== "hidden").map((g) => g.audience));
  const titles = verbatimQuestions(campaign);
  return {
    title: campaign.title,
    territoryName: campaign.territoryName,
    waveLabel: campaign.wave_label,
    closesAt: campaign.closes_at,
    published,
    open: availability === "open",
    participation: published
      ? {
          shownTotal: indicators.participation.shownTotal,
          hiddenGroups: indicators.participation.hiddenGroups,
        }
      : null,
    groups: published
      ? indicators.groups.map((g) => ({
          audience: g.audience,
          responses: g.responses,
          status: g.status,
          dimensions: g.dimensions.map((d) => ({
            dimension: d.dimension,
            favourable: d.status === "hidden" ? null : d.favourable,
            status: d.status,
          })),
        }))
      : [],
    verbatims: verbatims
      .filter((v) => shown.has(v.audience as Audience))
      .map((v) => ({
        id: v.id,
        audience: v.audience as Audience,
        questionTitle:
          titles.find((q) => q.audience === v.audience && q.question === v.question)?.title ?? "",
        text: v.text ?? "",
      })),
    actions,
    councils,
  };
}
