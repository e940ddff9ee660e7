// The indicators CSV export of the coordinator area (French Excel: see exports/csv.server.ts;
// the responses file is responses-export.server.ts). Built only from campaignIndicators, so
// every figure is hidden exactly as on the dashboard.
import { AGE_BANDS_BY_AUDIENCE, type AgeBand } from "~/surveys/audiences";
import { type CsvColumn, csvStream, frenchDecimal } from "~/exports/csv.server";
import { formatDateTime } from "~/i18n/format";
import {
  AGE_BAND_LABELS,
  AUDIENCE_LABELS,
  DIMENSION_LABELS,
  DONT_KNOW_LABEL,
  FORM_LABELS,
  HIDDEN_CELL,
  MERGED_NON_ANSWER_LABEL,
  NOT_APPLICABLE_LABEL,
} from "~/indicators/labels";
import type { SizeStatus } from "~/indicators/stats";
import type { CampaignIndicators, DimensionFigure } from "~/indicators/indicators.server";

export function indicatorsFileName(slug: string): string {
  return `indicateurs-${slug}.csv`;
}

export const ALL_AGES = "tous âges";

const STATUS_WORDS: Record<SizeStatus, string> = { ok: "ok", indicative: "indicatif", hidden: HIDDEN_CELL };

interface IndicatorExportRow {
  type: "indicateur" | "répartition" | "non-réponse" | "questionnaire";
  campaign: string;
  wave: string;
  audience: string;
  ageBand: string;
  dimension: string;
  dimensionName: string;
  question: string;
  questionTitle: string;
  answer: string;
  n: number | null;
  mean: string;
  favourable: string;
  ciLow: string;
  ciHigh: string;
  share: string;
  status: string;
  released: string;
}

const percent = (share: number | null | undefined) =>
  frenchDecimal(share === null || share === undefined ? null : share * 100, 1);

const INDICATOR_COLUMNS: CsvColumn<IndicatorExportRow>[] = [
  { header: "type", value: (r) => r.type },
  { header: "campagne", value: (r) => r.campaign },
  { header: "vague", value: (r) => r.wave },
  { header: "public", value: (r) => r.audience },
  { header: "tranche d'âge", value: (r) => r.ageBand },
  { header: "dimension", value: (r) => r.dimension },
  { header: "nom de la dimension", value: (r) => r.dimensionName },
  { header: "question", value: (r) => r.question },
  { header: "intitulé de la question", value: (r) => r.questionTitle },
  { header: "réponse", value: (r) => r.answer },
  { header: "n", value: (r) => r.n },
  { header: "moyenne (0-100)", value: (r) => r.mean },
  { header: "% favorable", value: (r) => r.favourable },
  { header: "IC 95 % bas (%)", value: (r) => r.ciLow },
  { header: "IC 95 % haut (%)", value: (r) => r.ciHigh },
  { header: "% des réponses", value: (r) => r.share },
  { header: "statut", value: (r) => r.status },
  // Figures change once a day and are perturbed to protect small groups (decision 021).
  { header: "chiffres arrêtés le", value: (r) => r.released },
];

const NO_FIGURE: Omit<DimensionFigure, "dimension"> = {
  n: null,
  mean: null,
  favourable: null,
  ci: null,
  status: "hidden",
};

/** The rows of the indicators file, from figures campaignIndicators has already protected. */
export function indicatorRows(indicators: CampaignIndicators): IndicatorExportRow[] {
  const empty = { question: "", questionTitle: "", answer: "", share: "" };
  const base = {
    campaign: indicators.campaign.title,
    wave: indicators.campaign.waveLabel,
    released: formatDateTime(indicators.releasedAt),
  };
  const rows: IndicatorExportRow[] = [];
  const figureRow = (audience: string, ageBand: string, f: DimensionFigure): IndicatorExportRow => {
    // A hidden figure carries no number; checked again here so nothing can slip through.
    const hidden = f.status === "hidden";
    return {
      type: "indicateur",
      ...base,
      audience,
      ageBand,
      dimension: f.dimension,
      dimensionName: DIMENSION_LABELS[f.dimension],
      ...empty,
      n: hidden ? null : f.n,
      mean: hidden ? "" : frenchDecimal(f.mean, f.status === "indicative" ? 0 : 1),
      favourable: hidden ? "" : percent(f.favourable),
      ciLow: hidden ? "" : percent(f.ci?.[0]),
      ciHigh: hidden ? "" : percent(f.ci?.[1]),
      status: STATUS_WORDS[f.status],
    };
  };

  for (const group of indicators.groups) {
    const audience = AUDIENCE_LABELS[group.audience];
    for (const f of group.dimensions) rows.push(figureRow(audience, ALL_AGES, f));
    // Bands are listed for every audience that has several (a hidden group's all masked);
    // a single band (18-25) is the "all ages" row already.
    const bands = AGE_BANDS_BY_AUDIENCE[group.audience].filter((b): b is AgeBand => b !== null);
    if (bands.length < 2) continue;
    for (const band of bands) {
      const profile = group.byAgeBand.find((b) => b.ageBand === band);
      for (const f of group.dimensions) {
        const figure = profile?.dimensions.find((x) => x.dimension === f.dimension);
        rows.push(
          figureRow(audience, AGE_BAND_LABELS[band], figure ?? { ...NO_FIGURE, dimension: f.dimension }),
        );
      }
    }
  }

  for (const group of indicators.groups) {
    const audience = AUDIENCE_LABELS[group.audience];
    for (const dist of group.distributions) {
      for (const v of dist.values) {
        const hidden = dist.total === null || v.n === null;
        rows.push({
          type: "répartition",
          ...base,
          audience,
          ageBand: ALL_AGES,
          dimension: "",
          dimensionName: "",
          question: dist.question,
          questionTitle: dist.title,
          answer: v.label,
          n: hidden ? null : v.n,
          mean: "",
          favourable: "",
          ciLow: "",
          ciHigh: "",
          share: hidden ? "" : percent(v.share),
          status: hidden ? HIDDEN_CELL : STATUS_WORDS[dist.status],
        });
      }
    }
  }

  // The two non-answers of each scored item: perturbed counts, shares of the group's responses.
  for (const group of indicators.groups) {
    const audience = AUDIENCE_LABELS[group.audience];
    for (const x of group.nonAnswers) {
      const answers = x.merged
        ? [{ label: MERGED_NON_ANSWER_LABEL, c: x.dontKnow }]
        : [
            { label: DONT_KNOW_LABEL, c: x.dontKnow },
            { label: NOT_APPLICABLE_LABEL, c: x.notApplicable ?? { n: null, share: null } },
          ];
      for (const { label, c } of answers) {
        rows.push({
          type: "non-réponse",
          ...base,
          audience,
          ageBand: ALL_AGES,
          dimension: x.dimension,
          dimensionName: DIMENSION_LABELS[x.dimension],
          question: x.question,
          questionTitle: x.title,
          answer: label,
          n: c.n,
          mean: "",
          favourable: "",
          ciLow: "",
          ciHigh: "",
          share: c.n === null ? "" : percent(c.share),
          status: c.n === null ? HIDDEN_CELL : STATUS_WORDS[group.status],
        });
      }
    }
  }

  // Which form the responses come from (exact counts, suppressed like age bands).
  for (const group of indicators.groups) {
    for (const f of group.forms ?? []) {
      rows.push({
        type: "questionnaire",
        ...base,
        audience: AUDIENCE_LABELS[group.audience],
        ageBand: ALL_AGES,
        dimension: "",
        dimensionName: "",
        ...empty,
        answer: FORM_LABELS[f.form],
        n: f.n,
        mean: "",
        favourable: "",
        ciLow: "",
        ciHigh: "",
        status: f.n === null ? HIDDEN_CELL : STATUS_WORDS[group.status],
      });
    }
  }
  return rows;
}

/**
 * The indicators file: one row per audience × (all ages, each band) × dimension, then the
 * distributions, the non-answers of each scored item and the responses of each form.
 */
export function indicatorsCsv(indicators: CampaignIndicators): ReadableStream<Uint8Array> {
  return csvStream(indicatorRows(indicators), INDICATOR_COLUMNS);
}
