// `npm run bench:phone`: how the respondent's first two pages feel on a slow phone (issue 5).
//
// Chromium (Debian's /usr/bin/chromium, through Playwright) on a 360×740 touch screen, throttled
// with the Chrome DevTools Protocol: Network.emulateNetworkConditions (400 ms added to every
// request, 50,000 bytes/s = 400 kbit/s down and up) and Emulation.setCPUThrottlingRate (4× slower).
// Each visit uses a fresh browser context, so the cache is empty (first visit); a second series
// reuses one primed context per page (repeat visit: hashed assets come from the cache).
//
// Pages and what is measured (all times in ms from the navigation start of the page visited):
//
// Landing `/s/<slug>`, two kinds of visit:
//   - looking (no tap): bytes transferred by type, First Contentful Paint, when the link to the
//     parent questionnaire is rendered, "usable" = the later of the two (the page is server
//     rendered and the link is a plain <a href>, so it works from its first paint, before any
//     JavaScript), when React has hydrated that link, the `load` event;
//   - tapping: the link is scrolled into view and tapped as soon as it is rendered; "answers a
//     tap" = from the tap to the first request for the next page (its document, its `.data` or
//     its route module), and from the tap to the next page's "Commencer" link being rendered.
// Survey `/s/<slug>/questionnaire/parent`: bytes by type, FCP, the page heading, hydration,
// "first question visible" = the later of FCP and the first question's title being rendered,
// then its first choice is tapped as soon as it is rendered and "interactive" = when that choice
// shows as selected (SurveyJS's `sd-item--checked` on the item and the radio checked); the
// `load` event; main-thread long tasks before the first question.
//
// "Rendered" is checked in the page at every animation frame (requestAnimationFrame, which only
// runs once rendering is no longer blocked by the stylesheet): the element has a non-empty box
// and is not hidden (checkVisibility). Bytes are the sum of Network.loadingFinished
// encodedDataLength (headers included, as DevTools shows them).
//
// Prints medians and every run against the targets of issue 5 (landing usable < 2 s, first
// question < 3 s, interactive < 10 s) and writes JSON to bench/results/phone-<label>-<time>.json.
//
//   npx tsx bench/phone.ts [--label now] [--runs 3] [--no-repeat] [--port 3400]
//                          [--build | --no-build] [--url http://host:port] [--slug demo]
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BrowserContext, type CDPSession, chromium, type Page } from "@playwright/test";

const { values: args } = parseArgs({
  options: {
    label: { type: "string", default: "now" },
    runs: { type: "string", default: "3" },
    port: { type: "string", default: "3400" },
    url: { type: "string" },
    slug: { type: "string", default: "demo" },
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    "no-repeat": { type: "boolean", default: false },
    "no-waterfall": { type: "boolean", default: false },
  },
});

const RUNS = Number(args.runs);
const SLUG = args.slug!;
const LABEL = args.label!.replace(/[^\w.-]+/g, "_");
const root = path.resolve(import.meta.dirname, "..");

/** The slow phone of issue 5. */
const PROFILE = {
  latencyMs: 400,
  downloadBytesPerSecond: 50_000,
  uploadBytesPerSecond: 50_000,
  cpuSlowdown: 4,
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
} as const;

/** Targets of issue 5 (ms), checked on the medians of the first visits. */
const TARGETS = { landingUsable: 2000, firstQuestion: 3000, interactive: 10_000 } as const;

const LANDING_PATH = `/s/${SLUG}`;
const PARENT_PATH = `/s/${SLUG}/parent`;
const SURVEY_PATH = `/s/${SLUG}/questionnaire/parent`;

/** Milliseconds since the Unix epoch, sub-millisecond (comparable with the page's clock). */
const epoch = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// In the page

type TargetKind = "rendered" | "hydrated" | "present";
interface Target {
  name: string;
  selector: string;
  kind: TargetKind;
  /** Scroll it into view when rendered and report where to tap it. */
  tap?: boolean;
}

/**
 * Runs first in every document (as a string: tsx's helpers must not leak into the page).
 * Sends marks to `window.__phoneMark` with an epoch time: navigation start, FCP, long tasks,
 * DOMContentLoaded, load, and the first animation frame at which each target is rendered,
 * hydrated (React's props on the element) or present.
 */
function pageScript(targets: Target[]): string {
  return `(${String.raw`function (targets) {
  if (window !== window.top || location.protocol === "about:") return;
  var queue = [];
  var now = function () { return performance.timeOrigin + performance.now(); };
  var flush = function () {
    var f = window.__phoneMark;
    if (typeof f !== "function") return;
    while (queue.length) f(queue.shift());
  };
  var send = function (m) { m.path = location.pathname; queue.push(m); flush(); };
  send({ name: "navStart", at: performance.timeOrigin });
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        if (e.name === "first-contentful-paint") send({ name: "fcp", at: performance.timeOrigin + e.startTime });
      });
    }).observe({ type: "paint", buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        send({ name: "longtask", at: performance.timeOrigin + e.startTime, dur: e.duration });
      });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () { send({ name: "domContentLoaded", at: now() }); });
  window.addEventListener("load", function () { send({ name: "load", at: now() }); });
  var seen = {};
  var rendered = function (el) {
    var r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return null;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    return r;
  };
  var started = performance.now();
  var tick = function () {
    flush();
    var pending = 0;
    targets.forEach(function (t) {
      if (seen[t.name]) return;
      pending++;
      var el = document.querySelector(t.selector);
      if (!el) return;
      if (t.kind === "present") {
        seen[t.name] = true;
        send({ name: t.name, at: now() });
      } else if (t.kind === "hydrated") {
        if (Object.keys(el).some(function (k) { return k.indexOf("__reactProps$") === 0; })) {
          seen[t.name] = true;
          send({ name: t.name, at: now() });
        }
      } else {
        var r = rendered(el);
        if (!r) return;
        var at = now();
        seen[t.name] = true;
        var m = { name: t.name, at: at };
        if (t.tap) {
          if (r.top < 0 || r.bottom > window.innerHeight) {
            el.scrollIntoView({ block: "center", behavior: "instant" });
            r = el.getBoundingClientRect();
            m.scrolled = true;
          }
          m.x = r.left + r.width / 2;
          m.y = r.top + r.height / 2;
        }
        send(m);
      }
    });
    if (pending > 0 && performance.now() - started < 180000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}`})(${JSON.stringify(targets)});`;
}

// ---------------------------------------------------------------------------
// One visit

interface Mark {
  name: string;
  at: number;
  path: string;
  dur?: number;
  x?: number;
  y?: number;
  scrolled?: boolean;
}

interface Req {
  url: string;
  type: string;
  start: number;
  end: number | null;
  bytes: number;
  status: number | null;
  fromCache: boolean;
  failed: boolean;
}

/** What the page and the DevTools protocol said during one visit. */
class Visit {
  marks = new Map<string, Mark>();
  longTasks: { at: number; dur: number }[] = [];
  reqs = new Map<string, Req>();
  inflight = new Set<string>();
  lastActivity = epoch();
  /** CDP monotonic seconds → epoch ms. */
  private clockOffset: number | null = null;
  private listeners: (() => void)[] = [];

  onMark(m: Mark) {
    if (m.name === "longtask") this.longTasks.push({ at: m.at, dur: m.dur ?? 0 });
    else if (!this.marks.has(m.name)) this.marks.set(m.name, m);
    for (const l of [...this.listeners]) l();
  }

  toEpoch(monotonicSeconds: number): number {
    return monotonicSeconds * 1000 + (this.clockOffset ?? 0);
  }

  wire(session: CDPSession) {
    session.on("Network.requestWillBeSent", (e) => {
      if (this.clockOffset === null) this.clockOffset = e.wallTime * 1000 - e.timestamp * 1000;
      if (!this.reqs.has(e.requestId)) {
        this.reqs.set(e.requestId, {
          url: e.request.url,
          type: e.type ?? "Other",
          start: this.toEpoch(e.timestamp),
          end: null,
          bytes: 0,
          status: null,
          fromCache: false,
          failed: false,
        });
      } else if (e.redirectResponse) {
        this.reqs.get(e.requestId)!.bytes += e.redirectResponse.encodedDataLength;
      }
      this.inflight.add(e.requestId);
      this.lastActivity = epoch();
      for (const l of [...this.listeners]) l();
    });
    session.on("Network.responseReceived", (e) => {
      const r = this.reqs.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.fromCache = !!(e.response.fromDiskCache || e.response.fromPrefetchCache);
      if (e.type) r.type = e.type;
    });
    session.on("Network.requestServedFromCache", (e) => {
      const r = this.reqs.get(e.requestId);
      if (r) r.fromCache = true;
    });
    session.on("Network.loadingFinished", (e) => {
      const r = this.reqs.get(e.requestId);
      if (r) {
        r.end = this.toEpoch(e.timestamp);
        r.bytes += e.encodedDataLength;
      }
      this.inflight.delete(e.requestId);
      this.lastActivity = epoch();
    });
    session.on("Network.loadingFailed", (e) => {
      const r = this.reqs.get(e.requestId);
      if (r) {
        r.end = this.toEpoch(e.timestamp);
        r.failed = true;
      }
      this.inflight.delete(e.requestId);
      this.lastActivity = epoch();
    });
  }

  /** Resolves true when `test()` holds (checked on every mark and request), false after `timeoutMs`. */
  until(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!test()) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(ok);
      };
      this.listeners.push(check);
    });
  }

  mark(name: string, timeoutMs: number): Promise<Mark | null> {
    return this.until(() => this.marks.has(name), timeoutMs).then(() => this.marks.get(name) ?? null);
  }

  /** No request in flight for `quietMs` (or `timeoutMs` elapsed). */
  async idle(quietMs: number, timeoutMs: number) {
    const deadline = epoch() + timeoutMs;
    while (epoch() < deadline) {
      if (this.inflight.size === 0 && epoch() - this.lastActivity >= quietMs) return;
      await sleep(100);
    }
  }
}

const visits = new Map<Page, Visit>();

async function newContext(browser: import("@playwright/test").Browser, userAgent: string) {
  const context = await browser.newContext({
    viewport: PROFILE.viewport,
    deviceScaleFactor: PROFILE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    userAgent,
  });
  await context.exposeBinding("__phoneMark", (source, m: Mark) => {
    visits.get(source.page)?.onMark(m);
  });
  return context;
}

async function openThrottled(context: BrowserContext, targets: Target[], throttle = true) {
  const page = await context.newPage();
  await page.addInitScript(pageScript(targets));
  const visit = new Visit();
  visits.set(page, visit);
  const session = await context.newCDPSession(page);
  visit.wire(session);
  await session.send("Network.enable");
  if (throttle) {
    await session.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: PROFILE.latencyMs,
      downloadThroughput: PROFILE.downloadBytesPerSecond,
      uploadThroughput: PROFILE.uploadBytesPerSecond,
      connectionType: "cellular3g",
    });
    await session.send("Emulation.setCPUThrottlingRate", { rate: PROFILE.cpuSlowdown });
  }
  return { page, visit, session };
}

/** Taps the point of mark `name` as soon as it comes, until `answered()` (3 tries, 15 s each). */
async function tapWhenRendered(
  page: Page,
  visit: Visit,
  name: string,
  selector: string,
  answered: () => boolean,
  /** Filled with the time of each tap as it is sent. */
  taps: number[] = [],
): Promise<{ taps: number[]; scrolled: boolean } | null> {
  const m = await visit.mark(name, 120_000);
  if (!m || m.x === undefined || m.y === undefined) return null;
  let point = { x: m.x, y: m.y };
  for (let attempt = 0; attempt < 3; attempt++) {
    taps.push(epoch());
    await page.touchscreen.tap(point.x, point.y).catch(() => {});
    if (await visit.until(answered, 15_000)) break;
    const again = await page
      .evaluate(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null;
          el.scrollIntoView({ block: "center", behavior: "instant" }); const r = el.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
      )
      .catch(() => null);
    if (again) point = again as { x: number; y: number };
  }
  return { taps, scrolled: !!m.scrolled };
}

// ---------------------------------------------------------------------------
// Metrics

type Bytes = { total: number; document: number; script: number; stylesheet: number; other: number };

function bytesOf(reqs: Req[]): Bytes {
  const b: Bytes = { total: 0, document: 0, script: 0, stylesheet: 0, other: 0 };
  for (const r of reqs) {
    const kind =
      r.type === "Document"
        ? "document"
        : r.type === "Script"
          ? "script"
          : r.type === "Stylesheet"
            ? "stylesheet"
            : "other";
    b[kind] += r.bytes;
    b.total += r.bytes;
  }
  return b;
}

const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x));

function rel(visit: Visit, name: string, navStart: number): number | null {
  const m = visit.marks.get(name);
  return m ? round(m.at - navStart) : null;
}

function waterfall(reqs: Req[], navStart: number, base: string) {
  return reqs
    .slice()
    .sort((a, b) => a.start - b.start)
    .map((r) => ({
      url: r.url.startsWith(base) ? r.url.slice(base.length) : r.url,
      type: r.type,
      start: round(r.start - navStart),
      end: r.end === null ? null : round(r.end - navStart),
      bytes: r.bytes,
      status: r.status,
      cached: r.fromCache,
      failed: r.failed,
    }));
}

const LANDING_TARGETS: Target[] = [
  { name: "link", selector: `a[href="${PARENT_PATH}"]`, kind: "rendered", tap: true },
  { name: "linkHydrated", selector: `a[href="${PARENT_PATH}"]`, kind: "hydrated" },
  { name: "nextPage", selector: `a[href="${SURVEY_PATH}"]`, kind: "rendered" },
];
const SURVEY_TARGETS: Target[] = [
  { name: "heading", selector: "main h1", kind: "rendered" },
  { name: "hydrated", selector: "main h1", kind: "hydrated" },
  { name: "loading", selector: ".survey-loading", kind: "rendered" },
  { name: "question", selector: ".sd-question .sd-question__title", kind: "rendered" },
  { name: "choice", selector: ".sd-question label.sd-selectbase__label", kind: "rendered", tap: true },
  { name: "checked", selector: ".sd-question .sd-item--checked .sd-item__control:checked", kind: "present" },
];

/** Landing, looking only: bytes, paint, link rendered, hydration, load. */
async function landingLook(context: BrowserContext, base: string) {
  const { page, visit } = await openThrottled(context, LANDING_TARGETS);
  try {
    const nav = page
      .goto(base + LANDING_PATH, { waitUntil: "load", timeout: 180_000 })
      .catch((e: Error) => e);
    await visit.mark("linkHydrated", 120_000);
    await nav;
    await visit.mark("load", 60_000);
    await visit.idle(1000, 60_000);
    const navStart = visit.marks.get("navStart")?.at ?? NaN;
    const fcp = rel(visit, "fcp", navStart);
    const link = rel(visit, "link", navStart);
    const reqs = [...visit.reqs.values()];
    return {
      bytes: bytesOf(reqs),
      requests: reqs.length,
      cachedRequests: reqs.filter((r) => r.fromCache).length,
      fcp,
      linkRendered: link,
      usable: fcp === null || link === null ? null : Math.max(fcp, link),
      hydrated: rel(visit, "linkHydrated", navStart),
      domContentLoaded: rel(visit, "domContentLoaded", navStart),
      load: rel(visit, "load", navStart),
      longTasksMs: round(visit.longTasks.reduce((s, t) => s + t.dur, 0)),
      waterfall: waterfall(reqs, navStart, base),
    };
  } finally {
    visits.delete(page);
    await page.close().catch(() => {});
  }
}

/** Landing, tapping the parent link as soon as it is rendered. */
async function landingTap(context: BrowserContext, base: string) {
  const { page, visit } = await openThrottled(context, LANDING_TARGETS);
  try {
    const nav = page
      .goto(base + LANDING_PATH, { waitUntil: "load", timeout: 180_000 })
      .catch((e: Error) => e);
    const isNext = (r: Req) => {
      const p = new URL(r.url).pathname;
      return p === PARENT_PATH || p === `${PARENT_PATH}.data` || p.includes("/s._slug.parent-");
    };
    const taps: number[] = [];
    const nextReq = () => [...visit.reqs.values()].find((r) => r.start >= (taps[0] ?? Infinity) && isNext(r));
    const tapped = await tapWhenRendered(
      page,
      visit,
      "link",
      LANDING_TARGETS[0]!.selector,
      () => !!nextReq(),
      taps,
    );
    await visit.until(() => !!nextReq(), 30_000);
    await visit.mark("nextPage", 60_000);
    await Promise.race([nav, sleep(1000)]);
    const navStart = visit.marks.get("navStart")?.at ?? NaN;
    const next = nextReq();
    const nextPage = visit.marks.get("nextPage");
    return {
      linkRendered: rel(visit, "link", navStart),
      scrolled: tapped?.scrolled ?? null,
      taps: tapped?.taps.length ?? 0,
      tapAt: tapped ? round(tapped.taps[0]! - navStart) : null,
      tapToRequest: next && tapped ? round(next.start - tapped.taps[0]!) : null,
      nextRequest: next ? { url: new URL(next.url).pathname, type: next.type } : null,
      tapToNextPage: nextPage && tapped ? round(nextPage.at - tapped.taps[0]!) : null,
      hydratedBeforeTap: tapped ? (visit.marks.get("linkHydrated")?.at ?? Infinity) < tapped.taps[0]! : null,
    };
  } finally {
    visits.delete(page);
    await page.close().catch(() => {});
  }
}

/** Survey: first question rendered, its first choice tapped as soon as it is rendered. */
async function survey(context: BrowserContext, base: string) {
  const { page, visit } = await openThrottled(context, SURVEY_TARGETS);
  try {
    const nav = page.goto(base + SURVEY_PATH, { waitUntil: "load", timeout: 180_000 }).catch((e: Error) => e);
    const tapped = await tapWhenRendered(page, visit, "choice", SURVEY_TARGETS[4]!.selector, () =>
      visit.marks.has("checked"),
    );
    await nav;
    await visit.mark("load", 60_000);
    await visit.idle(1000, 60_000);
    // A repeat visit must not find this answer in the draft.
    await page.evaluate("localStorage.clear()").catch(() => {});
    const navStart = visit.marks.get("navStart")?.at ?? NaN;
    const fcp = rel(visit, "fcp", navStart);
    const question = rel(visit, "question", navStart);
    const checked = visit.marks.get("checked");
    const reqs = [...visit.reqs.values()];
    const surveyCode = reqs.find((r) => /\/SurveyForm\.client-[^/]*\.js$/.test(r.url));
    const questionAt = visit.marks.get("question")?.at ?? Infinity;
    return {
      bytes: bytesOf(reqs),
      requests: reqs.length,
      cachedRequests: reqs.filter((r) => r.fromCache).length,
      fcp,
      heading: rel(visit, "heading", navStart),
      loadingShown: rel(visit, "loading", navStart),
      hydrated: rel(visit, "hydrated", navStart),
      surveyCodeRequested: surveyCode ? round(surveyCode.start - navStart) : null,
      surveyCodeReceived: surveyCode?.end ? round(surveyCode.end - navStart) : null,
      firstQuestion: fcp === null || question === null ? null : Math.max(fcp, question),
      choiceRendered: rel(visit, "choice", navStart),
      taps: tapped?.taps.length ?? 0,
      tapAt: tapped ? round(tapped.taps[0]! - navStart) : null,
      tapToChecked: checked && tapped ? round(checked.at - tapped.taps[0]!) : null,
      interactive: checked ? round(checked.at - navStart) : null,
      domContentLoaded: rel(visit, "domContentLoaded", navStart),
      load: rel(visit, "load", navStart),
      longTasksBeforeQuestionMs: round(
        visit.longTasks.filter((t) => t.at < questionAt).reduce((s, t) => s + t.dur, 0),
      ),
      longestTaskMs: round(Math.max(0, ...visit.longTasks.map((t) => t.dur))),
      waterfall: waterfall(reqs, navStart, base),
    };
  } finally {
    visits.delete(page);
    await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Printing

function median(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : Math.round((v[mid - 1]! + v[mid]!) / 2);
}

interface Row {
  label: string;
  values: (number | null)[];
  unit: "ms" | "kB" | "n";
  target?: number;
}

function printTable(title: string, rows: Row[]) {
  const runs = Math.max(...rows.map((r) => r.values.length));
  const fmt = (x: number | null, unit: Row["unit"]) =>
    x === null ? "–" : unit === "kB" ? (x / 1000).toFixed(1) : String(Math.round(x));
  const head = ["", "median", ...Array.from({ length: runs }, (_, i) => `run ${i + 1}`), "target"];
  const body = rows.map((r) => {
    const med = median(r.values);
    let target = "";
    if (r.target !== undefined) {
      const ok = r.values.filter((x) => x !== null && x < r.target!).length;
      target = `< ${r.target} ${med !== null && med < r.target ? "PASS" : "FAIL"} (${ok}/${r.values.length})`;
    }
    return [`${r.label} (${r.unit})`, fmt(med, r.unit), ...r.values.map((x) => fmt(x, r.unit)), target];
  });
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((line) => (line[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ");
  console.log(`\n${title}`);
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

function bytesRows(runs: { bytes: Bytes; requests: number; cachedRequests: number }[]): Row[] {
  return [
    { label: "bytes transferred", values: runs.map((r) => r.bytes.total), unit: "kB" },
    { label: "  document", values: runs.map((r) => r.bytes.document), unit: "kB" },
    { label: "  script", values: runs.map((r) => r.bytes.script), unit: "kB" },
    { label: "  stylesheet", values: runs.map((r) => r.bytes.stylesheet), unit: "kB" },
    { label: "  other", values: runs.map((r) => r.bytes.other), unit: "kB" },
    { label: "requests", values: runs.map((r) => r.requests), unit: "n" },
    { label: "  from cache", values: runs.map((r) => r.cachedRequests), unit: "n" },
  ];
}

type LandingLook = Awaited<ReturnType<typeof landingLook>>;
type LandingTap = Awaited<ReturnType<typeof landingTap>>;
type SurveyRun = Awaited<ReturnType<typeof survey>>;

function printLanding(title: string, look: LandingLook[], tap: LandingTap[], withTargets: boolean) {
  printTable(title, [
    ...bytesRows(look),
    { label: "first contentful paint", values: look.map((r) => r.fcp), unit: "ms" },
    { label: "parent link rendered", values: look.map((r) => r.linkRendered), unit: "ms" },
    {
      label: "USABLE = max(FCP, link)",
      values: look.map((r) => r.usable),
      unit: "ms",
      target: withTargets ? TARGETS.landingUsable : undefined,
    },
    { label: "link hydrated (React)", values: look.map((r) => r.hydrated), unit: "ms" },
    { label: "DOMContentLoaded", values: look.map((r) => r.domContentLoaded), unit: "ms" },
    { label: "load event", values: look.map((r) => r.load), unit: "ms" },
    { label: "long tasks, total", values: look.map((r) => r.longTasksMs), unit: "ms" },
    { label: "tap sent at [tap runs]", values: tap.map((r) => r.tapAt), unit: "ms" },
    { label: "ANSWERS TAP: tap → next request", values: tap.map((r) => r.tapToRequest), unit: "ms" },
    { label: "tap → next page rendered", values: tap.map((r) => r.tapToNextPage), unit: "ms" },
  ]);
  const kinds = tap.map((r) => `${r.nextRequest?.type ?? "none"}${r.hydratedBeforeTap ? " (hydrated)" : ""}`);
  console.log(
    `  next page requested as: ${kinds.join(", ")}; taps needed: ${tap.map((r) => r.taps).join(", ")}`,
  );
}

function printSurvey(title: string, runs: SurveyRun[], withTargets: boolean) {
  printTable(title, [
    ...bytesRows(runs),
    { label: "first contentful paint", values: runs.map((r) => r.fcp), unit: "ms" },
    { label: "page heading rendered", values: runs.map((r) => r.heading), unit: "ms" },
    { label: '"Chargement…" rendered', values: runs.map((r) => r.loadingShown), unit: "ms" },
    { label: "hydrated (React)", values: runs.map((r) => r.hydrated), unit: "ms" },
    { label: "SurveyForm chunk requested", values: runs.map((r) => r.surveyCodeRequested), unit: "ms" },
    { label: "SurveyForm chunk received", values: runs.map((r) => r.surveyCodeReceived), unit: "ms" },
    {
      label: "FIRST QUESTION VISIBLE",
      values: runs.map((r) => r.firstQuestion),
      unit: "ms",
      target: withTargets ? TARGETS.firstQuestion : undefined,
    },
    { label: "choice tapped at", values: runs.map((r) => r.tapAt), unit: "ms" },
    { label: "tap → choice shown selected", values: runs.map((r) => r.tapToChecked), unit: "ms" },
    {
      label: "INTERACTIVE = choice selected",
      values: runs.map((r) => r.interactive),
      unit: "ms",
      target: withTargets ? TARGETS.interactive : undefined,
    },
    { label: "DOMContentLoaded", values: runs.map((r) => r.domContentLoaded), unit: "ms" },
    { label: "load event", values: runs.map((r) => r.load), unit: "ms" },
    { label: "long tasks before question", values: runs.map((r) => r.longTasksBeforeQuestionMs), unit: "ms" },
    { label: "longest task", values: runs.map((r) => r.longestTaskMs), unit: "ms" },
  ]);
  console.log(`  taps needed: ${runs.map((r) => r.taps).join(", ")}`);
}

function printWaterfall(title: string, rows: ReturnType<typeof waterfall>) {
  console.log(`\n${title} (ms from navigation start, kB transferred)`);
  for (const r of rows) {
    const span = `${String(r.start ?? "?").padStart(6)} → ${String(r.end ?? "…").padStart(6)}`;
    const url = r.url.length > 70 ? `${r.url.slice(0, 67)}…` : r.url;
    console.log(
      `  ${span}  ${(r.bytes / 1000).toFixed(1).padStart(7)}  ${r.type.padEnd(10)} ${url}${r.cached ? " (cache)" : ""}${r.failed ? " (failed)" : ""}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Server

function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      fetch(url)
        .then((r) => (r.ok ? resolve() : retry()))
        .catch(retry);
    };
    const retry = () =>
      Date.now() > deadline ? reject(new Error(`${url} did not answer`)) : setTimeout(tick, 200);
    tick();
  });
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function git(cmd: string): string | null {
  try {
    return execSync(`git ${cmd}`, { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Main

let server: ChildProcess | null = null;
let work: string | null = null;
let base = args.url?.replace(/\/+$/, "");
if (!base) {
  const built = fs.existsSync(path.join(root, "build/server/index.js"));
  if (args.build || (!built && !args["no-build"])) {
    console.log("Building the app (npm run build)…");
    execSync("npm run build", { cwd: root, stdio: "inherit" });
  } else if (!built) {
    throw new Error("No build (build/server/index.js) and --no-build given.");
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-phone-"));
  const port = Number(args.port);
  server = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: path.join(work, "app.db"),
      DEMO_DATA: "true",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  base = `http://127.0.0.1:${port}`;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
  ],
});

try {
  await waitFor(`${base}/healthz`);
  for (const p of [LANDING_PATH, PARENT_PATH, SURVEY_PATH]) {
    const res = await fetch(base + p);
    if (!res.ok) throw new Error(`${p} answered ${res.status}: is there an open campaign "${SLUG}"?`);
    await res.arrayBuffer();
  }
  // An Android phone's Chrome; the headless user agent counts as a bot for the server (isbot),
  // which then renders whole pages instead of streaming them.
  const major = browser.version().split(".")[0];
  const userAgent = `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Mobile Safari/537.36`;

  // Warm the browser and the server (not measured, not throttled).
  {
    const context = await newContext(browser, userAgent);
    for (const targets of [LANDING_TARGETS, SURVEY_TARGETS]) {
      const { page } = await openThrottled(context, targets, false);
      await page.goto(base + (targets === LANDING_TARGETS ? LANDING_PATH : SURVEY_PATH), {
        waitUntil: "load",
      });
      visits.delete(page);
      await page.close();
    }
    await context.close();
  }

  const loadBefore = os.loadavg();
  console.log(
    `Slow phone: ${PROFILE.latencyMs} ms added per request, ${(PROFILE.downloadBytesPerSecond * 8) / 1000} kbit/s down, ` +
      `${(PROFILE.uploadBytesPerSecond * 8) / 1000} kbit/s up, CPU ${PROFILE.cpuSlowdown}× slower, ` +
      `${PROFILE.viewport.width}×${PROFILE.viewport.height}; Chromium ${browser.version()}; ${base}; ${RUNS} runs each.`,
  );

  /** Each call in a fresh context (empty cache). */
  const cold = async <T>(fn: (c: BrowserContext, base: string) => Promise<T>, what: string): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < RUNS; i++) {
      process.stdout.write(`  ${what}, first visit ${i + 1}/${RUNS}…\n`);
      const context = await newContext(browser, userAgent);
      try {
        out.push(await fn(context, base!));
      } finally {
        await context.close();
      }
    }
    return out;
  };
  /** One context primed by one unmeasured visit, then the measured visits. */
  const warm = async <T>(fn: (c: BrowserContext, base: string) => Promise<T>, what: string): Promise<T[]> => {
    const out: T[] = [];
    const context = await newContext(browser, userAgent);
    try {
      process.stdout.write(`  ${what}, priming the cache…\n`);
      await fn(context, base!);
      for (let i = 0; i < RUNS; i++) {
        process.stdout.write(`  ${what}, repeat visit ${i + 1}/${RUNS}…\n`);
        out.push(await fn(context, base!));
      }
    } finally {
      await context.close();
    }
    return out;
  };

  const results = {
    first: {
      landingLook: await cold(landingLook, "landing"),
      landingTap: await cold(landingTap, "landing + tap"),
      survey: await cold(survey, "survey + tap"),
    },
    repeat: args["no-repeat"]
      ? null
      : {
          landingLook: await warm(landingLook, "landing"),
          landingTap: await warm(landingTap, "landing + tap"),
          survey: await warm(survey, "survey + tap"),
        },
  };

  if (!args["no-waterfall"]) {
    printWaterfall(`Landing ${LANDING_PATH}, first visit, run 1`, results.first.landingLook[0]!.waterfall);
    printWaterfall(`Survey ${SURVEY_PATH}, first visit, run 1`, results.first.survey[0]!.waterfall);
  }
  printLanding(
    `Landing ${LANDING_PATH} — first visit (empty cache)`,
    results.first.landingLook,
    results.first.landingTap,
    true,
  );
  printSurvey(`Survey ${SURVEY_PATH} — first visit (empty cache)`, results.first.survey, true);
  if (results.repeat) {
    printLanding(
      `Landing ${LANDING_PATH} — repeat visit (cache primed)`,
      results.repeat.landingLook,
      results.repeat.landingTap,
      false,
    );
    printSurvey(`Survey ${SURVEY_PATH} — repeat visit (cache primed)`, results.repeat.survey, false);
  }

  const summary = {
    landingUsable: median(results.first.landingLook.map((r) => r.usable)),
    landingTapToRequest: median(results.first.landingTap.map((r) => r.tapToRequest)),
    firstQuestion: median(results.first.survey.map((r) => r.firstQuestion)),
    interactive: median(results.first.survey.map((r) => r.interactive)),
  };
  const verdict = {
    landingUsable: summary.landingUsable !== null && summary.landingUsable < TARGETS.landingUsable,
    firstQuestion: summary.firstQuestion !== null && summary.firstQuestion < TARGETS.firstQuestion,
    interactive: summary.interactive !== null && summary.interactive < TARGETS.interactive,
  };
  const loadAfter = os.loadavg();
  if (Math.max(loadBefore[0]!, loadAfter[0]!) > os.cpus().length)
    console.log(
      `\nNote: the machine was busy (1-minute load ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)} on ${os.cpus().length} cores): CPU-bound times are pessimistic.`,
    );
  console.log(
    `\nTargets (medians, first visit): landing usable ${summary.landingUsable} ms < ${TARGETS.landingUsable} ${verdict.landingUsable ? "PASS" : "FAIL"}; ` +
      `first question ${summary.firstQuestion} ms < ${TARGETS.firstQuestion} ${verdict.firstQuestion ? "PASS" : "FAIL"}; ` +
      `interactive ${summary.interactive} ms < ${TARGETS.interactive} ${verdict.interactive ? "PASS" : "FAIL"}.`,
  );

  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = path.join(root, "bench/results", `phone-${LABEL}-${stamp}.json`);
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        label: LABEL,
        date: new Date().toISOString(),
        commit: git("rev-parse HEAD"),
        uncommittedChanges: (git("status --porcelain --untracked-files=no") ?? "") !== "",
        base,
        chromium: browser.version(),
        node: process.version,
        cpus: os.cpus().length,
        // Other work on the machine slows the throttled CPU further: kept to judge a run.
        loadAverage1m: { before: loadBefore[0], after: loadAfter[0] },
        runs: RUNS,
        profile: PROFILE,
        targets: TARGETS,
        summary,
        verdict,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  if (server) await stop(server);
  if (work) fs.rmSync(work, { recursive: true, force: true });
}
