// Shared pieces of the fault scripts (`npm run test:faults`): the production server on a
// temporary database (loopback only), simulated respondents that retry like the real page
// does, and the checks run on the database file once the server has stopped.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { seededRandom } from "../../app/demo/seeded-random";

export const root = path.resolve(import.meta.dirname, "../..");
export const SLUG = "demo";
// A fixed secret: every server start on the same file derives the same erasure codes.
export const SECRET = "faults-secret-faults-secret-faults-0123456789";

// ---------------------------------------------------------------------------------------------
// Children: every process a scenario starts is registered here and killed on any exit.

const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** A synchronous cleanup step (unmount, remove a directory) run on exit, last added first. */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

/** Kills every child still running and runs the cleanups; safe to call more than once. */
export function cleanupAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
  while (cleanups.length > 0) {
    try {
      cleanups.pop()!();
    } catch (error) {
      console.error("cleanup:", (error as Error).message);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Small utilities.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A seeded generator (the demo data's mulberry32), so a run (kill moment, answers, think times) can be replayed. */
export const rng = seededRandom;

export function workDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `coeduc-faults-${name}-`));
  // FAULTS_KEEP=1 keeps the databases and server logs for a look after the run.
  if (process.env.FAULTS_KEEP) console.log(`  (kept: ${dir})`);
  else onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A free port in 4100-4999 on 127.0.0.1 (the brief keeps 3000, 3400, 3500 for others). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 4100 + Math.floor(Math.random() * 900);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port in 4100-4999");
}

// ---------------------------------------------------------------------------------------------
// The production server.

export function ensureBuild(): void {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    console.log("Building the app first (npm run build)…");
    execSync("npm run build", { cwd: root, stdio: "inherit" });
  }
}

export interface Server {
  child: ChildProcess;
  port: number;
  base: string;
  logFile: string;
}

export interface ServerOptions {
  port: number;
  dbPath: string;
  logFile: string;
  env?: Record<string, string>;
}

export async function startServer(options: ServerOptions): Promise<Server> {
  const log = fs.openSync(options.logFile, "a");
  const child = track(
    spawn(process.execPath, ["server.js"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(options.port),
        HOST: "127.0.0.1",
        DATABASE_PATH: options.dbPath,
        DEMO_DATA: "true",
        NODE_ENV: "production",
        SESSION_SECRET: SECRET,
        // Every simulated respondent shares 127.0.0.1: the per-address limit would refuse them.
        RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0",
        RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES: "0",
        ...options.env,
      },
      stdio: ["ignore", log, log],
    }),
  );
  fs.closeSync(log);
  const base = `http://127.0.0.1:${options.port}`;
  await waitForHealthy(base, child, 60_000);
  return { child, port: options.port, base, logFile: options.logFile };
}

async function waitForHealthy(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited during start-up (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${base} did not become healthy in ${timeoutMs / 1000} s`);
}

/** SIGTERM (the server's own graceful stop), SIGKILL after 10 s. */
export function stopServer(server: Server, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  return new Promise((resolve) => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

// ---------------------------------------------------------------------------------------------
// Payloads: valid parent responses, answers drawn from the survey's own choices.

interface SurveyFile {
  version: number;
  survey: { pages: { elements: { name: string; type: string; choices?: { value: unknown }[] }[] }[] };
}

const parentSurvey = JSON.parse(
  fs.readFileSync(path.join(root, "surveys/parent.v1.json"), "utf8"),
) as SurveyFile;

export function parentPayload(random: () => number, id: string = crypto.randomUUID()) {
  const answers: Record<string, unknown> = {};
  for (const page of parentSurvey.survey.pages) {
    for (const q of page.elements) {
      if (q.type === "comment") {
        // About one in three writes something, as in the field.
        if (random() < 0.3)
          answers[q.name] = `Idée ${Math.floor(random() * 1000)} : plus d'activités le mercredi.`;
      } else if (q.choices) {
        answers[q.name] = q.choices[Math.floor(random() * q.choices.length)]!.value;
      }
    }
  }
  return {
    id,
    surveyId: "parent",
    surveyVersion: parentSurvey.version,
    locale: "fr",
    ageBand: null,
    answers,
  };
}

// ---------------------------------------------------------------------------------------------
// Simulated respondents.

export interface Tally {
  pageStatuses: Record<string, number>;
  submitStatuses: Record<string, number>;
  /** Ids answered 201/200: each must be stored exactly once. */
  acknowledged: Set<string>;
  /** Ids sent at least once and never acknowledged (may or may not be stored). */
  unacknowledged: Set<string>;
  /** Valid submissions refused with a 4xx other than 429: a bug for a valid payload. */
  refused: { id: string; status: number; body: string }[];
  serverErrors: number;
  networkErrors: number;
  retries: number;
  latenciesMs: number[];
  /** 503 bodies (for the disk scenario: their messages and Retry-After). */
  unavailable: { body: string; retryAfter: string | null }[];
}

export function newTally(): Tally {
  return {
    pageStatuses: {},
    submitStatuses: {},
    acknowledged: new Set(),
    unacknowledged: new Set(),
    refused: [],
    serverErrors: 0,
    networkErrors: 0,
    retries: 0,
    latenciesMs: [],
    unavailable: [],
  };
}

const bump = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

export interface CrowdOptions {
  base: () => string;
  respondents: number;
  durationMs: number;
  /** After the duration, pending submissions keep retrying this long (nothing new starts). */
  graceMs: number;
  seed: number;
  thinkMs: [number, number];
  tally: Tally;
}

/**
 * `respondents` people, each in a loop until the duration ends: open the questionnaire page,
 * think, send a response with a fresh UUID, retrying with the same id on a network error, a
 * 5xx or a 429 (backoff 0.25 s doubling to 4 s, with jitter), think again.
 */
export async function runCrowd(options: CrowdOptions): Promise<void> {
  const start = Date.now();
  const stopStarting = start + options.durationMs;
  const giveUp = stopStarting + options.graceMs;
  const { tally } = options;

  async function once(url: string, init: RequestInit): Promise<Response | null> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch {
      tally.networkErrors += 1;
      return null;
    }
  }

  async function respondent(index: number) {
    const random = rng(options.seed * 1000 + index);
    const think = () => options.thinkMs[0] + random() * (options.thinkMs[1] - options.thinkMs[0]);
    // Spread the arrivals over the first think time, as people do not all start at once.
    await sleep(random() * options.thinkMs[1]);
    while (Date.now() < stopStarting) {
      let page: Response | null = null;
      for (let attempt = 0; Date.now() < stopStarting; attempt++) {
        page = await once(`${options.base()}/s/${SLUG}/questionnaire/parent`, {});
        if (page) {
          bump(tally.pageStatuses, String(page.status));
          if (page.status >= 500) tally.serverErrors += 1;
          await page.arrayBuffer().catch(() => undefined);
          if (page.status < 500) break;
        } else bump(tally.pageStatuses, "network");
        await sleep(backoff(attempt, random));
      }
      if (!page) break;
      await sleep(think());
      const body = JSON.stringify(parentPayload(random, crypto.randomUUID()));
      const id = (JSON.parse(body) as { id: string }).id;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) tally.retries += 1;
        const sent = Date.now();
        const res = await once(`${options.base()}/api/v1/campaigns/${SLUG}/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
        if (!res) bump(tally.submitStatuses, "network");
        else {
          bump(tally.submitStatuses, String(res.status));
          const text = await res.text().catch(() => "");
          if (res.status === 201 || res.status === 200) {
            tally.latenciesMs.push(Date.now() - sent);
            tally.acknowledged.add(id);
            tally.unacknowledged.delete(id);
            break;
          }
          if (res.status >= 500) tally.serverErrors += 1;
          if (res.status === 503)
            tally.unavailable.push({ body: text, retryAfter: res.headers.get("Retry-After") });
          if (res.status < 500 && res.status !== 429 && res.status !== 408) {
            tally.refused.push({ id, status: res.status, body: text.slice(0, 300) });
            break;
          }
        }
        tally.unacknowledged.add(id);
        if (Date.now() > giveUp) break;
        await sleep(backoff(attempt, random));
      }
      await sleep(think());
    }
  }

  await Promise.all(Array.from({ length: options.respondents }, (_, i) => respondent(i)));
}

function backoff(attempt: number, random: () => number): number {
  const base = Math.min(250 * 2 ** attempt, 4000);
  return base / 2 + random() * base;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// ---------------------------------------------------------------------------------------------
// Checks on the database file.

export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

export function check(label: string, ok: boolean, detail: string): Check {
  return { label, ok, detail };
}

/** Every acknowledged id is stored once; how many unacknowledged ids were stored anyway. */
export function checkAcknowledged(sqlite: SQLite.Database, tally: Tally): Check[] {
  const present = sqlite.prepare("select count(*) as n from response where id = ?");
  let missing = 0;
  let twice = 0;
  const missingIds: string[] = [];
  for (const id of tally.acknowledged) {
    const n = (present.get(id) as { n: number }).n;
    if (n === 0) {
      missing += 1;
      if (missingIds.length < 5) missingIds.push(id);
    }
    if (n > 1) twice += 1;
  }
  let unackStored = 0;
  for (const id of tally.unacknowledged) unackStored += (present.get(id) as { n: number }).n > 0 ? 1 : 0;
  // Ids are a primary key, so "twice" would need a broken schema; the content hash could
  // still be stored twice under two ids if a retry changed its id: no retry here does.
  const dupContent = (
    sqlite
      .prepare(
        "select count(*) as n from (select content_hash from response where synthetic = 0 group by content_hash having count(*) > 1)",
      )
      .get() as { n: number }
  ).n;
  return [
    check(
      "every acknowledged response stored",
      missing === 0,
      `${tally.acknowledged.size} acknowledged, ${missing} missing${missingIds.length ? ` (${missingIds.join(", ")})` : ""}`,
    ),
    check(
      "nothing stored twice",
      twice === 0 && dupContent === 0,
      `${twice} ids twice, ${dupContent} contents twice`,
    ),
    check(
      "unacknowledged (in flight when a run ended)",
      true,
      `${tally.unacknowledged.size} never acknowledged, ${unackStored} of them stored (allowed: the answer was lost, not the write)`,
    ),
  ];
}

export function integrity(sqlite: SQLite.Database): Check[] {
  const result = sqlite.pragma("integrity_check", { simple: true });
  const fk = sqlite.pragma("foreign_key_check") as unknown[];
  return [
    check("PRAGMA integrity_check", result === "ok", String(result)),
    check("PRAGMA foreign_key_check", fk.length === 0, `${fk.length} violations`),
  ];
}

/**
 * Nothing partial and totals consistent: every response has the scores its answers give
 * (recomputed here from the survey's scoring), and per campaign the running totals
 * (decision 007) equal a recomputation from the rows.
 */
export async function checkConsistency(sqlite: SQLite.Database): Promise<Check[]> {
  const { scoreResponse } = await import("../../app/indicators/scoring");
  const { FAVOURABLE_ABOVE } = await import("../../app/indicators/stats");
  const defs = new Map<string, { scoring: Parameters<typeof scoreResponse>[1] }>();
  const defOf = (surveyId: string, version: number) => {
    const key = `${surveyId}.v${version}`;
    if (!defs.has(key)) {
      defs.set(key, JSON.parse(fs.readFileSync(path.join(root, "surveys", `${key}.json`), "utf8")));
    }
    return defs.get(key)!;
  };

  // Scores per response (non-synthetic: what the scripts sent).
  const scoreCount = sqlite.prepare("select count(*) as n from response_score where response_id = ?");
  let badScores = 0;
  let rows = 0;
  for (const r of sqlite
    .prepare("select id, survey_id, survey_version, answers from response where synthetic = 0")
    .iterate() as Iterable<{ id: string; survey_id: string; survey_version: number; answers: string }>) {
    rows += 1;
    const expected = Object.keys(
      scoreResponse(
        JSON.parse(r.answers) as Record<string, unknown>,
        defOf(r.survey_id, r.survey_version).scoring,
      ),
    ).length;
    if ((scoreCount.get(r.id) as { n: number }).n !== expected) badScores += 1;
  }

  // indicator_aggregate against a recomputation from response_score, per campaign.
  const recomputed = sqlite
    .prepare(
      `select r.campaign_id as c, r.audience as a, coalesce(r.age_band, '') as b, s.dimension as d,
              count(*) as n, sum(s.score) as sum, sum(s.score * s.score) as sq,
              sum(case when s.score > ? then 1 else 0 end) as fav
       from response_score s join response r on r.id = s.response_id
       group by r.campaign_id, r.audience, r.age_band, s.dimension`,
    )
    .all(FAVOURABLE_ABOVE) as {
    c: number;
    a: string;
    b: string;
    d: string;
    n: number;
    sum: number;
    sq: number;
    fav: number;
  }[];
  const stored = sqlite
    .prepare(
      "select campaign_id as c, audience as a, age_band as b, dimension as d, n, sum, sum_squares as sq, favourable as fav from indicator_aggregate where n <> 0",
    )
    .all() as typeof recomputed;
  const key = (x: (typeof recomputed)[number]) => `${x.c}|${x.a}|${x.b}|${x.d}`;
  const storedBy = new Map(stored.map((x) => [key(x), x]));
  let aggregateMismatches = 0;
  for (const x of recomputed) {
    const y = storedBy.get(key(x));
    storedBy.delete(key(x));
    const close = (p: number, q: number) => Math.abs(p - q) <= 1e-6 * Math.max(1, Math.abs(p));
    if (!y || y.n !== x.n || y.fav !== x.fav || !close(y.sum, x.sum) || !close(y.sq, x.sq))
      aggregateMismatches += 1;
  }
  aggregateMismatches += storedBy.size;

  // Participation per campaign against the number of responses (a youth council's record is
  // a response row of audience C but not a participant: council/record.server adds no totals for it).
  const participation = sqlite
    .prepare(
      `select c.id as c, (select count(*) from response r where r.campaign_id = c.id and r.audience <> 'C') as responses,
              (select coalesce(sum(n), 0) from participation_daily p where p.campaign_id = c.id) as counted
       from campaign c`,
    )
    .all() as { c: number; responses: number; counted: number }[];
  const participationBad = participation.filter((p) => p.responses !== p.counted);

  // Free texts of the responses sent here: one verbatim row per non-empty text.
  const texts = sqlite
    .prepare(
      `select
         (select count(*) from response r, json_each(r.answers) j
           where r.synthetic = 0 and j.key in ('knowledge', 'idea') and trim(j.value) <> '') as expected,
         (select count(*) from verbatim v join response r on r.id = v.response_id where r.synthetic = 0) as stored`,
    )
    .get() as { expected: number; stored: number };

  const totalResponses = (sqlite.prepare("select count(*) as n from response").get() as { n: number }).n;
  return [
    check(
      "every response has its scores (nothing partial)",
      badScores === 0,
      `${rows} responses checked, ${badScores} with wrong score rows`,
    ),
    check(
      "indicator totals = recomputation from rows",
      aggregateMismatches === 0,
      `${recomputed.length} groups, ${aggregateMismatches} differ`,
    ),
    check(
      "participation totals = responses, per campaign",
      participationBad.length === 0,
      `${participation.length} campaigns, ${totalResponses} responses, ${participationBad.length} campaigns differ` +
        (participationBad.length ? ` (${JSON.stringify(participationBad.slice(0, 3))})` : ""),
    ),
    check(
      "one verbatim per free text",
      texts.expected === texts.stored,
      `${texts.expected} texts, ${texts.stored} verbatims`,
    ),
  ];
}

/** Opens the database read-only (the server must have stopped: checks see what survived). */
export function openReadOnly(dbPath: string): SQLite.Database {
  return new SQLite(dbPath, { readonly: true, fileMustExist: true });
}

/** How often the server logged an SQLite error (5xx causes, busy errors). */
export function countInLog(logFile: string, pattern: RegExp): number {
  if (!fs.existsSync(logFile)) return 0;
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => pattern.test(line)).length;
}

// ---------------------------------------------------------------------------------------------
// Results.

export interface ScenarioResult {
  name: string;
  ok: boolean;
  seconds: number;
  metrics: Record<string, number | string>;
  checks: Check[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Hard limit: past it the scenario is failed and its children killed. */
  timeoutMs: number;
  run(seed: number): Promise<Omit<ScenarioResult, "name" | "ok" | "seconds">>;
}

export function tallyMetrics(tally: Tally): Record<string, number | string> {
  return {
    pages: Object.entries(tally.pageStatuses)
      .map(([k, v]) => `${k}:${v}`)
      .join(" "),
    submissions: Object.entries(tally.submitStatuses)
      .map(([k, v]) => `${k}:${v}`)
      .join(" "),
    acknowledged: tally.acknowledged.size,
    retries: tally.retries,
    "5xx": tally.serverErrors,
    "network errors": tally.networkErrors,
    "ack p50 ms": percentile(tally.latenciesMs, 50),
    "ack p99 ms": percentile(tally.latenciesMs, 99),
  };
}
