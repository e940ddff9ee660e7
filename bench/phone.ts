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
//     tap" = from the tap to the first request for the next page (its document, its `?_data=`
//     requests or its route module), and from the tap to the next page's "Commencer" link being rendered.
// Survey `/s/<slug>/questionnaire/parent`: bytes by type, FCP, the page heading, hydration, when
// the SurveyJS chunk (`SurveyForm.client`) is requested and received, and since 6caf7ad (the
// server draws the first question as plain HTML, `form[data-first-question]`, answerable before
// SurveyJS arrives, and hands the tapped answer over to SurveyJS):
//   - "preview question visible" = the later of FCP and the preview's `.first-question-title`
//     being rendered; "SurveyJS question visible" = the later of FCP and SurveyJS's question
//     title being rendered; FIRST QUESTION VISIBLE = the earlier of the two;
//   - the first choice of whichever first question is rendered first (the preview's native radio,
//     else SurveyJS's) is tapped as soon as it is rendered and the page has painted (FCP);
//     INTERACTIVE = when the tapped radio is checked (native `checked` for the preview; for
//     SurveyJS, `sd-item--checked` on the item and its radio checked), with the delay from the tap;
//   - HANDED OVER = when SurveyJS shows the first question with the answer tapped on the preview
//     selected (`.sd-question input[type=radio]:checked` has the tapped value); a run where
//     SurveyJS shows its question without that answer (checked within 3 s) counts as LOST, a
//     failure;
//   - "SurveyJS interactive" (the old definition of interactive, kept to compare): once SurveyJS
//     has shown its question (and the hand-over was judged), a choice it does not show selected is
//     tapped and measured until SurveyJS shows it selected;
//   - a tap on a radio that lands on something else (the page tells where each click lands: the
//     layout moved between the frame the choice was seen in and the tap being handled) is tapped
//     again at once where the choice now is; delays count from the first tap, misses are printed;
//   - the `load` event; main-thread long tasks before the first question, and before SurveyJS's.
//
// Tap-through (issue 14, decision 031), first visits only: one tab from the landing, the parent
// link, the parent page's start link, the first question's first choice and "Suivant" (the drawn
// pages', else SurveyJS's) each tapped as soon as rendered; QUESTION 2 = from the tap on the
// answer to question 2 (the second page's question) rendered, target < 1 s. `--tap-through-only`
// runs it alone.
//
// "Rendered" is checked in the page at every animation frame (requestAnimationFrame, which only
// runs once rendering is no longer blocked by the stylesheet): the element has a non-empty box
// and is not hidden (checkVisibility). Bytes are the sum of Network.loadingFinished
// encodedDataLength (headers included, as DevTools shows them).
//
// Service workers are blocked (--service-worker allows them): the offline worker of 3a433a7
// fetches in its own target, out of reach of the page's throttling, so with it a repeat visit's
// page would arrive unthrottled. Repeat visits then use the HTTP cache, as before that commit.
//
// The server (unless --url) runs from a copy of build/ taken at start, in tmp/: others' builds
// (the e2e tests build into build/) must not change the assets under a run.
//
// Prints medians and every run against the targets of issue 5 (landing usable < 2 s, first
// question < 3 s, interactive < 10 s; judged on the definitions above, which count the preview),
// with the 1-minute load average sampled during the runs, and writes JSON to
// bench/results/phone-<label>-<time>.json.
//
//   npx tsx bench/phone.ts [--label now] [--runs 3] [--no-repeat] [--port 3400]
//                          [--build | --no-build] [--url http://host:port] [--slug demo]
//                          [--no-waterfall] [--service-worker] [--tap-through-only]
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BrowserContext, type CDPSession, chromium, type Page } from "@playwright/test";
import { waitFor } from "./http";

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
    "service-worker": { type: "boolean", default: false },
    // Only the cold tap-through (landing → parent → first question → answer → question 2).
    "tap-through-only": { type: "boolean", default: false },
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

/**
 * "rendered", "hydrated", "present": marked once, the first frame it holds. "value": watched at
 * every frame, marked each time the `value` of the first element matching changes (null when
 * none matches), e.g. which radio of a group is checked.
 */
type TargetKind = "rendered" | "hydrated" | "present" | "value";
interface Target {
  name: string;
  selector: string;
  kind: TargetKind;
  /** Scroll it into view when rendered and report where to tap it (and its radio's value). */
  tap?: boolean;
}

/**
 * Runs first in every document (as a string: tsx's helpers must not leak into the page).
 * Sends marks to `window.__phoneMark` with an epoch time: navigation start, FCP, long tasks,
 * DOMContentLoaded, load, and the first animation frame at which each target is rendered,
 * hydrated (React's props on the element) or present, or its value changes.
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
  // Where each tap lands: the value of the radio it hit (its own, or its label's), else null.
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var label = t.closest("label");
    var input = t.matches("input") ? t : label ? label.querySelector("input") : null;
    send({ name: "click", at: now(), value: input ? String(input.value) : null });
  }, true);
  var seen = {};
  var rendered = function (el) {
    var r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return null;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    return r;
  };
  var started = performance.now();
  var last = {};
  var tick = function () {
    flush();
    var pending = 0;
    targets.forEach(function (t) {
      if (seen[t.name]) return;
      pending++;
      var el = document.querySelector(t.selector);
      if (t.kind === "value") {
        var v = el ? String(el.value) : null;
        if (v !== (last[t.name] === undefined ? null : last[t.name])) {
          last[t.name] = v;
          send({ name: t.name, at: now(), value: v });
        }
        return;
      }
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
          var input = el.matches("input") ? el : el.querySelector("input");
          if (input) m.value = String(input.value);
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
  /** "value" targets: the new value; tap targets: the value of the radio tapped. */
  value?: string | null;
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
  /** Every mark of "value" targets, in order (`marks` keeps only the first of each name). */
  changes: Mark[] = [];
  longTasks: { at: number; dur: number }[] = [];
  reqs = new Map<string, Req>();
  /** Uncaught exceptions and console errors of the page. */
  errors: string[] = [];
  inflight = new Set<string>();
  lastActivity = epoch();
  /** CDP monotonic seconds → epoch ms. */
  private clockOffset: number | null = null;
  private listeners: (() => void)[] = [];

  onMark(m: Mark) {
    if (m.name === "longtask") this.longTasks.push({ at: m.at, dur: m.dur ?? 0 });
    else if (!this.marks.has(m.name)) this.marks.set(m.name, m);
    if (m.value !== undefined && m.x === undefined) this.changes.push(m);
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
    // The offline service worker (3a433a7) fetches in its own target, which the page's network
    // throttling does not reach: with it, a repeat visit's page would come unthrottled.
    serviceWorkers: args["service-worker"] ? "allow" : "block",
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
  page.on("pageerror", (e) => visit.errors.push(`${e.name}: ${e.message}`.slice(0, 300)));
  page.on("console", (m) => {
    if (m.type() === "error") visit.errors.push(`console: ${m.text()}`.slice(0, 300));
  });
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

/**
 * Taps the point of mark `name` as soon as it comes, until `answered()` (3 tries, 15 s each).
 * When the mark carries a radio's value and the tap lands elsewhere (the layout moved between
 * the frame where it was seen and the tap being handled), it is tapped again at once, where it
 * is now.
 */
async function tapWhenRendered(
  page: Page,
  visit: Visit,
  name: string,
  selector: string,
  answered: () => boolean,
  /** Filled with the time of each tap as it is sent. */
  taps: number[] = [],
): Promise<{ taps: number[]; missed: number; scrolled: boolean } | null> {
  const m = await visit.mark(name, 120_000);
  if (!m || m.x === undefined || m.y === undefined) return null;
  let point = { x: m.x, y: m.y };
  const want = m.value;
  let missed = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = epoch();
    taps.push(at);
    await page.touchscreen.tap(point.x, point.y).catch(() => {});
    const miss = () =>
      want !== undefined && visit.changes.some((c) => c.name === "click" && c.at >= at && c.value !== want);
    if (await visit.until(() => answered() || miss(), 15_000)) {
      if (answered()) break;
      missed++;
    }
    const again = await page
      .evaluate(
        `(() => { const want = ${JSON.stringify(want ?? null)};
          const all = [...document.querySelectorAll(${JSON.stringify(selector)})];
          const el = all.find((e) => { const i = e.matches("input") ? e : e.querySelector("input");
            return want === null || (i && i.value === want); }) || all[0];
          if (!el) return null;
          el.scrollIntoView({ block: "nearest", behavior: "instant" }); const r = el.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
      )
      .catch(() => null);
    if (again) point = again as { x: number; y: number };
  }
  return { taps, missed, scrolled: !!m.scrolled };
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
/** The server-drawn first question (6caf7ad), shown until SurveyJS arrives. */
const PREVIEW = "form[data-first-question]";
// (Its radios: named "first-question-preview" before decision 031, "quick-<question>" since.)
const PREVIEW_RADIO = `${PREVIEW} input[type=radio]`;
const SURVEY_TARGETS: Target[] = [
  { name: "heading", selector: "main h1", kind: "rendered" },
  { name: "hydrated", selector: "main h1", kind: "hydrated" },
  { name: "previewTitle", selector: `${PREVIEW} .first-question-title`, kind: "rendered" },
  { name: "previewChoice", selector: `${PREVIEW} label.first-question-choice`, kind: "rendered", tap: true },
  { name: "previewChecked", selector: `${PREVIEW_RADIO}:checked`, kind: "value" },
  { name: "question", selector: ".sd-question .sd-question__title", kind: "rendered" },
  // A choice SurveyJS does not show selected (the first one, unless the preview's answer is).
  {
    name: "choice",
    selector: ".sd-question .sd-item:not(.sd-item--checked) label.sd-selectbase__label",
    kind: "rendered",
    tap: true,
  },
  // The hand-over check: which radio SurveyJS has checked.
  { name: "checked", selector: ".sd-question input[type=radio]:checked", kind: "value" },
  // SurveyJS showing a choice selected: its item styled so, and its radio checked.
  {
    name: "shownChecked",
    selector: ".sd-question .sd-item--checked .sd-item__control:checked",
    kind: "value",
  },
];

/** First change of "value" target `name` to `value` at or after `from` (epoch ms). */
function changedTo(visit: Visit, name: string, value: string, from = -Infinity): Mark | undefined {
  return visit.changes.find((c) => c.name === name && c.value === value && c.at >= from);
}

/** The value of "value" target `name` at epoch time `at` (null when nothing matched). */
function valueAt(visit: Visit, name: string, at: number): string | null {
  let v: string | null = null;
  for (const c of visit.changes) if (c.name === name && c.at <= at) v = c.value ?? null;
  return v;
}

/** The preview's radio values are JSON (`1`, `"oui"`); SurveyJS's are the plain value. */
function surveyJsValue(previewValue: string): string {
  try {
    return String(JSON.parse(previewValue));
  } catch {
    return previewValue;
  }
}

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
      pageErrors: visit.errors,
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
      return p === PARENT_PATH || p.includes("/s._slug.parent-");
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

/** How long SurveyJS may take to show its first question (about 14 s on a first visit). */
const SURVEYJS_WAIT_MS = 60_000;

/** How long SurveyJS may take, once it shows its question, to show the preview's answer. */
const HANDOVER_GRACE_MS = 3000;

/**
 * Survey: the first question (the preview, else SurveyJS's) tapped as soon as a choice is
 * rendered; the hand-over of that answer to SurveyJS; then a tap on SurveyJS itself.
 */
async function survey(context: BrowserContext, base: string) {
  const { page, visit } = await openThrottled(context, SURVEY_TARGETS);
  try {
    const nav = page.goto(base + SURVEY_PATH, { waitUntil: "load", timeout: 180_000 }).catch((e: Error) => e);
    /** Taps a choice SurveyJS does not show selected, until SurveyJS shows it selected. */
    const tapSurveyJs = async () => {
      const m = await visit.mark("choice", SURVEYJS_WAIT_MS);
      if (!m) return { value: null, tapped: null };
      const value = m.value ?? null;
      const taps: number[] = [];
      const tapped = await tapWhenRendered(
        page,
        visit,
        "choice",
        SURVEY_TARGETS.find((t) => t.name === "choice")!.selector,
        () => value !== null && !!changedTo(visit, "shownChecked", value, taps[0] ?? Infinity),
        taps,
      );
      return { value, tapped };
    };

    // The first tap: on whichever first question has a choice rendered first.
    // As soon as it is visible: a choice rendered, and the page painted (FCP).
    await visit.until(() => visit.marks.has("previewChoice") || visit.marks.has("choice"), 120_000);
    await visit.mark("fcp", 60_000);
    const onPreview = visit.marks.has("previewChoice") && !visit.marks.has("choice");
    let previewTapped: Awaited<ReturnType<typeof tapWhenRendered>> = null;
    const previewValue = onPreview ? (visit.marks.get("previewChoice")!.value ?? null) : null;
    const previewTaps: number[] = [];
    /** null when the first tap was on SurveyJS (nothing to hand over). */
    let handover: "kept" | "lost" | "no SurveyJS" | null = null;
    let handoverAt: number | null = null;
    /** What SurveyJS had checked when the hand-over was judged. */
    let surveyJsChecked: string | null = null;
    if (onPreview) {
      previewTapped = await tapWhenRendered(
        page,
        visit,
        "previewChoice",
        `${PREVIEW} label.first-question-choice`,
        // Answered when its radio is checked; stop re-tapping once SurveyJS has replaced it.
        () =>
          (previewValue !== null &&
            !!changedTo(visit, "previewChecked", previewValue, previewTaps[0] ?? Infinity)) ||
          visit.marks.has("question"),
        previewTaps,
      );
      // The hand-over: SurveyJS shows its question with the tapped answer checked.
      const question = await visit.mark("question", SURVEYJS_WAIT_MS);
      if (!question) handover = "no SurveyJS";
      else if (previewValue !== null) {
        const want = surveyJsValue(previewValue);
        await visit.until(
          () => !!changedTo(visit, "checked", want),
          Math.max(0, question.at + HANDOVER_GRACE_MS - epoch()),
        );
        const shown = changedTo(visit, "checked", want);
        handover = shown && shown.at <= question.at + HANDOVER_GRACE_MS ? "kept" : "lost";
        handoverAt = shown && handover === "kept" ? Math.max(question.at, shown.at) : null;
        surveyJsChecked = valueAt(visit, "checked", epoch());
      }
    }
    const { value: sjValue, tapped: sj } =
      handover === "no SurveyJS" ? { value: null, tapped: null } : await tapSurveyJs();

    await nav;
    await visit.mark("load", 60_000);
    await visit.idle(1000, 60_000);
    // Whether the offline service worker (3a433a7) answered this page's requests.
    const serviceWorker = await page
      .evaluate("!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
      .catch(() => null);
    // A repeat visit must not find this answer in the draft.
    await page.evaluate("localStorage.clear()").catch(() => {});
    const navStart = visit.marks.get("navStart")?.at ?? NaN;
    const fcp = rel(visit, "fcp", navStart);
    const after = (x: number | null) => (fcp === null || x === null ? null : Math.max(fcp, x));
    const previewQuestion = after(rel(visit, "previewTitle", navStart));
    const sjQuestion = after(rel(visit, "question", navStart));
    const shown = [previewQuestion, sjQuestion].filter((x): x is number => x !== null);
    const sjChecked =
      sjValue !== null && sj ? changedTo(visit, "shownChecked", sjValue, sj.taps[0]!) : undefined;
    const previewChecked =
      previewValue !== null && previewTapped
        ? changedTo(visit, "previewChecked", previewValue, previewTapped.taps[0]!)
        : undefined;
    // The first tap and when it showed: the preview's, else SurveyJS's.
    const first = onPreview
      ? { tapped: previewTapped, checked: previewChecked }
      : { tapped: sj, checked: sjChecked };
    const reqs = [...visit.reqs.values()];
    const surveyCode = reqs.find((r) => /\/SurveyForm\.client-[^/]*\.js$/.test(r.url));
    const firstQuestionAt = navStart + Math.min(Infinity, ...shown);
    const questionAt = visit.marks.get("question")?.at ?? Infinity;
    const tasksBefore = (t: number) =>
      round(visit.longTasks.filter((x) => x.at < t).reduce((sum, x) => sum + x.dur, 0));
    return {
      bytes: bytesOf(reqs),
      requests: reqs.length,
      cachedRequests: reqs.filter((r) => r.fromCache).length,
      fcp,
      heading: rel(visit, "heading", navStart),
      hydrated: rel(visit, "hydrated", navStart),
      surveyCodeRequested: surveyCode ? round(surveyCode.start - navStart) : null,
      surveyCodeReceived: surveyCode?.end ? round(surveyCode.end - navStart) : null,
      previewQuestion,
      sjQuestion,
      firstQuestion: shown.length ? Math.min(...shown) : null,
      firstTapOn: onPreview ? "preview" : "surveyjs",
      taps: first.tapped?.taps.length ?? 0,
      missedTaps: first.tapped?.missed ?? 0,
      tapAt: first.tapped ? round(first.tapped.taps[0]! - navStart) : null,
      tapToChecked: first.checked && first.tapped ? round(first.checked.at - first.tapped.taps[0]!) : null,
      interactive: first.checked ? round(first.checked.at - navStart) : null,
      tappedValue: onPreview ? previewValue : sjValue,
      handover,
      handedOver: handoverAt === null ? null : round(handoverAt - navStart),
      surveyJsCheckedAtHandover: surveyJsChecked,
      sjChoiceRendered: rel(visit, "choice", navStart),
      sjTaps: sj?.taps.length ?? 0,
      // Taps that landed on something else (the layout moved after the choice was first drawn).
      sjMissedTaps: sj?.missed ?? 0,
      sjTapAt: sj ? round(sj.taps[0]! - navStart) : null,
      sjTapToChecked: sjChecked && sj ? round(sjChecked.at - sj.taps[0]!) : null,
      sjInteractive: sjChecked ? round(sjChecked.at - navStart) : null,
      sjTappedValue: sjValue,
      domContentLoaded: rel(visit, "domContentLoaded", navStart),
      load: rel(visit, "load", navStart),
      longTasksBeforeFirstQuestionMs: tasksBefore(firstQuestionAt),
      longTasksBeforeQuestionMs: tasksBefore(questionAt),
      longestTaskMs: round(Math.max(0, ...visit.longTasks.map((t) => t.dur))),
      serviceWorker,
      pageErrors: visit.errors,
      valueChanges: visit.changes.map((c) => ({ name: c.name, value: c.value, at: round(c.at - navStart) })),
      waterfall: waterfall(reqs, navStart, base),
    };
  } finally {
    visits.delete(page);
    await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// The cold tap-through (issue 14, part 11)

/** The first two questions of the parent questionnaire as served (read once, unthrottled). */
let SECOND_QUESTION = "";

/** The server-drawn questions (FirstQuestionPreview and the quick pages of decision 031). */
const QUICK_NEXT = `${PREVIEW} button[data-quick-next]`;
function tapThroughTargets(): Target[] {
  return [
    LANDING_TARGETS[0]!,
    { name: "start", selector: `a[href="${SURVEY_PATH}"]`, kind: "rendered", tap: true },
    { name: "q1Preview", selector: `${PREVIEW} label.first-question-choice`, kind: "rendered", tap: true },
    {
      name: "q1SurveyJs",
      selector: ".sd-question .sd-item label.sd-selectbase__label",
      kind: "rendered",
      tap: true,
    },
    { name: "previewChecked", selector: `${PREVIEW} input[type=radio]:checked`, kind: "value" },
    { name: "checked", selector: ".sd-question input[type=radio]:checked", kind: "value" },
    { name: "nextQuick", selector: QUICK_NEXT, kind: "rendered", tap: true },
    { name: "nextSurveyJs", selector: ".sd-navigation__next-btn", kind: "rendered", tap: true },
    // Question 2 on screen, whoever draws it: the quick pages' fieldset or SurveyJS's question.
    { name: "q2Quick", selector: `${PREVIEW} fieldset[data-name="${SECOND_QUESTION}"]`, kind: "rendered" },
    { name: "q2SurveyJs", selector: `.sd-question[data-name="${SECOND_QUESTION}"]`, kind: "rendered" },
  ];
}

/**
 * A parent tapping straight through, no reading time, one browser tab, cold cache: the landing's
 * parent link, the parent page's start link, the first question's first choice (the server-drawn
 * one, else SurveyJS's), then "Suivant" (the quick pages', else SurveyJS's, whichever is on screen
 * first), each as soon as it is rendered. QUESTION 2 = from the tap on the answer to question 2
 * rendered (the tap on "Suivant" counts inside it: it is sent as soon as the button is there).
 */
async function tapThrough(context: BrowserContext, base: string) {
  const targets = tapThroughTargets();
  const { page, visit } = await openThrottled(context, targets);
  const sel = (name: string) => targets.find((t) => t.name === name)!.selector;
  const after = (at: number | undefined, test: (r: Req) => boolean) =>
    at === undefined ? undefined : [...visit.reqs.values()].find((r) => r.start >= at && test(r));
  try {
    const nav = page
      .goto(base + LANDING_PATH, { waitUntil: "load", timeout: 180_000 })
      .catch((e: Error) => e);
    const pathOf = (r: Req) => new URL(r.url).pathname;
    const linkTaps: number[] = [];
    await tapWhenRendered(
      page,
      visit,
      "link",
      sel("link"),
      () => !!after(linkTaps[0], (r) => pathOf(r) === PARENT_PATH || pathOf(r).includes("/s._slug.parent-")),
      linkTaps,
    );
    const startTaps: number[] = [];
    await tapWhenRendered(
      page,
      visit,
      "start",
      sel("start"),
      () =>
        !!after(
          startTaps[0],
          (r) => pathOf(r) === SURVEY_PATH || pathOf(r).includes("/s._slug.questionnaire._surveyId-"),
        ) || visit.marks.has("q1Preview"),
      startTaps,
    );
    await visit.until(() => visit.marks.has("q1Preview") || visit.marks.has("q1SurveyJs"), 120_000);
    const onPreview = visit.marks.has("q1Preview") && !visit.marks.has("q1SurveyJs");
    const q1Name = onPreview ? "q1Preview" : "q1SurveyJs";
    const q1Value = visit.marks.get(q1Name)?.value ?? null;
    const answerTaps: number[] = [];
    await tapWhenRendered(
      page,
      visit,
      q1Name,
      sel(q1Name),
      () =>
        q1Value !== null &&
        !!changedTo(visit, onPreview ? "previewChecked" : "checked", q1Value, answerTaps[0] ?? Infinity),
      answerTaps,
    );
    // "Suivant": the quick pages' button if it is there, else SurveyJS's once it has come.
    await visit.until(
      () => visit.marks.has("nextQuick") || visit.marks.has("nextSurveyJs"),
      SURVEYJS_WAIT_MS,
    );
    const nextName = visit.marks.has("nextQuick") ? "nextQuick" : "nextSurveyJs";
    const nextTaps: number[] = [];
    const q2 = () => visit.marks.has("q2Quick") || visit.marks.has("q2SurveyJs");
    if (visit.marks.has(nextName)) await tapWhenRendered(page, visit, nextName, sel(nextName), q2, nextTaps);
    await visit.until(q2, 30_000);
    await Promise.race([nav, sleep(1000)]);
    const navStart = visit.marks.get("navStart")?.at ?? NaN;
    const q2At = Math.min(
      visit.marks.get("q2Quick")?.at ?? Infinity,
      visit.marks.get("q2SurveyJs")?.at ?? Infinity,
    );
    const since = (t: number | undefined) =>
      t === undefined || !Number.isFinite(q2At) ? null : round(q2At - t);
    const reqs = [...visit.reqs.values()];
    const surveyCode = reqs.find((r) => /\/SurveyForm\.client-[^/]*\.js$/.test(r.url));
    const at = (t: number | undefined) => (t === undefined ? null : round(t - navStart));
    const q1At = Math.min(
      visit.marks.get("q1Preview")?.at ?? Infinity,
      visit.marks.get("q1SurveyJs")?.at ?? Infinity,
    );
    return {
      bytes: bytesOf(reqs),
      requests: reqs.length,
      linkTapAt: at(linkTaps[0]),
      startTapAt: at(startTaps[0]),
      firstQuestionAt: Number.isFinite(q1At) ? at(q1At) : null,
      startTapToFirstQuestion:
        startTaps[0] !== undefined && Number.isFinite(q1At) ? round(q1At - startTaps[0]) : null,
      answerOn: onPreview ? "server-drawn" : "surveyjs",
      answerTapAt: at(answerTaps[0]),
      answerTaps: answerTaps.length,
      nextOn: visit.marks.has(nextName) ? (nextName === "nextQuick" ? "quick pages" : "surveyjs") : "none",
      nextTapAt: at(nextTaps[0]),
      nextTaps: nextTaps.length,
      secondQuestionAt: Number.isFinite(q2At) ? at(q2At) : null,
      secondQuestionBy: visit.marks.has("q2Quick")
        ? "quick pages"
        : visit.marks.has("q2SurveyJs")
          ? "surveyjs"
          : "none",
      /** THE measure: the tap on the answer → question 2 rendered. */
      answerToSecondQuestion: since(answerTaps[0]),
      nextToSecondQuestion: since(nextTaps[0]),
      surveyCodeRequested: surveyCode ? at(surveyCode.start) : null,
      surveyCodeReceived: surveyCode?.end ? at(surveyCode.end) : null,
      surveyCodeBytes: surveyCode?.bytes ?? null,
      pageErrors: visit.errors,
      // Where each tap landed ("click": the radio's value, null elsewhere) and what was checked.
      valueChanges: visit.changes.map((c) => ({ name: c.name, value: c.value, at: round(c.at - navStart) })),
      waterfall: waterfall(reqs, navStart, base),
    };
  } finally {
    visits.delete(page);
    await page.close().catch(() => {});
  }
}

type TapThroughRun = Awaited<ReturnType<typeof tapThrough>>;

/** Issue 14's target: question 2 within 1 s of the tap on the first answer, cold. */
const SECOND_QUESTION_TARGET_MS = 1000;

function printTapThrough(title: string, runs: TapThroughRun[]) {
  printTable(title, [
    ...bytesRows(runs.map((r) => ({ ...r, cachedRequests: 0 }))).slice(0, 6),
    { label: "landing link tapped at", values: runs.map((r) => r.linkTapAt), unit: "ms" },
    { label: "start link tapped at", values: runs.map((r) => r.startTapAt), unit: "ms" },
    { label: "first question rendered at", values: runs.map((r) => r.firstQuestionAt), unit: "ms" },
    { label: "start tap → first question", values: runs.map((r) => r.startTapToFirstQuestion), unit: "ms" },
    { label: "answer tapped at", values: runs.map((r) => r.answerTapAt), unit: "ms" },
    { label: "SurveyForm chunk received at", values: runs.map((r) => r.surveyCodeReceived), unit: "ms" },
    { label: "SurveyForm chunk", values: runs.map((r) => r.surveyCodeBytes), unit: "kB" },
    { label: '"Suivant" tapped at', values: runs.map((r) => r.nextTapAt), unit: "ms" },
    { label: "question 2 rendered at", values: runs.map((r) => r.secondQuestionAt), unit: "ms" },
    { label: '"Suivant" tap → question 2', values: runs.map((r) => r.nextToSecondQuestion), unit: "ms" },
    {
      label: "QUESTION 2: answer tap → question 2",
      values: runs.map((r) => r.answerToSecondQuestion),
      unit: "ms",
      target: SECOND_QUESTION_TARGET_MS,
    },
  ]);
  console.log(
    `  answer on: ${runs.map((r) => r.answerOn).join(", ")}; "Suivant" on: ${runs.map((r) => r.nextOn).join(", ")}; ` +
      `question 2 drawn by: ${runs.map((r) => r.secondQuestionBy).join(", ")}; taps (answer, Suivant): ` +
      runs.map((r) => `${r.answerTaps}+${r.nextTaps}`).join(", "),
  );
  printErrors(runs);
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
  /** Written in the target column instead of a target. */
  check?: string;
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
    if (r.check !== undefined) target = r.check;
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
  printErrors(look);
}

function printErrors(runs: { pageErrors: string[] }[]) {
  runs.forEach((r, i) => {
    for (const e of r.pageErrors) console.log(`  page error, run ${i + 1}: ${e}`);
  });
}

function printSurvey(title: string, runs: SurveyRun[], withTargets: boolean) {
  const lost = runs.filter((r) => r.handover === "lost" || r.handover === "no SurveyJS").length;
  const judged = runs.filter((r) => r.handover !== null).length;
  printTable(title, [
    ...bytesRows(runs),
    { label: "first contentful paint", values: runs.map((r) => r.fcp), unit: "ms" },
    { label: "page heading rendered", values: runs.map((r) => r.heading), unit: "ms" },
    { label: "hydrated (React)", values: runs.map((r) => r.hydrated), unit: "ms" },
    { label: "SurveyForm chunk requested", values: runs.map((r) => r.surveyCodeRequested), unit: "ms" },
    { label: "SurveyForm chunk received", values: runs.map((r) => r.surveyCodeReceived), unit: "ms" },
    { label: "preview question visible", values: runs.map((r) => r.previewQuestion), unit: "ms" },
    { label: "SurveyJS question visible", values: runs.map((r) => r.sjQuestion), unit: "ms" },
    {
      label: "FIRST QUESTION VISIBLE = earliest",
      values: runs.map((r) => r.firstQuestion),
      unit: "ms",
      target: withTargets ? TARGETS.firstQuestion : undefined,
    },
    { label: "first choice tapped at", values: runs.map((r) => r.tapAt), unit: "ms" },
    { label: "tap → tapped radio checked", values: runs.map((r) => r.tapToChecked), unit: "ms" },
    {
      label: "INTERACTIVE = tapped radio checked",
      values: runs.map((r) => r.interactive),
      unit: "ms",
      target: withTargets ? TARGETS.interactive : undefined,
    },
    {
      label: "HANDED OVER = SurveyJS shows it",
      values: runs.map((r) => r.handedOver),
      unit: "ms",
      check: judged ? `kept ${judged - lost}/${judged} ${lost ? `FAIL (${lost} lost)` : "PASS"}` : "",
    },
    { label: "SurveyJS choice tapped at", values: runs.map((r) => r.sjTapAt), unit: "ms" },
    { label: "SurveyJS tap → shown selected", values: runs.map((r) => r.sjTapToChecked), unit: "ms" },
    { label: "SurveyJS interactive", values: runs.map((r) => r.sjInteractive), unit: "ms" },
    { label: "DOMContentLoaded", values: runs.map((r) => r.domContentLoaded), unit: "ms" },
    { label: "load event", values: runs.map((r) => r.load), unit: "ms" },
    {
      label: "long tasks before first question",
      values: runs.map((r) => r.longTasksBeforeFirstQuestionMs),
      unit: "ms",
    },
    {
      label: "long tasks before SurveyJS question",
      values: runs.map((r) => r.longTasksBeforeQuestionMs),
      unit: "ms",
    },
    { label: "longest task", values: runs.map((r) => r.longestTaskMs), unit: "ms" },
  ]);
  console.log(
    `  first tap on: ${runs.map((r) => r.firstTapOn).join(", ")}; taps needed: ${runs.map((r) => r.taps).join(", ")}` +
      ` (missed: ${runs.map((r) => r.missedTaps).join(", ")}); SurveyJS taps needed: ${runs.map((r) => r.sjTaps).join(", ")}` +
      ` (missed, the choices having moved: ${runs.map((r) => r.sjMissedTaps).join(", ")})`,
  );
  console.log(
    `  hand-over (tapped → SurveyJS checked): ${runs
      .map((r) =>
        r.handover === null
          ? "n/a"
          : r.handover === "no SurveyJS"
            ? "LOST: SurveyJS never showed"
            : `${r.handover === "kept" ? "kept" : "LOST"} ${r.tappedValue} → ${r.surveyJsCheckedAtHandover ?? "none"}`,
      )
      .join("; ")}`,
  );
  printErrors(runs);
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
let snapshot: string | null = null;
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
  // Others may rebuild build/ while this runs (the e2e tests build into it), and a page would
  // then ask for assets that are gone: serve a copy of the build taken now. The copy lives under
  // the project's tmp/ so that server.js and the build still find node_modules.
  fs.mkdirSync(path.join(root, "tmp"), { recursive: true });
  snapshot = fs.mkdtempSync(path.join(root, "tmp", "phone-"));
  fs.cpSync(path.join(root, "build"), path.join(snapshot, "build"), { recursive: true });
  fs.copyFileSync(path.join(root, "server.js"), path.join(snapshot, "server.js"));
  const port = Number(args.port);
  server = spawn(process.execPath, ["server.js"], {
    cwd: snapshot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: path.join(work, "app.db"),
      SURVEYS_DIR: path.join(root, "surveys"),
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
  const assets = new Set<string>();
  for (const p of [LANDING_PATH, PARENT_PATH, SURVEY_PATH]) {
    const res = await fetch(base + p);
    if (!res.ok) throw new Error(`${p} answered ${res.status}: is there an open campaign "${SLUG}"?`);
    for (const m of (await res.text()).matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)) assets.add(m[0]);
  }
  // A build copied half-way through someone else's rebuild would not serve what its pages name.
  for (const a of assets) {
    const res = await fetch(base + a);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${a} answered ${res.status}: the build is incomplete, build again.`);
  }
  {
    // Question 2 of the tap-through: the second page's question, as the page's data gives it.
    const res = await fetch(
      `${base}${SURVEY_PATH}?_data=${encodeURIComponent("routes/s.$slug.questionnaire.$surveyId")}`,
    );
    const data = (await res.json()) as { survey: { json: { pages: { elements: { name: string }[] }[] } } };
    SECOND_QUESTION = data.survey.json.pages[1]!.elements[0]!.name;
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
  // Other work on the machine slows the throttled CPU further: the 1-minute load, every 5 s.
  const loadSamples: { at: string; load1m: number }[] = [];
  const sampleLoad = () => loadSamples.push({ at: new Date().toISOString(), load1m: os.loadavg()[0]! });
  sampleLoad();
  const loadTimer = setInterval(sampleLoad, 5000).unref();
  console.log(
    `Slow phone: ${PROFILE.latencyMs} ms added per request, ${(PROFILE.downloadBytesPerSecond * 8) / 1000} kbit/s down, ` +
      `${(PROFILE.uploadBytesPerSecond * 8) / 1000} kbit/s up, CPU ${PROFILE.cpuSlowdown}× slower, ` +
      `${PROFILE.viewport.width}×${PROFILE.viewport.height}; Chromium ${browser.version()}; ${base}; ${RUNS} runs each; ` +
      (args["service-worker"]
        ? "service workers ALLOWED: their fetches are not throttled (repeat visits optimistic)."
        : "service workers blocked."),
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

  const only = args["tap-through-only"];
  const results = {
    first: {
      landingLook: only ? [] : await cold(landingLook, "landing"),
      landingTap: only ? [] : await cold(landingTap, "landing + tap"),
      survey: only ? [] : await cold(survey, "survey + tap"),
      tapThrough: await cold(tapThrough, "tap-through to question 2"),
    },
    repeat:
      args["no-repeat"] || only
        ? null
        : {
            landingLook: await warm(landingLook, "landing"),
            landingTap: await warm(landingTap, "landing + tap"),
            survey: await warm(survey, "survey + tap"),
          },
  };

  if (!args["no-waterfall"] && !only) {
    printWaterfall(`Landing ${LANDING_PATH}, first visit, run 1`, results.first.landingLook[0]!.waterfall);
    printWaterfall(`Survey ${SURVEY_PATH}, first visit, run 1`, results.first.survey[0]!.waterfall);
  }
  if (!args["no-waterfall"])
    printWaterfall(
      `Tap-through from ${LANDING_PATH}, first visit, run 1`,
      results.first.tapThrough[0]!.waterfall,
    );
  if (!only)
    printLanding(
      `Landing ${LANDING_PATH} — first visit (empty cache)`,
      results.first.landingLook,
      results.first.landingTap,
      true,
    );
  if (!only) printSurvey(`Survey ${SURVEY_PATH} — first visit (empty cache)`, results.first.survey, true);
  printTapThrough(
    `Tap-through ${LANDING_PATH} → parent → first question → answer → question 2 (${SECOND_QUESTION}) — first visit (empty cache)`,
    results.first.tapThrough,
  );
  if (results.repeat) {
    printLanding(
      `Landing ${LANDING_PATH} — repeat visit (cache primed)`,
      results.repeat.landingLook,
      results.repeat.landingTap,
      false,
    );
    printSurvey(`Survey ${SURVEY_PATH} — repeat visit (cache primed)`, results.repeat.survey, false);
  }

  clearInterval(loadTimer);
  sampleLoad();
  const allSurveys = [...results.first.survey, ...(results.repeat?.survey ?? [])];
  const summary = {
    landingUsable: median(results.first.landingLook.map((r) => r.usable)),
    landingTapToRequest: median(results.first.landingTap.map((r) => r.tapToRequest)),
    firstQuestion: median(results.first.survey.map((r) => r.firstQuestion)),
    interactive: median(results.first.survey.map((r) => r.interactive)),
    handedOver: median(results.first.survey.map((r) => r.handedOver)),
    // Every run, first and repeat visits: a lost answer is a failure wherever it happens.
    handoverLost: allSurveys.filter((r) => r.handover === "lost" || r.handover === "no SurveyJS").length,
    handoverJudged: allSurveys.filter((r) => r.handover !== null).length,
    surveyJsQuestion: median(results.first.survey.map((r) => r.sjQuestion)),
    surveyJsInteractive: median(results.first.survey.map((r) => r.sjInteractive)),
    secondQuestion: median(results.first.tapThrough.map((r) => r.answerToSecondQuestion)),
  };
  const verdict = {
    landingUsable: summary.landingUsable !== null && summary.landingUsable < TARGETS.landingUsable,
    firstQuestion: summary.firstQuestion !== null && summary.firstQuestion < TARGETS.firstQuestion,
    interactive: summary.interactive !== null && summary.interactive < TARGETS.interactive,
    handover: summary.handoverJudged > 0 && summary.handoverLost === 0,
    secondQuestion: summary.secondQuestion !== null && summary.secondQuestion < SECOND_QUESTION_TARGET_MS,
  };
  const loadAfter = os.loadavg();
  const loads = loadSamples.map((x) => x.load1m);
  const load = {
    min: Math.min(...loads),
    mean: loads.reduce((a, b) => a + b, 0) / loads.length,
    max: Math.max(...loads),
  };
  const pf = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(
    `\nLegend: times in ms from navigation start, medians of the first visits judged against issue 5's targets.\n` +
      `  Landing: USABLE = the later of FCP and the parent link rendered (a plain <a href>, works before JavaScript).\n` +
      `  Survey, since 6caf7ad the targets are judged on these definitions, which count the server-drawn preview:\n` +
      `    FIRST QUESTION VISIBLE = the earlier of "preview question visible" (its title rendered) and\n` +
      `      "SurveyJS question visible" (SurveyJS's title rendered), each no earlier than FCP;\n` +
      `    INTERACTIVE = a choice of the first question on screen (the preview's native radio, else SurveyJS's)\n` +
      `      tapped as soon as it is rendered, until the tapped radio is checked;\n` +
      `    HANDED OVER = SurveyJS shows its question with the answer tapped on the preview checked\n` +
      `      (within ${HANDOVER_GRACE_MS / 1000} s of showing it; else, or if SurveyJS never shows, LOST: a failure).\n` +
      `  "SurveyJS question visible" / "SurveyJS interactive" are the old definitions of first question and\n` +
      `  interactive (SurveyJS only; its tap on a choice it does not show selected), kept to compare like for like.`,
  );
  console.log(
    `\n1-minute load average during the runs: min ${load.min.toFixed(2)}, mean ${load.mean.toFixed(2)}, max ${load.max.toFixed(2)} ` +
      `(${loads.length} samples, ${os.cpus().length} cores).`,
  );
  if (load.max > os.cpus().length)
    console.log("Note: the machine was busy: CPU-bound times are pessimistic.");
  console.log(
    `\nTargets (medians, first visit): landing usable ${summary.landingUsable} ms < ${TARGETS.landingUsable} ${pf(verdict.landingUsable)}; ` +
      `first question ${summary.firstQuestion} ms < ${TARGETS.firstQuestion} ${pf(verdict.firstQuestion)}; ` +
      `interactive ${summary.interactive} ms < ${TARGETS.interactive} ${pf(verdict.interactive)}; ` +
      `answer handed over in ${summary.handoverJudged - summary.handoverLost}/${summary.handoverJudged} runs ${pf(verdict.handover)}.` +
      `\nTap-through (issue 14): question 2 ${summary.secondQuestion} ms after the tap on the first answer < ${SECOND_QUESTION_TARGET_MS} ${pf(verdict.secondQuestion)}.` +
      `\nSurveyJS only (old definitions, not judged): question visible ${summary.surveyJsQuestion} ms, ` +
      `interactive ${summary.surveyJsInteractive} ms.`,
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
        // The scripts and stylesheets the three pages name (hashed: they identify the build).
        assets: [...assets].sort(),
        chromium: browser.version(),
        node: process.version,
        cpus: os.cpus().length,
        // Other work on the machine slows the throttled CPU further: kept to judge a run.
        loadAverage1m: { before: loadBefore[0], after: loadAfter[0], ...load, samples: loadSamples },
        runs: RUNS,
        serviceWorkers: args["service-worker"] ? "allowed" : "blocked",
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
  if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
}
