// `npx tsx bench/export-memory.ts [--rows 1000000]`: streams N synthetic responses
// (40 columns: ids, dates, short answers, a 200-character free text holding a `;`
// and a quote, 7 decimal scores) through csvStream into a consumer that discards the
// bytes, and shows that memory stays flat: RSS / heap used are sampled every 100 ms
// (peaks printed) and printed at every 10 % of the rows.
import { parseArgs } from "node:util";
import { type CsvColumn, csvStream } from "../app/exports/csv.server";
import { seededRandom } from "../app/demo/seeded-random";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    decimals: { type: "string" },
  },
});
const total = Number(values.rows);
if (!Number.isInteger(total) || total < 1)
  throw new Error(`--rows must be a positive integer, got ${values.rows}`);
const decimals = values.decimals === undefined ? undefined : Number(values.decimals);

// ---------------------------------------------------------------------------
// Synthetic responses
// ---------------------------------------------------------------------------

interface SyntheticResponse {
  id: string;
  campaign: string;
  surveyId: string;
  surveyVersion: number;
  createdAt: Date;
  submittedAt: Date;
  locale: string;
  audience: string;
  ageBand: string | null;
  school: string;
  className: string;
  consent: boolean;
  answers: (string | number | null)[]; // 20 short answers
  comment: string; // 200 characters with a `;` and a quote
  scores: (number | null)[]; // 7 dimension scores on 0–100
}

const LIKERT = ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"];
const AUDIENCES = ["parent", "enfant", "jeune"];
const AGE_BANDS = ["8-10", "11-14", "15-18"];
const SCHOOLS = [
  "École Jules-Ferry",
  "Collège Louise-Michel",
  "Lycée Victor-Hugo",
  "École élémentaire Pasteur",
];
const COMMENT_BASE =
  'Les ateliers du mercredi sont très appréciés; mon fils dit "c\'est génial" mais les horaires ' +
  "ne conviennent pas toujours aux familles qui travaillent tard, il faudrait aussi plus d'activités";

function comment(i: number): string {
  // Exactly 200 characters, different per row.
  const suffix = ` (réponse ${i})`;
  return (COMMENT_BASE + " ".repeat(200)).slice(0, 200 - suffix.length) + suffix;
}

function hex(random: () => number, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

const start2026 = Date.UTC(2026, 0, 1);

function makeResponse(i: number, random: () => number): SyntheticResponse {
  const audience = AUDIENCES[i % 3]!;
  const createdAt = new Date(start2026 + i * 30_000 + Math.floor(random() * 30_000));
  return {
    id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
    campaign: `cite-educative-${(i % 12) + 1}`,
    surveyId: audience,
    surveyVersion: 1 + (i % 2),
    createdAt,
    submittedAt: new Date(createdAt.getTime() + 60_000 + Math.floor(random() * 600_000)),
    locale: i % 10 === 0 ? "ar" : "fr",
    audience,
    ageBand: audience === "parent" ? null : AGE_BANDS[i % 3]!,
    school: SCHOOLS[i % SCHOOLS.length]!,
    className: `${(i % 5) + 1}e ${String.fromCharCode(65 + (i % 4))}`,
    consent: random() > 0.05,
    answers: Array.from({ length: 20 }, (_, q) =>
      q % 4 === 3 ? Math.floor(random() * 4) + 1 : random() < 0.03 ? null : LIKERT[Math.floor(random() * 4)]!,
    ),
    comment: comment(i),
    scores: Array.from({ length: 7 }, () => (random() < 0.02 ? null : random() * 100)),
  };
}

const columns: CsvColumn<SyntheticResponse>[] = [
  { header: "id", value: (r) => r.id },
  { header: "campagne", value: (r) => r.campaign },
  { header: "questionnaire", value: (r) => r.surveyId },
  { header: "version", value: (r) => r.surveyVersion },
  { header: "créée le", value: (r) => r.createdAt },
  { header: "envoyée le", value: (r) => r.submittedAt },
  { header: "langue", value: (r) => r.locale },
  { header: "public", value: (r) => r.audience },
  { header: "tranche d'âge", value: (r) => r.ageBand },
  { header: "établissement", value: (r) => r.school },
  { header: "classe", value: (r) => r.className },
  { header: "consentement", value: (r) => r.consent },
  ...Array.from({ length: 20 }, (_, q): CsvColumn<SyntheticResponse> => ({
    header: `Q${q + 1}`,
    value: (r) => r.answers[q],
  })),
  { header: "commentaire", value: (r) => r.comment },
  ...Array.from({ length: 7 }, (_, d): CsvColumn<SyntheticResponse> => ({
    header: `score D${d + 1}`,
    value: (r) => r.scores[d],
  })),
];

// ---------------------------------------------------------------------------
// Memory sampling
// ---------------------------------------------------------------------------

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

let peakRss = 0;
let peakHeapUsed = 0;
let samples = 0;
function sample() {
  const { rss, heapUsed } = process.memoryUsage();
  samples++;
  if (rss > peakRss) peakRss = rss;
  if (heapUsed > peakHeapUsed) peakHeapUsed = heapUsed;
  return { rss, heapUsed };
}

const milestones: { percent: number; rows: number; rss: number; heapUsed: number; seconds: number }[] = [];
let nextMilestone = 1; // in tenths

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

let pulled = 0;
let t0 = 0;

/** Stands for a database cursor: rows are built when asked for, never kept. */
async function* source(): AsyncGenerator<SyntheticResponse> {
  const random = seededRandom(42);
  for (let i = 0; i < total; i++) {
    yield makeResponse(i, random);
    pulled++;
    if (pulled * 10 >= total * nextMilestone) {
      const m = sample();
      milestones.push({
        percent: nextMilestone * 10,
        rows: pulled,
        ...m,
        seconds: (performance.now() - t0) / 1000,
      });
      nextMilestone++;
    }
  }
}

const baseline = sample();
const sampler = setInterval(sample, 100);
t0 = performance.now();

let bytes = 0;
let chunks = 0;
let maxChunk = 0;
const reader = csvStream(source(), columns, { decimals }).getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
  chunks++;
  if (value.byteLength > maxChunk) maxChunk = value.byteLength;
  // A network sink yields to the event loop between writes; doing the same lets
  // the 100 ms sampler run (the stream itself only uses microtasks).
  await new Promise<void>((resolve) => setImmediate(resolve));
}
const seconds = (performance.now() - t0) / 1000;
const end = sample();
clearInterval(sampler);

console.log(`csvStream memory bench — Node ${process.version}, ${columns.length} columns`);
console.log(`rows          ${total.toLocaleString("en-US")} (pulled ${pulled.toLocaleString("en-US")})`);
console.log(
  `bytes         ${bytes.toLocaleString("en-US")} (${mib(bytes)}), ${chunks.toLocaleString("en-US")} chunks, largest ${maxChunk.toLocaleString("en-US")} B`,
);
console.log(`seconds       ${seconds.toFixed(2)}`);
console.log(
  `rows/s        ${Math.round(total / seconds).toLocaleString("en-US")}  (${mib(bytes / seconds)}/s)`,
);
console.log(`baseline      RSS ${mib(baseline.rss)}, heap used ${mib(baseline.heapUsed)}`);
console.log(`peak (${samples} samples every 100 ms)  RSS ${mib(peakRss)}, heap used ${mib(peakHeapUsed)}`);
console.log(`end           RSS ${mib(end.rss)}, heap used ${mib(end.heapUsed)}`);
console.log("progress      rows         seconds   RSS          heap used");
for (const m of milestones) {
  const mark = m.percent === 10 || m.percent === 50 || m.percent === 100 ? "*" : " ";
  console.log(
    `  ${mark}${String(m.percent).padStart(3)} %     ${m.rows.toLocaleString("en-US").padEnd(12)} ${m.seconds.toFixed(2).padStart(7)}   ${mib(m.rss).padEnd(12)} ${mib(m.heapUsed)}`,
  );
}
