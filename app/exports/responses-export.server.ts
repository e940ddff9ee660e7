// The responses CSV export of the coordinator area (French Excel: see exports/csv.server.ts;
// the indicators file is indicators-export.server.ts).
//
// One file per survey, one row per response, streamed from the database. A row is
// numbered, never identified: a response's id is the key of the submission API, so a file
// that carried it would let its reader replay a response (docs/decisions/023). The free texts
// of a group too small for the verbatims page are masked by the same rule
// (freeTextVisibility). Two things about the stream are deliberate:
//   - It reads on a connection of its own. Kysely holds SQLite's only connection for as
//     long as a `.stream()` is open, and the stream is pulled at the pace of the download:
//     on the application's connection, one slow download would stall every submission.
//     On its own connection (WAL: readers never block the writer) the export also reads
//     one consistent snapshot, from the small-group counts to the last row.
//   - Rows of shown age bands come in index order (no sort: a sort would run synchronously
//     in better-sqlite3 before the first row and freeze the server for a large campaign);
//     rows whose age band is masked come last, ordered by day and id, so their order does
//     not give their band away (index order groups them by band, and the submission days
//     starting over would show where one band ends).
import { openDatabase } from "../../db/client";
import type { DB } from "../../db/client";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import {
  AGE_BANDS_BY_AUDIENCE,
  type AgeBand,
  type Audience,
  DIMENSIONS,
  type Dimension,
} from "~/surveys/audiences";
import { type CsvCell, type CsvColumn, csvStream, frenchDecimal } from "~/exports/csv.server";
import {
  AGE_BAND_LABELS,
  AUDIENCE_LABELS,
  DIMENSION_LABELS,
  HIDDEN_CELL,
  localeLabel,
  STATUS_LABELS,
} from "~/indicators/labels";
import { localizedText } from "~/surveys/localized-text";
import { suppressPartition } from "~/indicators/suppression";
import type { SurveyDefinition } from "~/surveys/definition";
import { choicesOf, type QuestionJson, questionRoles, questionsOf, titleOf } from "~/surveys/questions";
import type { CampaignWithSurveys } from "~/campaigns/campaign.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { freeTextVisibility } from "~/follow-up/verbatims.server";

// ---------------------------------------------------------------------------------------
// Which survey, which file
// ---------------------------------------------------------------------------------------

/**
 * The survey a responses export is about: the one asked for (by id), or the campaign's
 * first when none is; undefined when the campaign does not offer it (the route answers 404).
 */
export function exportSurvey(
  campaign: CampaignWithSurveys,
  surveyId: string | null,
): SurveyDefinition | undefined {
  const ref = surveyId ? campaign.surveys.find((s) => s.surveyId === surveyId) : campaign.surveys[0];
  return ref ? getSurveyDefinition(ref.surveyId, ref.surveyVersion) : undefined;
}

export function responsesFileName(slug: string, surveyId: string): string {
  return `reponses-${slug}-${surveyId}.csv`;
}

// ---------------------------------------------------------------------------------------
// A connection for long reads
// ---------------------------------------------------------------------------------------

export interface ExportReader {
  db: DB;
  close: () => Promise<void>;
}

/**
 * A database connection for one export, closed when the export ends or is abandoned (see
 * the top of this file). An in-memory database cannot be opened twice: it shares the
 * application's connection, which the export then holds while it streams.
 */
export async function openExportReader(): Promise<ExportReader> {
  const file = getEnv().DATABASE_PATH;
  if (file === ":memory:") return { db: await getDb(), close: async () => undefined };
  const { db } = await openDatabase(file, { readerOnly: true });
  return { db, close: () => db.destroy() };
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/** One response as written to the file; quasi-identifiers already masked. */
export interface ResponseExportRow {
  /** 1, 2, 3… in the file: never the response's id (top of file). */
  row: number;
  /** The group is too small for its free texts to be read (the verbatims page's rule). */
  freeTextHidden: boolean;
  surveyId: string;
  surveyVersion: number;
  audience: string;
  ageBand: string;
  locale: string;
  day: string;
  answers: Record<string, unknown>;
  scores: Partial<Record<Dimension, number | null>>;
}

function dimensionsOf(def: SurveyDefinition): Dimension[] {
  const used = new Set(Object.values(def.scoring).map((s) => s.dimension));
  return DIMENSIONS.filter((d) => used.has(d));
}

const ANSWER_SEPARATOR = " | ";

/** A free-text cell of a group the verbatims page does not show either. */
export const FREE_TEXT_HIDDEN = STATUS_LABELS.hidden;

/** How one question's stored values are written: choices by their French label. */
function answerFormatter(q: QuestionJson): (value: unknown) => CsvCell {
  const labels = new Map(choicesOf(q).map((c) => [String(c.value), c.text]));
  const extra = q as QuestionJson & { labelTrue?: unknown; labelFalse?: unknown };
  const yes = localizedText(extra.labelTrue) || "Oui";
  const no = localizedText(extra.labelFalse) || "Non";
  const one = (value: unknown): CsvCell => {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean" && q.type === "boolean") return value ? yes : no;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      return labels.get(String(value)) ?? value;
    }
    return JSON.stringify(value);
  };
  return (value) =>
    Array.isArray(value) ? value.map((v) => String(one(v) ?? "")).join(ANSWER_SEPARATOR) : one(value);
}

/** The columns of a survey's responses file, questions in page order. */
export function responseColumns(def: SurveyDefinition): CsvColumn<ResponseExportRow>[] {
  const columns: CsvColumn<ResponseExportRow>[] = [
    { header: "n° de ligne", value: (r) => r.row },
    { header: "questionnaire", value: (r) => r.surveyId },
    { header: "version", value: (r) => r.surveyVersion },
    { header: "public", value: (r) => AUDIENCE_LABELS[r.audience as Audience] ?? r.audience },
    { header: "tranche d'âge", value: (r) => r.ageBand },
    { header: "langue", value: (r) => r.locale },
    { header: "jour de la réponse", value: (r) => r.day },
  ];
  const texts = new Set(questionRoles(def).texts);
  for (const q of questionsOf(def)) {
    const name = q.name!;
    const format = answerFormatter(q);
    // Every cell of the column, answered or not: an empty one would say who wrote something.
    const value = texts.has(name)
      ? (r: ResponseExportRow) => (r.freeTextHidden ? FREE_TEXT_HIDDEN : format(r.answers[name]))
      : (r: ResponseExportRow) => format(r.answers[name]);
    // The name in brackets keeps two similar titles apart (and says which question it is).
    columns.push({ header: `${titleOf(q)} [${name}]`, value });
  }
  for (const d of dimensionsOf(def)) {
    columns.push({
      header: `${d} ${DIMENSION_LABELS[d]} (score 0-100)`,
      value: (r) => frenchDecimal(r.scores[d], 1),
    });
  }
  return columns;
}

interface QuasiIdentifiers {
  /** Whether the audience declares age bands at all (guardians and councils do not). */
  banded: boolean;
  shownBands: AgeBand[];
  shownLocales: Set<string>;
}

/**
 * Which age bands and languages of an audience may be written out. A row is one response,
 * so the protection is on what could point to a person: a band (or language) with fewer
 * than 10 responses in the campaign is masked, and with it as many others as complementary
 * suppression needs (one masked band next to shown ones would be "whatever is left").
 * Counted on participation_daily, the dashboard's source, which also hides small languages.
 */
async function quasiIdentifiers(db: DB, campaignId: number, audience: Audience): Promise<QuasiIdentifiers> {
  const rows = await db
    .selectFrom("participation_daily")
    .select((eb) => ["age_band", "locale", eb.fn.sum<number>("n").as("n")])
    .where("campaign_id", "=", campaignId)
    .where("audience", "=", audience)
    .groupBy(["age_band", "locale"])
    .execute();
  const sumBy = (key: (r: (typeof rows)[number]) => string) => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? 0) + Number(r.n));
    return totals;
  };

  const bands = AGE_BANDS_BY_AUDIENCE[audience].filter((b): b is AgeBand => b !== null);
  const bandCounts = sumBy((r) => r.age_band);
  const hiddenBands = suppressPartition(bands.map((b) => ({ key: b, n: bandCounts.get(b) ?? 0 })));

  const localeCounts = sumBy((r) => r.locale);
  const hiddenLocales = suppressPartition([...localeCounts].map(([key, n]) => ({ key, n })));

  return {
    banded: bands.length > 0,
    shownBands: bands.filter((b) => !hiddenBands.has(b)),
    shownLocales: new Set([...localeCounts.keys()].filter((l) => !hiddenLocales.has(l))),
  };
}

function responseQuery(db: DB, campaignId: number, def: SurveyDefinition) {
  return db
    .selectFrom("response")
    .select([
      "response.id",
      "response.survey_id",
      "response.survey_version",
      "response.audience",
      "response.age_band",
      "response.locale",
      "response.submitted_at",
      "response.answers",
    ])
    .select((eb) =>
      dimensionsOf(def).map((d) =>
        eb
          .selectFrom("response_score")
          .select("response_score.score")
          .whereRef("response_score.response_id", "=", "response.id")
          .where("response_score.dimension", "=", d)
          .as(`score_${d}`),
      ),
    )
    .where("response.campaign_id", "=", campaignId)
    .where("response.audience", "=", def.audience) // implied by the survey; lets the index serve
    .where("response.survey_id", "=", def.id);
}

type ResponseQueryRow = Awaited<ReturnType<ReturnType<typeof responseQuery>["execute"]>>[number];

/**
 * The survey's responses as file rows, read on a connection of its own in one read-only
 * transaction; the connection is closed when the rows run out, when the reader stops
 * (return()), on error, or once `signal` aborts (the client went away).
 */
async function* responseRows(
  openReader: () => Promise<ExportReader>,
  campaignId: number,
  def: SurveyDefinition,
  signal: AbortSignal | undefined,
): AsyncGenerator<ResponseExportRow> {
  if (signal?.aborted) return;
  const reader = await openReader();
  try {
    const trx = await reader.db.startTransaction().execute();
    try {
      const { banded, shownBands, shownLocales } = await quasiIdentifiers(trx, campaignId, def.audience);
      // The verbatims page's own rule, read in this snapshot.
      const freeTextHidden = !(await freeTextVisibility(trx, campaignId)).shown.includes(def.audience);
      const texts = questionRoles(def).texts;
      let row = 0;
      const dims = dimensionsOf(def);
      const shownBandSet = new Set<string>(shownBands);
      // Fail closed: a band (or language) not counted as shown is masked.
      const bandCell = (band: string | null): string => {
        if (band === null && !banded) return ""; // guardians and councils have no band
        return band !== null && shownBandSet.has(band) ? AGE_BAND_LABELS[band as AgeBand] : HIDDEN_CELL;
      };
      const toRow = (r: ResponseQueryRow): ResponseExportRow => {
        const scores: Partial<Record<Dimension, number | null>> = {};
        for (const d of dims) scores[d] = (r as Record<string, unknown>)[`score_${d}`] as number | null;
        const answers = JSON.parse(r.answers) as Record<string, unknown>;
        if (freeTextHidden) for (const q of texts) delete answers[q]; // not even carried
        return {
          row: ++row,
          freeTextHidden,
          surveyId: r.survey_id,
          surveyVersion: r.survey_version,
          audience: r.audience,
          ageBand: bandCell(r.age_band),
          locale: shownLocales.has(r.locale) ? localeLabel(r.locale) : HIDDEN_CELL,
          day: r.submitted_at.slice(0, 10),
          answers,
          scores,
        };
      };

      // Rows of shown bands in index order; masked ones last, by day and id (top of file).
      const base = responseQuery(trx, campaignId, def);
      const masked =
        shownBands.length === 0
          ? base
          : base.where((eb) =>
              eb.or([eb("response.age_band", "is", null), eb("response.age_band", "not in", shownBands)]),
            );
      const parts = !banded
        ? [base]
        : [
            ...(shownBands.length > 0 ? [base.where("response.age_band", "in", shownBands)] : []),
            masked.orderBy("response.submitted_at").orderBy("response.id"),
          ];
      for (const part of parts) {
        for await (const r of part.stream()) {
          if (signal?.aborted) return;
          yield toRow(r);
        }
      }
    } finally {
      await trx.rollback().execute(); // nothing was written: ends the read snapshot
    }
  } finally {
    await reader.close();
  }
}

/**
 * A survey's responses as a CSV stream: a row number and the description columns, one
 * column per question (choice labels, free text as written, or masked for a small group),
 * then the dimension scores. Never the response's id, nor its content or erasure hashes.
 * Rows are read only as the consumer reads.
 */
export function responsesCsv(
  openReader: () => Promise<ExportReader>,
  campaign: Pick<CampaignWithSurveys, "id">,
  def: SurveyDefinition,
  options: { signal?: AbortSignal } = {},
): ReadableStream<Uint8Array> {
  return csvStream(responseRows(openReader, campaign.id, def, options.signal), responseColumns(def));
}
