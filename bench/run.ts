// `npm run bench`: the whole benchmark suite, one after the other, against the production
// build on loopback, then one summary table (with the targets) and one JSON file under
// bench/results/ (each part also writes its own, with every detail):
//   1. submission endpoint vs a bare node:http + better-sqlite3 floor, 20 and 100 connections
//      (bench/submission.ts);
//   2. campaign dashboard, national view, indicators API and CSV exports (time, server peak
//      memory) on a database of 1,000,000 synthetic responses over 250 territories
//      (bench/dashboard.ts). The database is data/bench-1m.db (or BENCH_DATABASE_PATH); it is
//      seeded the first time (`npm run seed`, several minutes) and reused afterwards;
//   3. a youth council session with 50 phones (bench/council.ts).
// `npm run bench -- --only submission,dashboard` runs some of them. Rate limits are off in the
// servers these scripts start (RATE_LIMIT_*=0: every simulated client is 127.0.0.1).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";

const { values } = parseArgs({ options: { only: { type: "string" } } });
const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "bench/results");
const parts = (values.only ?? "submission,dashboard,council").split(",").map((s) => s.trim());
const ONE_MILLION = 1_000_000;
const benchDb = path.resolve(root, process.env.BENCH_DATABASE_PATH ?? "data/bench-1m.db");
const env = {
  ...process.env,
  RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0",
  RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES: "0",
};

/** Runs one part; returns the JSON it wrote under bench/results/ (the newest file of its prefix). */
function runPart(prefix: string, script: string, args: string[], extraEnv: Record<string, string> = {}) {
  const started = Date.now();
  console.log(`\n=== ${prefix}: tsx ${script} ${args.join(" ")}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: "inherit",
  });
  const file = fs
    .readdirSync(results)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith(".json"))
    .map((f) => path.join(results, f))
    .filter((f) => fs.statSync(f).mtimeMs >= started)
    .sort()
    .at(-1);
  if (!file) throw new Error(`${script} wrote no result (exit ${run.status})`);
  return {
    exitCode: run.status,
    file: path.relative(root, file),
    data: JSON.parse(fs.readFileSync(file, "utf8")),
  };
}

function storedResponses(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from response").get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

// Always a fresh build: a build left from older code would be measured against a database
// migrated by the new one (it happened: "no column named totals").
const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
fs.mkdirSync(results, { recursive: true });

type Row = { what: string; figure: string; target: string; verdict: string };
const summary: Row[] = [];
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverageAtStart: os.loadavg()[0],
};
let failed = false;

if (parts.includes("submission")) {
  const part = runPart("submission", "bench/submission.ts", ["--connections", "20,100", "--duration", "10"]);
  report.submission = part;
  for (const row of part.data.rows as {
    connections: number;
    ratio: number;
    app: { requestsPerSecond: number; p50ms: number; p99ms: number; non2xx: number };
    floor: { requestsPerSecond: number; p99ms: number };
  }[]) {
    const judged = row.connections === 20;
    const pass = row.ratio >= 1 / 3 && row.app.p99ms < 100;
    if (judged && !pass) failed = true;
    summary.push({
      what: `submission, ${row.connections} connections`,
      figure: `${row.app.requestsPerSecond} req/s (p50 ${row.app.p50ms} ms, p99 ${row.app.p99ms} ms, non-2xx ${row.app.non2xx}); floor ${row.floor.requestsPerSecond} req/s (p99 ${row.floor.p99ms} ms); ratio ${row.ratio}`,
      target: judged ? "ratio ≥ 0.333, p99 < 100 ms" : "",
      verdict: judged ? (pass ? "PASS" : "FAIL") : "",
    });
  }
}

if (parts.includes("dashboard")) {
  const have = storedResponses(benchDb);
  if (have < ONE_MILLION) {
    console.log(`\n=== seeding ${ONE_MILLION - have} responses into ${path.relative(root, benchDb)} (once)`);
    const seed = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/seed.ts", "--responses", String(ONE_MILLION - have), "--territories", "250"],
      { cwd: root, env: { ...env, DATABASE_PATH: benchDb, DEMO_DATA: "false" }, stdio: "inherit" },
    );
    if (seed.status !== 0) throw new Error("seeding failed");
  }
  const part = runPart("dashboard", "bench/dashboard.ts", [], { DATABASE_PATH: benchDb });
  report.dashboard = part;
  const d = part.data as {
    totalResponses: number;
    pages: { label: string; medianMs: number; p95Ms: number }[];
    largestExport: { rows: number; megabytes: number; seconds: number; serverPeakMiB: number };
    allExport: { rows: number; megabytes: number; seconds: number; serverPeakMiB: number } | null;
  };
  for (const p of d.pages) {
    summary.push({
      what: `${p.label} (${d.totalResponses.toLocaleString("en")} responses)`,
      figure: `median ${p.medianMs} ms, p95 ${p.p95Ms} ms`,
      target: "",
      verdict: "",
    });
  }
  for (const [label, e] of [
    ["CSV export, largest territory", d.largestExport],
    ["CSV export, every campaign", d.allExport],
  ] as const) {
    if (!e) continue;
    summary.push({
      what: label,
      figure: `${e.rows.toLocaleString("en")} rows, ${e.megabytes} MB in ${e.seconds} s; server peak ${e.serverPeakMiB} MiB`,
      target: "",
      verdict: "",
    });
  }
}

if (parts.includes("council")) {
  const part = runPart("council", "bench/council.ts", []);
  report.council = part;
  if (part.exitCode !== 0) failed = true;
  const shown = (
    part.data as { answers: { toProjectorMs: Record<string, { p50: number; p95: number; max: number }> } }
  ).answers.toProjectorMs;
  summary.push({
    what: "youth council, 50 phones: answer → projector",
    figure: Object.entries(shown)
      .map(([how, s]) => `${how} p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms`)
      .join("; "),
    target: "every answer shown within 2 s",
    verdict: part.exitCode === 0 ? "PASS" : "FAIL",
  });
}

console.log(
  `\nCoéduc benchmarks (${os.cpus().length} cores, Node ${process.version}, load at start ${os.loadavg()[0]!.toFixed(2)})`,
);
console.table(summary);
report.summary = summary;
const out = path.join(results, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(out, JSON.stringify(report, null, 2));
console.log(`Written to ${path.relative(root, out)}`);
if (failed) process.exitCode = 1;
