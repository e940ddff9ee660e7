// What disclosure control (docs/decisions/021) costs in precision: for groups of 10, 30, 100
// and 1,000 responses, the difference between the figure shown and the exact one, over many
// groups with random record keys. Run: npm run bench:disclosure [-- --groups 4000]
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cellIdentity, COUNT_NOISE_SD, perturbTotals, RECORD_KEY_RANGE } from "~/indicators/disclosure";
import { indicatorFromAggregates, isFavourable, wilsonInterval } from "~/indicators/stats";

const groupsArg = process.argv.indexOf("--groups");
const GROUPS = groupsArg > 0 ? Number(process.argv[groupsArg + 1]) : 4000;

/** A dimension score as the questionnaires give them: the mean of 3–5 four-point items. */
function randomScore(): number {
  const items = 3 + crypto.randomInt(3);
  let total = 0;
  const lean = Math.random(); // people differ: some agree more than others
  for (let i = 0; i < items; i += 1) total += Math.min(3, Math.floor(Math.random() * 2 + lean * 3));
  return (total / (items * 3)) * 100;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Row {
  n: number;
  meanErrorMedian: number;
  meanErrorP95: number;
  shareErrorMedian: number;
  shareErrorP95: number;
  /** How much wider the shown 95 % interval of the share is than the exact Wilson one. */
  intervalWidening: number;
  /** The exact Wilson interval's half-width, for scale. */
  halfWidth: number;
}

const rows: Row[] = [];
for (const n of [10, 30, 100, 1000]) {
  const meanErrors: number[] = [];
  const shareErrors: number[] = [];
  const widenings: number[] = [];
  const halfWidths: number[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    let sum = 0;
    let sumSquares = 0;
    let favourable = 0;
    let keySum = 0;
    for (let i = 0; i < n; i += 1) {
      const s = randomScore();
      sum += s;
      sumSquares += s * s;
      if (isFavourable(s)) favourable += 1;
      keySum += crypto.randomInt(RECORD_KEY_RANGE);
    }
    const shown = indicatorFromAggregates(
      perturbTotals({ n, sum, sumSquares, favourable, keySum }, "D1", cellIdentity("bench", n, g)),
    );
    const shownMean = n < 30 ? Math.round(shown.mean) : shown.mean;
    meanErrors.push(Math.abs(shownMean - sum / n));
    shareErrors.push(Math.abs(shown.favourable - favourable / n) * 100);
    const [lo, hi] = wilsonInterval(favourable, n);
    halfWidths.push(((hi - lo) / 2) * 100);
    // The shown interval is the Wilson one widened by the noise (indicators.server.ts).
    const extra = (1.959963984540054 * COUNT_NOISE_SD) / n;
    const widened = Math.sqrt(((hi - lo) / 2) ** 2 + extra ** 2);
    widenings.push(widened / ((hi - lo) / 2) - 1);
  }
  rows.push({
    n,
    meanErrorMedian: quantile(meanErrors, 0.5),
    meanErrorP95: quantile(meanErrors, 0.95),
    shareErrorMedian: quantile(shareErrors, 0.5),
    shareErrorP95: quantile(shareErrors, 0.95),
    intervalWidening: quantile(widenings, 0.5),
    halfWidth: quantile(halfWidths, 0.5),
  });
}

const fmt = (x: number, d = 2) => x.toFixed(d);
console.log(
  `Disclosure control: error added to shown figures (${GROUPS} groups per size, random record keys)`,
);
console.log(
  "n      | mean: median / p95 (points) | share: median / p95 (points) | 95% interval: half-width, widened by",
);
for (const r of rows) {
  console.log(
    `${String(r.n).padEnd(6)} | ${fmt(r.meanErrorMedian)} / ${fmt(r.meanErrorP95)}`.padEnd(38) +
      ` | ${fmt(r.shareErrorMedian)} / ${fmt(r.shareErrorP95)}`.padEnd(32) +
      ` | ±${fmt(r.halfWidth, 1)} pts, +${fmt(r.intervalWidening * 100, 1)} %`,
  );
}
const out = path.join("bench", "results");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "disclosure.json"), JSON.stringify({ groups: GROUPS, rows }, null, 2));
