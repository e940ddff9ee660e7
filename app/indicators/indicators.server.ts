import type { DB } from "../../db/client";
import {
  AGE_BANDS_BY_AUDIENCE,
  type AgeBand,
  type Audience,
  AUDIENCES,
  type Dimension,
} from "~/surveys/audiences";
import { perturbCount } from "~/indicators/disclosure";
import { type SizeStatus, sizeStatus } from "~/indicators/stats";
import { isShown, suppressPartition } from "~/indicators/suppression";
import { suppressTable } from "~/indicators/table-suppression";
import { choicesOf, questionsOf, titleOf } from "~/surveys/questions";
import { hasShortForm, QUESTIONNAIRE_FORMS, type QuestionnaireForm } from "~/surveys/forms";
import { DONT_KNOW, NOT_APPLICABLE } from "~/surveys/non-answers";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import {
  addAgg,
  type Agg,
  aggOf,
  definitionsByAudience,
  type DimensionFigure,
  dimensionsOf,
  EMPTY,
  figureFrom,
  identityOf,
} from "./figure-cells.server";
import { ALPHA_MIN_RESPONSES, type Reliability, reliabilityOf } from "./reliability.server";
import { NON_ANSWER_PREFIX } from "~/indicators/contribution";
import { FORM_QUESTION, type ReleasedTotals, releasedTotals } from "./release.server";

/** A cell's figure: part of what campaignIndicators returns. */
export type { DimensionFigure } from "./figure-cells.server";

// Everything a campaign's dashboard, the indicators API, the printable report, the aggregated
// export and the public page show comes from here, already protected: a hidden figure carries
// no number. Each cell's figure: figure-cells.server.ts; waves: waves.server.ts; the national
// view: national.server.ts; Cronbach's alpha: reliability.server.ts.

export interface BandProfile {
  ageBand: AgeBand;
  responses: number | null;
  status: SizeStatus;
  dimensions: DimensionFigure[];
}

export interface ChoiceDistribution {
  question: string;
  title: string;
  /**
   * Several answers possible (a checkbox): each option is counted, the shares are over the
   * group's responses, and `total` is the group's responses.
   */
  multiple: boolean;
  total: number | null;
  status: SizeStatus;
  values: { value: string; label: string; n: number | null; share: number | null }[];
}

/** A perturbed count of answers (null: under 10, masked) and its share of the group's responses. */
export interface AnswerCount {
  n: number | null;
  share: number | null;
}

/**
 * The two non-answers of one scored item (issue 14): "Je ne sais pas" (`nsp`) and "Ce n'est
 * pas mon cas" (`nc`), neither of them scored. A questionnaire without the `nc` choice (version
 * 1) had one merged choice, "Je ne sais pas / pas concerné·e": then `merged` and no `notApplicable`.
 */
export interface NonAnswerFigure {
  question: string;
  title: string;
  dimension: Dimension;
  merged: boolean;
  dontKnow: AnswerCount;
  notApplicable: AnswerCount | null;
}

/** Responses of one form of the questionnaire (long or short), null when masked. */
export interface FormCount {
  form: QuestionnaireForm;
  n: number | null;
}

export interface AudienceProfile {
  audience: Audience;
  responses: number | null;
  status: SizeStatus;
  /** D1 (recognised as an actor) and D2 (experiential knowledge) come first: D1…D7 order. */
  dimensions: DimensionFigure[];
  byAgeBand: BandProfile[];
  distributions: ChoiceDistribution[];
  /** Per scored item, its answers "Je ne sais pas" and "Ce n'est pas mon cas" (empty when hidden). */
  nonAnswers: NonAnswerFigure[];
  /**
   * Responses per form, when the questionnaire has a short form or short responses exist
   * (null otherwise, or when the group is hidden): a partition of the group's responses.
   */
  forms: FormCount[] | null;
  /** Cronbach's alpha per dimension, once the group has at least 100 responses. */
  reliability: Reliability[] | null;
}

export interface Participation {
  /** Responses of the groups shown (hidden groups are left out, so no subtraction finds them). */
  shownTotal: number;
  hiddenGroups: number;
  byAudience: { audience: Audience; n: number | null }[];
  byWeek: { week: string; counts: Partial<Record<Audience, number | null>> }[];
  locales: { locale: string; n: number | null }[];
}

export interface CampaignSummary {
  id: number;
  slug: string;
  title: string;
  waveLabel: string;
  territoryId: number;
  territoryName: string;
  opensAt: string;
  closesAt: string;
}

export interface CampaignIndicators {
  campaign: CampaignSummary;
  /** When the figures were released (ISO): they change once a day at most ("chiffres arrêtés au …"). */
  releasedAt: string;
  participation: Participation;
  groups: AudienceProfile[];
}

function campaignSummary(c: CampaignWithSurveys): CampaignSummary {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    waveLabel: c.wave_label,
    territoryId: c.territory_id,
    territoryName: c.territoryName,
    opensAt: c.opens_at,
    closesAt: c.closes_at,
  };
}

/** Monday (UTC) of the week of a YYYY-MM-DD day. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const shift = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - shift);
  return d.toISOString().slice(0, 10);
}

/**
 * A campaign's indicators, protected against small groups and differencing:
 * audience groups under 10 responses are hidden and left out of every total; within a
 * shown group, age bands follow complementary suppression (per count and per dimension);
 * weeks and languages are counted over shown groups only.
 */
export async function campaignIndicators(
  db: DB,
  campaign: CampaignWithSurveys,
  options: { now?: Date } = {},
): Promise<CampaignIndicators> {
  const release = await releasedTotals(db, campaign.id, options.now);
  return indicatorsFrom(db, campaign, release.totals, release.releasedAt);
}

async function indicatorsFrom(
  db: DB,
  campaign: CampaignWithSurveys,
  totals: ReleasedTotals,
  releasedAt: string,
): Promise<CampaignIndicators> {
  const defs = definitionsByAudience(campaign);
  const audiences = AUDIENCES.filter((a) => defs.has(a));
  const { indicators: aggRows, days: partRows, choices: choiceRows } = totals;

  // Responses per audience and per (audience, band); the audience's key sum (choice cells).
  const responses = new Map<string, number>();
  const bandResponses = new Map<string, number>();
  const audienceKeys = new Map<string, number>();
  for (const r of partRows) {
    responses.set(r.audience, (responses.get(r.audience) ?? 0) + r.n);
    audienceKeys.set(r.audience, (audienceKeys.get(r.audience) ?? 0) + r.key_sum);
    const k = `${r.audience}|${r.age_band}`;
    bandResponses.set(k, (bandResponses.get(k) ?? 0) + r.n);
  }
  const shownAudiences = audiences.filter((a) => isShown(responses.get(a) ?? 0));

  const groups: AudienceProfile[] = [];
  for (const audience of audiences) {
    const def = defs.get(audience)!;
    const dims = dimensionsOf(def);
    const count = responses.get(audience) ?? 0;
    const shown = shownAudiences.includes(audience);
    const bands = AGE_BANDS_BY_AUDIENCE[audience].filter((b): b is AgeBand => b !== null);

    const aggFor = (dimension: Dimension, band?: AgeBand) =>
      aggRows
        .filter(
          (r) =>
            r.audience === audience &&
            r.dimension === dimension &&
            (band === undefined || r.age_band === band),
        )
        .reduce<Agg>((acc, r) => addAgg(acc, aggOf(r)), EMPTY);

    const dimensions = dims.map((d) => figureFrom(d, aggFor(d), identityOf(campaign.id, audience), !shown));

    // Age bands: a partition of the group's responses (shown) — complementary suppression
    // on the counts, then per dimension on its own n, hidden cells united.
    let byAgeBand: BandProfile[] = [];
    if (shown && bands.length > 1) {
      const hiddenByCount = suppressPartition(
        bands.map((b) => ({ key: b, n: bandResponses.get(`${audience}|${b}`) ?? 0 })),
      );
      const hiddenByDim = new Map<Dimension, Set<AgeBand>>();
      for (const d of dims) {
        const cells = bands.map((b) => ({ key: b, n: aggFor(d, b).n }));
        hiddenByDim.set(d, new Set([...suppressPartition(cells), ...hiddenByCount]));
      }
      byAgeBand = bands.map((b) => {
        const n = bandResponses.get(`${audience}|${b}`) ?? 0;
        const hidden = hiddenByCount.has(b) || !isShown(n);
        return {
          ageBand: b,
          responses: hidden ? null : n,
          status: hidden ? "hidden" : sizeStatus(n),
          dimensions: dims.map((d) =>
            figureFrom(
              d,
              aggFor(d, b),
              identityOf(campaign.id, audience, b),
              hidden || hiddenByDim.get(d)!.has(b),
            ),
          ),
        };
      });
    }

    const identity = identityOf(campaign.id, audience);
    const groupKeys = audienceKeys.get(audience) ?? 0;
    // Every age band's rows of a (question, value), summed: its count and key sum.
    const countOf = (question: string, value: string) => {
      let n = 0;
      let keySum = 0;
      for (const r of choiceRows) {
        if (r.audience === audience && r.question === question && r.value === value) {
          n += r.n;
          keySum += r.key_sum;
        }
      }
      return { n, keySum };
    };

    const distributions: ChoiceDistribution[] = [];
    const nonAnswers: NonAnswerFigure[] = [];
    let forms: FormCount[] | null = null;
    if (shown) {
      for (const q of questionsOf(def)) {
        if (!q.name || def.scoring[q.name]) continue;
        const multiple = q.type === "checkbox";
        if (!multiple && q.type !== "radiogroup" && q.type !== "dropdown") continue;
        const options = choicesOf(q);
        // Then the cell key noise: the counts shown, and the total as their sum, are the
        // perturbed ones.
        const counts = options.map((o) => {
          const key = String(o.value);
          const { n, keySum } = countOf(q.name!, key);
          return { key, n: perturbCount(n, keySum, groupKeys, `${q.name}|${key}`, identity) };
        });
        // A checkbox's options are not a partition: each is shown from 10 (or 0) alone, over
        // the group's responses.
        const total = multiple ? count : counts.reduce((s, c) => s + c.n, 0);
        const hidden = multiple
          ? suppressPartition(counts, { totalShown: false })
          : isShown(total)
            ? suppressPartition(counts)
            : new Set(counts.map((c) => c.key));
        distributions.push({
          question: q.name,
          title: titleOf(q),
          multiple,
          total: isShown(total) ? total : null,
          status: sizeStatus(total),
          values: options.map((o, i) => {
            const n = counts[i]!.n;
            const hide = hidden.has(String(o.value));
            return {
              value: String(o.value),
              label: o.text,
              n: hide ? null : n,
              share: hide || total === 0 ? null : Math.round((n / total) * 1000) / 1000,
            };
          }),
        });
      }

      // Non-answers of the scored items: perturbed counts like a distribution's, each shown
      // from 10 (or 0) on its own (the other answers to the item are not shown as counts).
      const nonAnswer = (question: string, value: string): AnswerCount => {
        const { n, keySum } = countOf(`${NON_ANSWER_PREFIX}${question}`, value);
        const shownN = perturbCount(n, keySum, groupKeys, `non-answer|${question}|${value}`, identity);
        if (shownN > 0 && !isShown(shownN)) return { n: null, share: null };
        return { n: shownN, share: count === 0 ? null : Math.round((shownN / count) * 1000) / 1000 };
      };
      for (const q of questionsOf(def)) {
        const item = q.name ? def.scoring[q.name] : undefined;
        if (!item) continue;
        const merged = !choicesOf(q).some((c) => c.value === NOT_APPLICABLE);
        nonAnswers.push({
          question: q.name!,
          title: titleOf(q),
          dimension: item.dimension,
          merged,
          dontKnow: nonAnswer(q.name!, DONT_KNOW),
          notApplicable: merged ? null : nonAnswer(q.name!, NOT_APPLICABLE),
        });
      }

      // Responses per form: exact counts, a partition of the group's shown total, hence
      // complementary suppression as for age bands.
      const formCells = QUESTIONNAIRE_FORMS.map((form) => ({ key: form, n: countOf(FORM_QUESTION, form).n }));
      if (hasShortForm(def) || formCells.some((c) => c.key === "short" && c.n > 0)) {
        const hiddenForms = suppressPartition(formCells);
        forms = formCells.map((c) => ({ form: c.key, n: hiddenForms.has(c.key) ? null : c.n }));
      }
    }

    const reliability =
      shown && count >= ALPHA_MIN_RESPONSES
        ? await reliabilityOf(db, campaign.id, def, dims, count, releasedAt)
        : null;

    groups.push({
      audience,
      responses: shown ? count : null,
      status: shown ? sizeStatus(count) : "hidden",
      dimensions,
      byAgeBand,
      distributions,
      nonAnswers,
      forms,
      reliability,
    });
  }

  return {
    campaign: campaignSummary(campaign),
    releasedAt,
    participation: participationOf(partRows, audiences, shownAudiences),
    groups,
  };
}

function participationOf(
  rows: { day: string; audience: string; locale: string; n: number }[],
  audiences: Audience[],
  shownAudiences: Audience[],
): Participation {
  const shownRows = rows.filter((r) => shownAudiences.includes(r.audience as Audience));
  const byAudienceCount = (a: Audience) => rows.filter((r) => r.audience === a).reduce((s, r) => s + r.n, 0);

  // Weeks × shown audiences: the audience totals are shown, weekly totals are not.
  const weekly = new Map<string, number>();
  for (const r of shownRows) {
    const k = `${weekOf(r.day)}|${r.audience}`;
    weekly.set(k, (weekly.get(k) ?? 0) + r.n);
  }
  const weeks = [...new Set(shownRows.map((r) => weekOf(r.day)))].sort();
  const cells = weeks.flatMap((week) =>
    shownAudiences.map((a) => ({ row: week, col: a, n: weekly.get(`${week}|${a}`) ?? 0 })),
  );
  const hiddenWeekly = suppressTable(cells, { rowTotalsShown: false, colTotalsShown: true });
  // The table may ask to hide a margin (`|A`: an audience's total, `|`: the grand total);
  // those totals are shown elsewhere, so hide every weekly cell under them instead.
  for (const key of [...hiddenWeekly]) {
    if (!key.startsWith("|")) continue;
    const col = key.slice(1);
    for (const c of cells) if (col === "" || c.col === col) hiddenWeekly.add(`${c.row}|${c.col}`);
  }

  const localeCounts = new Map<string, number>();
  for (const r of shownRows) localeCounts.set(r.locale, (localeCounts.get(r.locale) ?? 0) + r.n);
  const localeCells = [...localeCounts].map(([key, n]) => ({ key, n }));
  const hiddenLocales = suppressPartition(localeCells);

  return {
    shownTotal: shownRows.reduce((s, r) => s + r.n, 0),
    hiddenGroups: audiences.filter((a) => !shownAudiences.includes(a) && byAudienceCount(a) > 0).length,
    byAudience: audiences.map((a) => ({
      audience: a,
      n: shownAudiences.includes(a) ? byAudienceCount(a) : null,
    })),
    byWeek: weeks.map((week) => ({
      week,
      counts: Object.fromEntries(
        shownAudiences.map((a) => {
          const n = weekly.get(`${week}|${a}`) ?? 0;
          return [a, hiddenWeekly.has(`${week}|${a}`) ? null : n];
        }),
      ),
    })),
    locales: localeCells.map((c) => ({ locale: c.key, n: hiddenLocales.has(c.key) ? null : c.n })),
  };
}
