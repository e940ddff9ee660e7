// `npm run bench:council` (also part of `npm run bench`): how a youth council session's live
// updates behave with 50 phones in the room at once, against the production build on a
// temporary database (demo data), over loopback only.
//
// The facilitator signs in, creates a session and watches it on two projectors: one on the
// Server-Sent Events stream (`…/direct`), one polling `…/etat` every 1.5 s (the fallback of
// useLiveState). 50 simulated phones (one cookie jar each) join and re-fetch the waiting
// page's loader data every 3 s as the browser does (one `?_data=` request per route: root's
// and the page's);
// the facilitator opens the session; each phone answers the 6 items with a seeded random
// think time; then all phones change their answer to item 1 at the same moment.
//
// Measured: open → question on the phones; answer acknowledged → shown on each projector;
// the burst's acknowledgements and how long the projectors take to show its final counts;
// the server's CPU time and memory (Linux /proc). Checked: no error responses, no lost or
// doubled answer (projectors and database). Prints a summary, writes JSON under
// bench/results/, exits non-zero when a check fails.
//
//   npx tsx bench/council.ts [--phones 50] [--seed 42] [--port 3300]
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import type { LiveState } from "../app/council/live.server";
import { seededRandom } from "../app/demo/seeded-random";
import { signIn } from "./http";

const { values: args } = parseArgs({
  options: {
    phones: { type: "string", default: "50" },
    seed: { type: "string", default: "42" },
    port: { type: "string", default: "3300" },
  },
});
const PHONES = Number(args.phones);
const SEED = Number(args.seed);
const PORT = Number(args.port);
const base = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, "..");

/** As in app/routes/conseil.$code.tsx (WAITING_POLL_MS). */
const WAITING_POLL_MS = 3000;
/** As in app/ui/council/useLiveState.ts (POLL_MS). */
const PROJECTOR_POLL_MS = 1500;
/** A phone's think time before each answer. */
const THINK_MS = [1000, 4000] as const;
/** Phones arrive over this long after the session is created. */
const JOIN_SPREAD_MS = 3000;
/** After everyone joined: this long of "waiting" load (phones polling, projectors) before opening. */
const WAITING_PHASE_MS = 6000;
const SLA_MS = 2000;
/** The routes of the phone's page whose loaders a revalidation calls, the page's last. */
const ROUTE_IDS = ["root", "routes/conseil.$code"];
const SLUG = "demo";

// ---------------------------------------------------------------------------
// Small helpers

const t0 = performance.now();
/** Milliseconds since the start of the run. */
const now = () => performance.now() - t0;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const round = (x: number) => (Number.isFinite(x) ? Math.round(x) : x);
function stats(xs: number[]) {
  return {
    n: xs.length,
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    max: round(xs.length ? Math.max(...xs) : Number.NaN),
  };
}

async function waitUntil(test: () => boolean, timeoutMs: number, what: string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) {
      console.error(`Timed out (${timeoutMs} ms) waiting for: ${what}`);
      return false;
    }
    await sleep(20);
  }
  return true;
}

// The council items, from the survey file the session uses.
const itemsDef = JSON.parse(fs.readFileSync(path.join(root, "surveys/council-items.v1.json"), "utf8")) as {
  survey: { pages: { elements: { name: string; choices: { value: string | number }[] }[] }[] };
};
const ITEMS = itemsDef.survey.pages.flatMap((p) =>
  p.elements.map((e) => ({ name: e.name, values: e.choices.map((c) => String(c.value)) })),
);
const FIRST = ITEMS[0]!;

// ---------------------------------------------------------------------------
// HTTP, with every response counted

const statusCounts: Record<string, number> = {};
const badResponses: string[] = [];
let requestCount = 0;

async function http(kind: string, url: string, init: RequestInit = {}): Promise<Response> {
  requestCount++;
  let res: Response;
  try {
    res = await fetch(new URL(url, base), { redirect: "manual", ...init });
  } catch (error) {
    if (!(error instanceof Error && error.name === "AbortError"))
      badResponses.push(`${kind} ${init.method ?? "GET"} ${url}: ${String(error)}`);
    throw error;
  }
  const key = `${kind} → ${res.status}`;
  statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  if (res.status < 200 || res.status >= 400)
    badResponses.push(`${kind} ${init.method ?? "GET"} ${url} → ${res.status}`);
  return res;
}

function cookieFrom(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(";")[0];
  return undefined;
}

// ---------------------------------------------------------------------------
// The server process

const serverBuild = path.join(root, "build/server/index.js");

async function ensureBuild() {
  if (fs.existsSync(serverBuild)) return;
  // Another build may be running (the Remix build empties build/ first): if build/ changed in
  // the last two minutes, give that build time to finish rather than start a second one.
  const buildDir = path.join(root, "build");
  const recent = fs.existsSync(buildDir) && Date.now() - fs.statSync(buildDir).mtimeMs < 120_000;
  if (recent) {
    console.log("build/server/index.js is missing and build/ just changed: waiting for that build…");
    for (let i = 0; i < 120 && !fs.existsSync(serverBuild); i++) await sleep(1000);
    if (fs.existsSync(serverBuild)) return sleep(2000);
  }
  console.log("Building the app first (npm run build)…");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const clockTicks = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

/** CPU time (user + system) of a process so far, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm) ": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

// ---------------------------------------------------------------------------
// The projectors

interface Seen {
  t: number;
  state: LiveState;
}
const totalAnswers = (s: LiveState) => s.items.reduce((sum, i) => sum + i.answers, 0);
const totalOf = (s: LiveState | undefined) => (s ? totalAnswers(s) : -1);

const sse = {
  events: [] as Seen[],
  comments: 0,
  endedAt: null as number | null,
  error: null as string | null,
};
const sseAbort = new AbortController();

async function readStream(url: string, cookie: string) {
  const res = await http("projector SSE /direct", url, {
    headers: { Cookie: cookie, Accept: "text/event-stream" },
    signal: sseAbort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`event stream: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data) sse.events.push({ t: now(), state: JSON.parse(data) as LiveState });
      else if (block.startsWith(":")) sse.comments++;
    }
  }
  sse.endedAt = now();
}

const polling = { results: [] as Seen[], stopped: false, done: Promise.resolve() };

/** As useLiveState's fallback: fetch, then wait 1.5 s, until the session is closed. */
async function pollProjector(url: string, cookie: string) {
  while (!polling.stopped) {
    try {
      const res = await http("projector poll /etat", url, {
        headers: { Cookie: cookie, Accept: "application/json" },
      });
      if (res.ok) {
        const state = (await res.json()) as LiveState;
        polling.results.push({ t: now(), state });
        if (state.status === "closed") return;
      } else await res.body?.cancel();
    } catch {
      // counted by http(); the next round tries again
    }
    await sleep(PROJECTOR_POLL_MS);
  }
}

// ---------------------------------------------------------------------------
// The phones

interface Ack {
  phone: number;
  item: string;
  tSend: number;
  tAck: number;
  /** Acknowledged answers so far, this one included. */
  rank: number;
}

interface Phone {
  index: number;
  rand: () => number;
  cookie: string;
  joinedAt: number | null;
  sawQuestionAt: number | null;
  waitingPolls: number;
  skippedPolls: number;
  answers: Map<string, string>;
  stopWaiting: () => void;
}

const acks: Ack[] = [];
const phones: Phone[] = [];
/** Set when the run stops early: phones stop where they are. */
let aborted = false;
const phoneErrors: string[] = [];
let unexpectedReplacements = 0;

/**
 * The waiting page's revalidation, as Remix's client does it: each route's loader data, one
 * `?_data=` request per route, at once.
 */
async function waitingState(phone: Phone, code: string): Promise<string | null> {
  phone.waitingPolls++;
  const answers = await Promise.all(
    ROUTE_IDS.map((id) =>
      http("phone waiting poll ?_data=", `/conseil/${code}?_data=${encodeURIComponent(id)}`, {
        headers: { Cookie: phone.cookie },
      }),
    ),
  );
  const page = answers.at(-1)!;
  for (const res of answers.slice(0, -1)) await res.body?.cancel();
  if (!page.ok) {
    await page.body?.cancel();
    return null;
  }
  return ((await page.json()) as { state?: string }).state ?? null;
}

async function joinAndWait(phone: Phone, code: string): Promise<void> {
  await sleep(phone.rand() * JOIN_SPREAD_MS);
  if (aborted) return;
  const res = await http("phone join (page)", `/conseil/${code}`);
  await res.text();
  const cookie = cookieFrom(res, "coeduc_conseil");
  if (res.status !== 200 || !cookie)
    throw new Error(`phone ${phone.index}: join ${res.status}, cookie ${cookie}`);
  phone.cookie = cookie;
  phone.joinedAt = now();
  await new Promise<void>((resolve) => {
    let busy = false;
    const timer = setInterval(() => {
      // As the page does: no new revalidation while one is in flight.
      if (busy) {
        phone.skippedPolls++;
        return;
      }
      busy = true;
      waitingState(phone, code)
        .then((state) => {
          if (state === "question") {
            phone.sawQuestionAt = now();
            clearInterval(timer);
            resolve();
          }
        })
        .catch((error: unknown) => phoneErrors.push(`phone ${phone.index} waiting poll: ${String(error)}`))
        .finally(() => (busy = false));
    }, WAITING_POLL_MS);
    phone.stopWaiting = () => {
      clearInterval(timer);
      resolve();
    };
  });
}

async function answer(phone: Phone, code: string, question: string, value: string) {
  const tSend = now();
  const res = await http("phone answer POST", `/conseil/${code}`, {
    method: "POST",
    headers: { Cookie: phone.cookie },
    body: new URLSearchParams({ question, value }),
  });
  const tAck = now();
  await res.text();
  return { res, tSend, tAck, location: res.headers.get("location") ?? "" };
}

/** A no-JS form post: the 302 is followed to the next question, as a browser does. */
async function follow(phone: Phone, location: string) {
  const res = await http("phone next page", location, { headers: { Cookie: phone.cookie } });
  await res.text();
}

async function answerAll(phone: Phone, code: string): Promise<void> {
  if (phone.sawQuestionAt === null) return;
  for (const item of ITEMS) {
    await sleep(THINK_MS[0] + phone.rand() * (THINK_MS[1] - THINK_MS[0]));
    if (aborted) return;
    const value = item.values[Math.floor(phone.rand() * item.values.length)]!;
    const { res, tSend, tAck, location } = await answer(phone, code, item.name, value);
    if (res.status !== 302) {
      phoneErrors.push(`phone ${phone.index} ${item.name}=${value}: ${res.status}`);
      continue;
    }
    if (location.includes("reponse=changee")) unexpectedReplacements++;
    phone.answers.set(item.name, value);
    acks.push({ phone: phone.index, item: item.name, tSend, tAck, rank: acks.length + 1 });
    await follow(phone, location);
  }
}

// ---------------------------------------------------------------------------
// Latency of an acknowledged answer to a projector

/**
 * The first state received after the answer was sent whose total count covers every answer
 * acknowledged so far (its rank), measured from the acknowledgement. The answer is committed
 * before the 302 is written, so a projector may show it before the phone reads the 302:
 * that counts as 0.
 */
function projectorLatencies(seen: Seen[], list: Ack[]) {
  const latencies: number[] = [];
  let missing = 0;
  let beforeAck = 0;
  for (const a of list) {
    const e = seen.find((s) => s.t >= a.tSend && totalAnswers(s.state) >= a.rank);
    if (!e) {
      missing++;
      continue;
    }
    if (e.t < a.tAck) beforeAck++;
    latencies.push(Math.max(0, e.t - a.tAck));
  }
  const under = latencies.filter((ms) => ms < SLA_MS).length;
  return {
    ...stats(latencies),
    missing,
    shownBeforeAck: beforeAck,
    under2sShare: list.length ? Number((under / list.length).toFixed(4)) : Number.NaN,
  };
}

function countsOf(phones: Phone[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const item of ITEMS) counts[item.name] = Object.fromEntries(item.values.map((v) => [v, 0]));
  for (const p of phones) for (const [item, value] of p.answers) counts[item]![value]!++;
  return counts;
}

function itemMatches(state: LiveState, item: string, expected: Record<string, number>): boolean {
  const live = state.items.find((i) => i.name === item);
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  if (!live || live.answers !== total || !live.choices) return false;
  return live.choices.every((c) => c.n === (expected[c.value] ?? 0));
}

/** When a projector began showing the final counts for good: after its last different state. */
function timeToFinal(seen: Seen[], from: number, expected: Record<string, number>): number | null {
  const after = seen.filter((s) => s.t >= from);
  let lastDifferent = -1;
  after.forEach((s, i) => {
    if (!itemMatches(s.state, FIRST.name, expected)) lastDifferent = i;
  });
  const first = after[lastDifferent + 1];
  return first ? first.t : null;
}

// ---------------------------------------------------------------------------
// The run

const loadBefore = os.loadavg();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

await ensureBuild();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-bench-council-"));
const databasePath = path.join(work, "app.db");
const serverLog: string[] = [];
let server: ChildProcess | null = null;
const checks: { name: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail = "") => checks.push({ name, ok, detail });

try {
  try {
    await fetch(`${base}/healthz`);
    throw new Error(`Something already answers on port ${PORT}: stop it or pass --port.`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Something")) throw error;
  }
  server = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_PATH: databasePath,
      DEMO_DATA: "true",
      NODE_ENV: "production",
      // 50 simulated phones share 127.0.0.1: the per-address limits would stop them.
      RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES: "0",
      RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  server.stderr!.setEncoding("utf8");
  server.stderr!.on("data", (chunk: string) => {
    for (const line of chunk.split("\n").filter(Boolean)) serverLog.push(line);
    process.stderr.write(chunk.replace(/^(?=.)/gm, "[server] "));
  });
  const pid = server.pid!;
  const exited = new Promise<never>((_, reject) =>
    server!.once("exit", (code) => reject(new Error(`the server exited (${code}) before answering`))),
  );
  exited.catch(() => {});
  const up = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok && fs.existsSync(path.join(work, "demo-coordinator.txt")))
          return;
      } catch {
        // not up yet
      }
      await sleep(200);
    }
    throw new Error("the server did not start within 60 s");
  })();
  await Promise.race([up, exited]);
  const memStart = memoryMiB(pid);
  const cpuStart = cpuMs(pid);

  // 1. The facilitator: sign in, create a session, read its code, open both projectors.
  const account = Object.fromEntries(
    fs
      .readFileSync(path.join(work, "demo-coordinator.txt"), "utf8")
      .split("\n")
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  ) as Record<string, string>;
  const { cookie: sessionCookie, csrf } = await signIn(base, account.email!, account.password!);
  const facilitator = { Cookie: sessionCookie };

  const created = await http("facilitator create session", `/tableau/campagnes/${SLUG}/conseils?index`, {
    method: "POST",
    headers: facilitator,
    body: new URLSearchParams({
      councilName: "Conseil des jeunes (banc d'essai)",
      durationMinutes: "30",
      _csrf: csrf,
    }),
  });
  await created.text();
  const sessionPath = created.headers.get("location") ?? "";
  const sessionId = Number(/\/conseils\/(\d+)$/.exec(sessionPath)?.[1]);
  if (created.status !== 302 || !sessionId)
    throw new Error(`session not created: ${created.status} ${sessionPath}`);
  const base_ = `/tableau/campagnes/${SLUG}/conseils/${sessionId}`;
  const page = await http("facilitator session page", base_, { headers: facilitator });
  const html = await page.text();
  const code = /class="council-code"[^>]*>([^<]+)</.exec(html)?.[1]?.replace(/\s+/g, "");
  if (!code) throw new Error("no session code on the session page");

  const streamDone = readStream(`${base_}/direct`, sessionCookie).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === "AbortError")) sse.error = String(error);
  });
  polling.done = pollProjector(`${base_}/etat`, sessionCookie);

  // 2. The phones join and wait; the facilitator opens the session.
  for (let index = 0; index < PHONES; index++)
    phones.push({
      index,
      rand: seededRandom(SEED * 1000 + index),
      cookie: "",
      joinedAt: null,
      sawQuestionAt: null,
      waitingPolls: 0,
      skippedPolls: 0,
      answers: new Map(),
      stopWaiting: () => {},
    });
  const joinStart = now();
  const runs = phones.map((p) =>
    joinAndWait(p, code)
      .then(() => answerAll(p, code))
      .catch((error: unknown) => {
        phoneErrors.push(`phone ${p.index}: ${String(error)}`);
      }),
  );
  const lastSse = () => sse.events.at(-1)?.state;
  const lastPoll = () => polling.results.at(-1)?.state;
  const allJoined = await waitUntil(
    () => phones.every((p) => p.joinedAt !== null) || phoneErrors.length > 0,
    JOIN_SPREAD_MS + 20_000,
    "every phone to join",
  );
  const joinedIn = Math.max(...phones.map((p) => p.joinedAt ?? Number.NaN)) - joinStart;
  await waitUntil(
    () => lastSse()?.participants === PHONES,
    10_000,
    `the projector to count ${PHONES} phones`,
  );
  check(
    `${PHONES} phones joined, the projector counts them`,
    allJoined && lastSse()?.participants === PHONES,
    `projector: ${lastSse()?.participants}`,
  );

  // A steady "waiting" stretch: every phone polls twice, both projectors run.
  const cpuWaiting0 = cpuMs(pid);
  const tWaiting0 = now();
  await sleep(WAITING_PHASE_MS);
  const cpuWaiting = cpuMs(pid) - cpuWaiting0;
  const waitingWall = now() - tWaiting0;
  const waitingPollsBefore = phones.reduce((s, p) => s + p.waitingPolls, 0);

  const cpuAnswering0 = cpuMs(pid);
  const client0 = process.cpuUsage();
  const tOpenSend = now();
  const opened = await http("facilitator open", `${base_}?index`, {
    method: "POST",
    headers: facilitator,
    body: new URLSearchParams({ intent: "open", _csrf: csrf }),
  });
  await opened.text();
  const tOpen = now();
  if (opened.status !== 302) throw new Error(`open: ${opened.status}`);

  const allSaw = await waitUntil(
    () => phones.every((p) => p.sawQuestionAt !== null),
    WAITING_POLL_MS * 3 + 5000,
    "every phone to see the first question",
  );
  if (!allSaw) for (const p of phones) p.stopWaiting();
  const openToQuestion = phones.filter((p) => p.sawQuestionAt !== null).map((p) => p.sawQuestionAt! - tOpen);
  const projectorOpen = (seen: Seen[]) => {
    const e = seen.find((s) => s.t >= tOpenSend && s.state.status === "open");
    return e ? round(Math.max(0, e.t - tOpen)) : null;
  };
  check("every phone saw the question after the open", allSaw, `${openToQuestion.length}/${PHONES}`);

  // 3. Answers: each phone answers the 6 items, with think times.
  await Promise.all(runs);
  const expectedAnswers = PHONES * ITEMS.length;
  const lastAckAt = acks.at(-1)?.tAck ?? now();
  await waitUntil(
    () => totalOf(lastSse()) >= acks.length && totalOf(lastPoll()) >= acks.length,
    10_000,
    "both projectors to show every acknowledged answer",
  );
  const cpuAnswering = cpuMs(pid) - cpuAnswering0;
  const answeringWall = now() - tOpenSend;
  const client = process.cpuUsage(client0);
  const answerAcks = acks.map((a) => a.tAck - a.tSend);
  const sseLatency = projectorLatencies(sse.events, acks);
  const pollLatency = projectorLatencies(polling.results, acks);
  check(
    `${expectedAnswers} answers acknowledged (302), none taken as a replacement`,
    acks.length === expectedAnswers && unexpectedReplacements === 0,
    `${acks.length} acknowledged, ${unexpectedReplacements} "changée"`,
  );
  check(
    "every acknowledged answer reached both projectors",
    sseLatency.missing === 0 && pollLatency.missing === 0,
    `missing: SSE ${sseLatency.missing}, polling ${pollLatency.missing}`,
  );
  const answeringCounts = countsOf(phones);

  // 4. The burst: every phone changes its answer to item 1 at the same moment.
  await sleep(1000);
  for (const p of phones) {
    const old = p.answers.get(FIRST.name);
    const at = Math.max(0, FIRST.values.indexOf(old ?? ""));
    // Always a different value, so each request is a real replacement.
    p.answers.set(
      FIRST.name,
      FIRST.values[(at + 1 + Math.floor(p.rand() * (FIRST.values.length - 1))) % FIRST.values.length]!,
    );
  }
  const expected = countsOf(phones);
  const expectedFirst = expected[FIRST.name]!;
  const cpuBurst0 = cpuMs(pid);
  const tBurst = now();
  const burst = await Promise.all(
    phones.map(async (p) => {
      const r = await answer(p, code, FIRST.name, p.answers.get(FIRST.name)!);
      const replaced = r.res.status === 302 && r.location.includes("reponse=changee");
      if (r.res.status === 302) await follow(p, r.location);
      return { ack: r.tAck - tBurst, tAck: r.tAck, replaced, status: r.res.status };
    }),
  );
  const lastBurstAck = Math.max(...burst.map((b) => b.tAck));
  const finalShown = (seen: Seen[]) => {
    const s = seen.at(-1)?.state;
    return !!s && itemMatches(s, FIRST.name, expectedFirst);
  };
  await waitUntil(
    () => finalShown(sse.events) && finalShown(polling.results),
    10_000,
    "both projectors to show item 1's final counts",
  );
  await sleep(PROJECTOR_POLL_MS + 500); // anything arriving late would show here
  const cpuBurst = cpuMs(pid) - cpuBurst0;
  const burstWall = now() - tBurst;
  const memEnd = memoryMiB(pid);
  const cpuTotal = cpuMs(pid) - cpuStart;

  const burstSeen = (seen: Seen[]) => seen.filter((s) => s.t >= tBurst);
  const maxFirst = (seen: Seen[]) =>
    Math.max(
      0,
      ...burstSeen(seen).map((s) => s.state.items.find((i) => i.name === FIRST.name)?.answers ?? 0),
    );
  const finalAt = {
    sse: timeToFinal(sse.events, tBurst, expectedFirst),
    polling: timeToFinal(polling.results, tBurst, expectedFirst),
  };
  const shownFirst = (seen: Seen[]) => {
    const live = seen.at(-1)?.state.items.find((i) => i.name === FIRST.name);
    return live
      ? {
          answers: live.answers,
          choices: Object.fromEntries((live.choices ?? []).map((c) => [c.value, c.n])),
        }
      : null;
  };
  check(
    `burst: ${PHONES} replacements acknowledged (302 "réponse changée")`,
    burst.every((b) => b.replaced),
    burst
      .filter((b) => !b.replaced)
      .map((b) => b.status)
      .join(", "),
  );
  check(
    `burst: item 1 counts exactly ${PHONES} answers on both projectors, never more`,
    maxFirst(sse.events) === PHONES &&
      maxFirst(polling.results) === PHONES &&
      lastSse()?.items[0]?.answers === PHONES &&
      lastPoll()?.items[0]?.answers === PHONES,
    `max seen: SSE ${maxFirst(sse.events)}, polling ${maxFirst(polling.results)}`,
  );
  const allMatch = (s: LiveState | undefined) =>
    !!s && ITEMS.every((i) => itemMatches(s, i.name, expected[i.name]!));
  check(
    "final counts on both projectors = what the phones sent (all 6 items)",
    allMatch(lastSse()) && allMatch(lastPoll()) && finalAt.sse !== null && finalAt.polling !== null,
  );

  // 5. Close; the stream ends, the polling stops.
  const closed = await http("facilitator close", `${base_}?index`, {
    method: "POST",
    headers: facilitator,
    body: new URLSearchParams({ intent: "close", _csrf: csrf }),
  });
  await closed.text();
  const tClose = now();
  const streamEnded = await waitUntil(
    () => sse.endedAt !== null || sse.error !== null,
    5000,
    "the stream to end",
  );
  await waitUntil(
    () => lastPoll()?.status === "closed",
    PROJECTOR_POLL_MS * 2 + 2000,
    "the polling projector to see the close",
  );
  polling.stopped = true;
  check(
    "after the close: the stream ends, polling sees it",
    streamEnded && sse.error === null && lastSse()?.status === "closed" && lastPoll()?.status === "closed",
    `stream ended ${sse.endedAt !== null ? round(sse.endedAt - tClose) + " ms after the close" : "no"}${sse.error ? `, error ${sse.error}` : ""}`,
  );
  if (!streamEnded) sseAbort.abort();
  await Promise.all([streamDone, polling.done]);

  // The database, read-only: one row per phone and item, one per phone.
  const sqlite = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  const n = (sql: string) => (sqlite.prepare(sql).get(sessionId) as { n: number }).n;
  const dbAnswers = n("select count(*) as n from council_answer where session_id = ?");
  const dbParticipants = n("select count(*) as n from council_participant where session_id = ?");
  const dbRows = sqlite
    .prepare(
      "select question, value, count(*) as n from council_answer where session_id = ? group by question, value",
    )
    .all(sessionId) as { question: string; value: string; n: number }[];
  sqlite.close();
  const dbMatches = ITEMS.every((i) =>
    i.values.every(
      (v) => (dbRows.find((r) => r.question === i.name && r.value === v)?.n ?? 0) === expected[i.name]![v],
    ),
  );
  check(
    `database: ${expectedAnswers} answers, ${PHONES} participants, counts = what the phones sent`,
    dbAnswers === expectedAnswers && dbParticipants === PHONES && dbMatches,
    `council_answer ${dbAnswers}, council_participant ${dbParticipants}`,
  );
  check(
    "no response outside 2xx/3xx, no network error",
    badResponses.length === 0,
    badResponses.slice(0, 5).join("; "),
  );
  check("phones: no error", phoneErrors.length === 0, phoneErrors.slice(0, 5).join("; "));
  const serverErrors = serverLog.filter((l) => /error/i.test(l));
  check("server logged no error", serverErrors.length === 0, serverErrors.slice(0, 3).join("; "));
  loopDelay.disable();

  // 6. Report.
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: { before: Number(loadBefore[0]!.toFixed(2)), after: Number(os.loadavg()[0]!.toFixed(2)) },
    clockTicks,
    phones: PHONES,
    items: ITEMS.length,
    seed: SEED,
    thinkMs: THINK_MS,
    sessionId,
    join: { lastJoinedAfterMs: round(joinedIn) },
    waiting: {
      wallMs: round(waitingWall),
      serverCpuMs: round(cpuWaiting),
      serverCpuShare: Number((cpuWaiting / waitingWall).toFixed(3)),
      phoneWaitingPollsBeforeOpen: waitingPollsBefore,
    },
    openToQuestionMs: stats(openToQuestion),
    projectorShowsOpenMs: { sse: projectorOpen(sse.events), polling: projectorOpen(polling.results) },
    answers: {
      acknowledged: acks.length,
      expected: expectedAnswers,
      spanMs: round(lastAckAt - tOpen),
      ackMs: stats(answerAcks),
      toProjectorMs: { sse: sseLatency, polling: pollLatency },
    },
    burst: {
      ackMs: stats(burst.map((b) => b.ack)),
      replaced: burst.filter((b) => b.replaced).length,
      expectedItem1: expectedFirst,
      beforeItem1: answeringCounts[FIRST.name],
      shownItem1: { sse: shownFirst(sse.events), polling: shownFirst(polling.results) },
      maxItem1AnswersSeen: { sse: maxFirst(sse.events), polling: maxFirst(polling.results) },
      finalShownAfterBurstStartMs: {
        sse: finalAt.sse === null ? null : round(finalAt.sse - tBurst),
        polling: finalAt.polling === null ? null : round(finalAt.polling - tBurst),
      },
      finalShownAfterLastAckMs: {
        sse: finalAt.sse === null ? null : round(finalAt.sse - lastBurstAck),
        polling: finalAt.polling === null ? null : round(finalAt.polling - lastBurstAck),
      },
    },
    server: {
      cpuMs: {
        answeringPhase: round(cpuAnswering),
        answeringWallMs: round(answeringWall),
        answeringCpuShare: Number((cpuAnswering / answeringWall).toFixed(3)),
        burst: round(cpuBurst),
        burstWallMs: round(burstWall),
        wholeRun: round(cpuTotal),
      },
      rssMiB: { start: memStart.rss, end: memEnd.rss, peak: memEnd.peak },
      stderrLines: serverLog.length,
    },
    client: {
      cpuMsAnsweringPhase: round((client.user + client.system) / 1000),
      eventLoopDelayMs: { p99: round(loopDelay.percentile(99) / 1e6), max: round(loopDelay.max / 1e6) },
    },
    transport: {
      sseEvents: sse.events.length,
      sseComments: sse.comments,
      pollResults: polling.results.length,
      requests: requestCount,
      statusCounts,
      badResponses,
    },
    database: { answers: dbAnswers, participants: dbParticipants },
    checks,
  };

  const ms = (x: number | null) => (x === null || !Number.isFinite(x) ? "—" : `${x} ms`);
  console.log(
    `\nYouth council live updates: ${PHONES} phones × ${ITEMS.length} items, seed ${SEED}, think ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s, loopback, ${os.cpus().length} cores, Node ${process.version}; load average (1 min) ${result.loadAverage1m.before} before, ${result.loadAverage1m.after} after`,
  );
  console.log(
    `Open → question on the phones (waiting poll every ${WAITING_POLL_MS / 1000} s): p50 ${ms(result.openToQuestionMs.p50)}, p95 ${ms(result.openToQuestionMs.p95)}, max ${ms(result.openToQuestionMs.max)}; projector saw the open: SSE ${ms(result.projectorShowsOpenMs.sse)}, polling ${ms(result.projectorShowsOpenMs.polling)}`,
  );
  console.log(
    `Answers: ${acks.length}/${expectedAnswers} acknowledged over ${(result.answers.spanMs / 1000).toFixed(1)} s; ack p50 ${ms(result.answers.ackMs.p50)}, p95 ${ms(result.answers.ackMs.p95)}, max ${ms(result.answers.ackMs.max)}`,
  );
  console.log("Acknowledged answer → shown on the projector:");
  console.table({
    "SSE (/direct)": {
      answers: acks.length,
      "p50 ms": sseLatency.p50,
      "p95 ms": sseLatency.p95,
      "max ms": sseLatency.max,
      "< 2 s": `${(sseLatency.under2sShare * 100).toFixed(1)} %`,
      missing: sseLatency.missing,
      "shown before ack": sseLatency.shownBeforeAck,
      "events/results": sse.events.length,
    },
    "polling (/etat, 1.5 s)": {
      answers: acks.length,
      "p50 ms": pollLatency.p50,
      "p95 ms": pollLatency.p95,
      "max ms": pollLatency.max,
      "< 2 s": `${(pollLatency.under2sShare * 100).toFixed(1)} %`,
      missing: pollLatency.missing,
      "shown before ack": pollLatency.shownBeforeAck,
      "events/results": polling.results.length,
    },
  });
  console.log(
    `Burst: ${PHONES} phones change item 1 at once: ack p50 ${ms(result.burst.ackMs.p50)}, p95 ${ms(result.burst.ackMs.p95)}, max ${ms(result.burst.ackMs.max)}; ${result.burst.replaced}/${PHONES} "réponse changée"`,
  );
  console.log(
    `  item 1 expected ${JSON.stringify(expectedFirst)} (before: ${JSON.stringify(result.burst.beforeItem1)}); projector SSE ${JSON.stringify(result.burst.shownItem1.sse)}, polling ${JSON.stringify(result.burst.shownItem1.polling)}`,
  );
  console.log(
    `  final counts shown after burst start: SSE ${ms(result.burst.finalShownAfterBurstStartMs.sse)}, polling ${ms(result.burst.finalShownAfterBurstStartMs.polling)} (after the last ack: SSE ${ms(result.burst.finalShownAfterLastAckMs.sse)}, polling ${ms(result.burst.finalShownAfterLastAckMs.polling)})`,
  );
  console.log(
    `Server: CPU ${result.server.cpuMs.answeringPhase} ms over the ${(answeringWall / 1000).toFixed(1)} s answering phase (${(result.server.cpuMs.answeringCpuShare * 100).toFixed(1)} % of one core), ${result.server.cpuMs.burst} ms over the burst's ${(burstWall / 1000).toFixed(1)} s window, ${result.waiting.serverCpuMs} ms over ${(waitingWall / 1000).toFixed(1)} s of waiting with ${PHONES} phones polling (${(result.waiting.serverCpuShare * 100).toFixed(1)} %); RSS ${memStart.rss} → ${memEnd.rss} MiB (peak ${memEnd.peak} MiB)`,
  );
  console.log(
    `Transport: ${sse.events.length} SSE events, ${polling.results.length} poll results, ${requestCount} requests, ${badResponses.length} outside 2xx/3xx. Client: ${result.client.cpuMsAnsweringPhase} ms CPU in the answering phase, event-loop delay p99 ${result.client.eventLoopDelayMs.p99} ms, max ${result.client.eventLoopDelayMs.max} ms`,
  );
  console.log(`Database: council_answer ${dbAnswers}, council_participant ${dbParticipants}`);
  for (const c of checks)
    console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name}${c.detail ? ` (${c.detail})` : ""}`);

  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  const out = path.join(
    root,
    "bench/results",
    `council-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  );
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`Written to ${path.relative(root, out)}`);
  if (checks.some((c) => !c.ok)) {
    console.error("Some checks failed.");
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  aborted = true;
  for (const p of phones) p.stopWaiting();
  polling.stopped = true;
  sseAbort.abort();
  if (server) await stop(server);
  fs.rmSync(work, { recursive: true, force: true });
}
