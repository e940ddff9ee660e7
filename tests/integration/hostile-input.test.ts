/**
 * Hostile input at the submission API (issue 6): fast-check throws generated payloads at
 * the route's action (real Requests, in process, real SQLite) and at the validator.
 *
 * Properties: never a 5xx; only documented statuses; every refusal says why in French;
 * a refused payload changes nothing in the database; an accepted one is stored once and
 * its retry answers 200, with the erasure code only when it carries the first send's secret
 * (decision 023); Object.prototype is never polluted.
 *
 * Reproduce a failure with the seed fast-check prints: HOSTILE_SEED=<seed> npx vitest run
 * tests/integration/hostile-input.test.ts (the database state also depends on earlier runs
 * of the file, so re-run the whole file, not one test).
 */
import nodeCrypto from "node:crypto";
import type SQLite from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { MAX_JSON_DEPTH } from "~/web/http.server";
import { MAX_SUBMISSION_BYTES, type Submission } from "~/responses/submission";
import { createSurveyModel } from "~/surveys/adapter";
import { validateAnswers } from "~/surveys/validate-answers";
import { submitResponse } from "~/responses/response.server";
import { getValidationModel, latestSurveyDefinitions } from "~/surveys/surveys.server";
import { createCampaign, getTestDb, postResponse, surveyDefinition, validAnswers } from "./fixtures";

const SEED = Number(process.env.HOSTILE_SEED ?? 20261127);
/** Printed by fast-check with any counterexample; said here too so a CI log shows it. */
const RUN = { seed: SEED };
/** Multiplies every numRuns (HOSTILE_SCALE=0.1 for a quick look, 10 for a long hunt). */
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const SURVEYS = ["parent", "child", "youth", "young-adult"] as const;
type SurveyId = (typeof SURVEYS)[number];
const AGE_BAND: Record<SurveyId, Submission["ageBand"]> = {
  parent: null,
  child: "6-11",
  youth: "15-17",
  "young-adult": "18-25",
};
/** The free-text questions of each survey (comment questions, optional). */
const FREE_TEXT: Record<SurveyId, string[]> = {
  parent: ["knowledge", "idea"],
  child: ["knowledge_child"],
  youth: ["knowledge", "idea"],
  "young-adult": ["knowledge", "idea"],
};

const OPEN = "ouverte";
const CLOSED = "fermee";
/** Every status docs/api.md lists for POST (405 is the route's answer to other methods). */
const DOCUMENTED = new Set([200, 201, 400, 404, 409, 410, 413, 415, 422]);

let db: DB;
let sqlite: SQLite.Database;

beforeAll(async () => {
  ({ db, sqlite } = await getTestDb());
  await createCampaign(db, { slug: OPEN });
  await createCampaign(db, { slug: CLOSED, status: "closed" });
});

// ---------------------------------------------------------------------------
// Observing the database and the process

/**
 * What a refused payload must leave untouched: the rows of the response tables and the
 * running totals (counts and sums, so an update of a total shows too).
 */
let fingerprintStatement: SQLite.Statement | undefined;
function fingerprint(): string {
  fingerprintStatement ??= sqlite
    .prepare(
      `SELECT
        (SELECT count(*) FROM response) || '|' ||
        (SELECT count(*) FROM response_score) || '|' ||
        (SELECT count(*) || ',' || total(length(text)) FROM verbatim) || '|' ||
        (SELECT count(*) FROM erased_response) || '|' ||
        (SELECT count(*) || ',' || total(n) || ',' || total(sum) || ',' || total(sum_squares) || ',' ||
                total(favourable) FROM indicator_aggregate) || '|' ||
        (SELECT count(*) || ',' || total(n) FROM participation_daily) || '|' ||
        (SELECT count(*) || ',' || total(n) FROM choice_count)`,
    )
    .pluck();
  return fingerprintStatement.get() as string;
}

let countStatement: SQLite.Statement | undefined;
function storedCount(id: string): number {
  countStatement ??= sqlite.prepare("SELECT count(*) FROM response WHERE id = ?").pluck();
  return countStatement.get(id) as number;
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const prototypeKeys = () => PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(","));
const CLEAN_PROTOTYPES = prototypeKeys();

function expectPrototypesClean(): void {
  expect(prototypeKeys()).toEqual(CLEAN_PROTOTYPES);
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "isAdmin", "x", "a", "toString2"]) expect(probe[key]).toBeUndefined();
}

/**
 * A message a French reader can read: not empty, and not one of the English messages a
 * library produces by default ("Invalid input: expected string, received number").
 */
function isFrench(message: unknown): boolean {
  if (typeof message !== "string") return false;
  // What the sender wrote is quoted back « like this »: judge only our own words.
  const own = message.replace(/«[^»]*»/g, "").trim();
  if (own.length < 5) return false;
  if (/\b(invalid|expected|received|required|unrecognized|must be|too (big|small)|input)\b/i.test(own)) {
    return false;
  }
  return /[éèêàçùôî]|\b(la|le|les|de|du|des|est|doit|ce|cette|pas|une?|au|en|champ|inconnu)\b/i.test(own);
}

// ---------------------------------------------------------------------------
// Generators

/** Characters that break naive code: lone surrogates, direction overrides, zero-width, NUL… */
const ODD_PIECES = [
  "\uD800",
  "\uDFFF",
  "a\uDC00b",
  "\u202E",
  "\u202D",
  "\u2066\u2069",
  "\u200B",
  "\u200D",
  "\u200C",
  "\uFEFF",
  "\u0000",
  "\u0007",
  "\u001B[31m",
  "\u2028\u2029",
  "\uFFFE\uFFFF",
  "👨‍👩‍👧‍👦",
  "🇫🇷",
  "👍🏽",
  "e\u0301\u0301\u0301",
  "Z̸̢̛̖a̵̡l̶g̷o",
  "مرحبا",
  "שלום",
  "＝1+1",
  '=HYPERLINK("http://x")',
  "+33 6",
  "-2+3",
  "@SUM(A1)",
  "\t=1",
  "\r=1",
  "<script>alert(1)</script>",
  "</script><script>alert(1)</script>",
  '"><svg onload=alert(1)>',
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "'; DROP TABLE response; --",
  "%00%2e%2e/",
  "{{constructor.constructor('alert(1)')()}}",
  "${process.exit(1)}",
  "__proto__",
  "constructor",
  "nsp",
];

const oddString = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ODD_PIECES) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

/** Any JSON value, some of them with odd strings inside. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  oddString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1e308, -1e308, 3.5, 2 ** 53 + 1, "", [], {}),
);

let nextId = 1;
/** A fresh, unique, valid id (a counter keeps the runs reproducible); sometimes in upper case. */
function freshId(upper: boolean): string {
  const id = `5e1f0000-0000-4000-8000-${(nextId++).toString(16).padStart(12, "0")}`;
  return upper ? id.toUpperCase() : id;
}

/** The secret a phone would make with an id: derived from it here, so a seed replays the same run. */
function secretFor(id: string): string {
  return nodeCrypto
    .createHash("sha256")
    .update(`secret:${id}`)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

interface Case {
  kind: string;
  slug: string;
  method?: string;
  contentType: string | null;
  /** JSON-serialisable value, or the raw bytes to send. */
  body: unknown;
}

const surveyId = fc.constantFrom(...SURVEYS);

/** Valid answers per survey, made once (building a SurveyJS model each time would dominate the run). */
const VALID_ANSWERS = new Map<SurveyId, Record<string, unknown>>();

/** A valid submission of a survey: the starting point of mutations. */
function baseSubmission(survey: SurveyId, upper: boolean): Record<string, unknown> {
  if (!VALID_ANSWERS.has(survey)) VALID_ANSWERS.set(survey, validAnswers(survey));
  const id = freshId(upper);
  return {
    id,
    secret: secretFor(id),
    surveyId: survey,
    surveyVersion: 1,
    locale: "fr",
    ageBand: AGE_BAND[survey],
    answers: { ...VALID_ANSWERS.get(survey)! },
  };
}

type Mutation =
  | { op: "setAnswer"; question: number; value: unknown }
  | { op: "freeText"; question: number; text: string }
  | { op: "dropAnswer"; question: number }
  | { op: "extraAnswer"; name: string; value: unknown }
  | { op: "setField"; field: string; value: unknown }
  | { op: "dropField"; field: string }
  | { op: "locale"; value: string }
  | { op: "ageBand"; value: string | null };

const FIELDS = ["id", "surveyId", "surveyVersion", "locale", "ageBand", "answers", "secret"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("setAnswer" as const), question: fc.nat(40), value: anyJson }),
  // Free text within the limits, odd but acceptable: these should be stored.
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("freeText" as const), question: fc.nat(3), text: oddString }),
  },
  fc.record({ op: fc.constant("dropAnswer" as const), question: fc.nat(40) }),
  fc.record({
    op: fc.constant("extraAnswer" as const),
    name: fc.oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", ""),
      oddString,
    ),
    value: anyJson,
  }),
  fc.record({ op: fc.constant("setField" as const), field: fc.constantFrom(...FIELDS), value: anyJson }),
  fc.record({ op: fc.constant("dropField" as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({
    op: fc.constant("locale" as const),
    value: fc.constantFrom("fr", "en", "ar", "falc", "de", "fr-FR", "FR", ""),
  }),
  fc.record({
    op: fc.constant("ageBand" as const),
    value: fc.constantFrom(null, "0-2", "3-5", "6-11", "12-14", "15-17", "18-25", "26-99"),
  }),
);

function applyMutations(survey: SurveyId, body: Record<string, unknown>, mutations: Mutation[]): void {
  const answers = body.answers as Record<string, unknown>;
  const names = Object.keys(answers);
  for (const m of mutations) {
    switch (m.op) {
      case "setAnswer":
        answers[names[m.question % names.length]!] = m.value;
        break;
      case "freeText": {
        const texts = FREE_TEXT[survey];
        answers[texts[m.question % texts.length]!] = m.text;
        break;
      }
      case "dropAnswer":
        delete answers[names[m.question % names.length]!];
        break;
      case "extraAnswer":
        // defineProperty: an own "__proto__" key, as JSON.parse would make it.
        Object.defineProperty(answers, m.name, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case "setField":
        Object.defineProperty(body, m.field, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case "dropField":
        delete body[m.field];
        break;
      case "locale":
        body.locale = m.value;
        break;
      case "ageBand":
        body.ageBand = m.value;
        break;
    }
  }
}

const slug = fc.oneof(
  { weight: 12, arbitrary: fc.constant(OPEN) },
  { weight: 1, arbitrary: fc.constant(CLOSED) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("inconnue", "../../etc/passwd", "%00", "ouverte\u0000", "OUVERTE", ""),
  },
);

/** Valid submissions, mutated a few times (none, often: the valid ones must be stored). */
const mutatedSubmission: fc.Arbitrary<Case> = fc
  .tuple(surveyId, fc.boolean(), fc.array(mutation, { maxLength: 3 }), slug)
  .map(([survey, upper, mutations, s]) => {
    const body = baseSubmission(survey, upper);
    applyMutations(survey, body, mutations);
    return { kind: "mutated", slug: s, contentType: "application/json", body };
  });

/** Any JSON at all as the body. */
const arbitraryJson: fc.Arbitrary<Case> = fc.jsonValue({ maxDepth: 6 }).map((body) => ({
  kind: "jsonValue",
  slug: OPEN,
  contentType: "application/json",
  body,
}));

/** Every field of the right name, each of any JSON type. */
const wrongTypes: fc.Arbitrary<Case> = fc
  .record({
    id: anyJson,
    surveyId: anyJson,
    surveyVersion: anyJson,
    locale: anyJson,
    ageBand: anyJson,
    answers: anyJson,
  })
  .map((body) => ({ kind: "wrongTypes", slug: OPEN, contentType: "application/json", body }));

const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * `__proto__` / `constructor` / `prototype` keys written in the JSON text, so that JSON.parse
 * makes them own properties (an object literal would set the prototype instead).
 */
const prototypeKeys_ = fc
  .tuple(
    surveyId,
    fc.constantFrom("__proto__", "constructor", "prototype"),
    fc.constantFrom("top", "answers", "nested", "value"),
    fc.constantFrom(
      '{"polluted":"yes","isAdmin":true}',
      '{"prototype":{"polluted":"yes"}}',
      '{"__proto__":{"polluted":"yes"}}',
      '"yes"',
      "[1,2]",
      "null",
      '{"toString":"x","valueOf":1}',
    ),
  )
  .map(([survey, key, where, payload]): Case => {
    const base = baseSubmission(survey, false);
    const answers = JSON.stringify(base.answers).slice(1, -1);
    const fields = `"id":"${String(base.id)}","surveyId":"${survey}","surveyVersion":1,"locale":"fr","ageBand":${JSON.stringify(base.ageBand)}`;
    let text: string;
    switch (where) {
      case "top":
        text = `{"${key}":${payload},${fields},"answers":{${answers}}}`;
        break;
      case "answers":
        text = `{${fields},"answers":{"${key}":${payload},${answers}}}`;
        break;
      case "nested":
        text = `{${fields},"answers":{${answers},"knowledge":{"${key}":${payload}}}}`;
        break;
      default:
        text = `{${fields},"answers":${JSON.stringify({ ...(base.answers as object), [FREE_TEXT[survey][0]!]: key })}}`;
    }
    return { kind: `proto-${where}`, slug: OPEN, contentType: "application/json", body: bytes(text) };
  });

/** Long free text: up to the limit (stored), over it (422), over the body limit (413). */
const hugeStrings: fc.Arbitrary<Case> = fc
  .tuple(
    surveyId,
    fc.constantFrom(1999, 2000, 2001, 5000, 5001, 20_000, MAX_SUBMISSION_BYTES / 4, MAX_SUBMISSION_BYTES + 1),
    fc.constantFrom("a", "é", "😀", "\u200B", "<"),
    fc.constantFrom("answer", "field", "key"),
  )
  .map(([survey, length, unit, where]): Case => {
    const body = baseSubmission(survey, false);
    const text = unit.repeat(length);
    if (where === "answer") (body.answers as Record<string, unknown>)[FREE_TEXT[survey][0]!] = text;
    else if (where === "field") body.locale = text;
    else (body.answers as Record<string, unknown>)[text] = 1;
    return { kind: "huge", slug: OPEN, contentType: "application/json", body };
  });

/** Arrays and objects nested from just under the depth limit to far beyond it. */
const deepNesting: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: MAX_JSON_DEPTH - 3, max: MAX_JSON_DEPTH + 3 }),
      fc.integer({ min: 100, max: 1000 }),
      fc.constantFrom(10_000, 60_000),
    ),
    fc.constantFrom("array", "object", "mixed"),
    fc.constantFrom("top", "answer"),
    surveyId,
  )
  .map(([depth, shape, where, survey]): Case => {
    let open = "";
    let close = "";
    for (let i = 0; i < depth; i++) {
      const asObject = shape === "object" || (shape === "mixed" && i % 2 === 1);
      open += asObject ? '{"a":' : "[";
      close = (asObject ? "}" : "]") + close;
    }
    const nested = `${open}1${close}`;
    const base = baseSubmission(survey, false);
    const text =
      where === "top"
        ? nested
        : JSON.stringify(base).replace(/"answers":\{/, `"answers":{"${FREE_TEXT[survey][0]}":${nested},`);
    return { kind: `deep-${shape}`, slug: OPEN, contentType: "application/json", body: bytes(text) };
  });

/** Byte sequences that are not UTF-8, inside an otherwise valid submission's free text. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80], // lone continuation byte
  [0xe2, 0x82], // truncated sequence
  [0xf0, 0x9f, 0x98], // truncated emoji
];
const invalidUtf8: fc.Arbitrary<Case> = fc
  .tuple(surveyId, fc.constantFrom(...INVALID_UTF8), fc.constantFrom("text", "key", "end"))
  .map(([survey, bad, where]): Case => {
    const base = baseSubmission(survey, false);
    (base.answers as Record<string, unknown>)[FREE_TEXT[survey][0]!] = "AVANT@@APRES";
    const text = JSON.stringify(base);
    const raw = bytes(text);
    const at =
      where === "end"
        ? raw.length
        : text.indexOf(where === "text" ? "@@" : "surveyId") + (where === "text" ? 0 : 3);
    const body = new Uint8Array(raw.length + bad.length);
    body.set(raw.subarray(0, at), 0);
    body.set(bad, at);
    body.set(raw.subarray(at), at + bad.length);
    return { kind: "invalidUtf8", slug: OPEN, contentType: "application/json", body };
  });

/** A valid submission under another content type (or none, or another method). */
const wrongContentType: fc.Arbitrary<Case> = fc
  .tuple(
    surveyId,
    fc.constantFrom(
      null,
      "",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json-patch+json",
      "application/jsonp",
      "application/xml",
      "*/*",
    ),
    fc.constantFrom("POST", "POST", "POST", "PUT", "PATCH", "DELETE"),
  )
  .map(([survey, contentType, method]) => ({
    kind: "contentType",
    slug: OPEN,
    method,
    contentType: method === "POST" ? contentType : "application/json",
    body: baseSubmission(survey, false),
  }));

/** Bodies over the limit: padding, a long array, garbage (made as bytes: strings this size are slow). */
const oversize: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 1, max: MAX_SUBMISSION_BYTES }), fc.constantFrom("spaces", "array", "garbage"))
  .map(([extra, shape]): Case => {
    const size = MAX_SUBMISSION_BYTES + extra;
    let body: Uint8Array;
    if (shape === "spaces") {
      body = Buffer.alloc(size + 2, " ");
      body.set(bytes("{}"), size);
    } else if (shape === "array") {
      body = Buffer.alloc(size + 2, "1,");
      body[0] = 0x5b; // [
      body.set(bytes("1]"), size);
    } else body = Buffer.alloc(size, "x");
    return { kind: `oversize-${shape}`, slug: OPEN, contentType: "application/json", body };
  });

// ---------------------------------------------------------------------------
// The property

/** A short description of a case: fast-check prints it with a counterexample (bodies can be 700 KB). */
function summarised(arb: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return arb.map((c) =>
    Object.assign(c, {
      // Made only when fast-check prints a counterexample: stringifying 700 KB bodies on
      // every run would cost more than the request itself.
      [fc.toStringMethod]: () => {
        const text =
          c.body instanceof Uint8Array
            ? new TextDecoder().decode(c.body)
            : (JSON.stringify(c.body) ?? "undefined");
        const shown = text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
        return `${c.kind} ${c.method ?? "POST"} /${c.slug} [${c.contentType}] ${shown}`;
      },
    }),
  );
}

const seen = new Map<string, Map<number, number>>();
const spent = new Map<string, number>();
function tally(kind: string, status: number, ms: number): void {
  const byStatus = seen.get(kind) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  seen.set(kind, byStatus);
  spent.set(kind, (spent.get(kind) ?? 0) + ms);
}

/** A body as the server reads it (raw bytes decoded and parsed), or undefined. */
function parsed(body: unknown): unknown {
  if (!(body instanceof Uint8Array)) return body;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
}

/** The id a body carries, in lower case, or null. */
function idOf(body: unknown): string | null {
  const value = parsed(body);
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id.toLowerCase() : null;
}

let storedStatement: SQLite.Statement | undefined;
let verbatimStatement: SQLite.Statement | undefined;
/** What was stored is what was sent: the answers, and each free text (trimmed) as a verbatim. */
function expectStoredAsSent(id: string, body: unknown, context: string): void {
  storedStatement ??= sqlite.prepare("SELECT answers FROM response WHERE id = ?").pluck();
  verbatimStatement ??= sqlite.prepare("SELECT question, text FROM verbatim WHERE response_id = ?");
  const answers = (parsed(body) as { answers: Record<string, unknown> }).answers;
  expect(JSON.parse(storedStatement.get(id) as string), context).toEqual(answers);
  for (const v of verbatimStatement.all(id) as { question: string; text: string }[]) {
    expect(v.text, context).toBe(String(answers[v.question]).trim());
  }
}

/** Sends one case and checks everything a user (or an attacker) could notice. */
async function checkCase(c: Case): Promise<void> {
  const body = c.body;
  const idBefore = idOf(body);
  const existedBefore = idBefore ? storedCount(idBefore) : 0;
  const before = fingerprint();
  const startedAt = performance.now();
  const res = await postResponse(c.slug, body, { contentType: c.contentType, method: c.method ?? "POST" });
  tally(c.kind, res.status, performance.now() - startedAt);
  const context = `${c.kind} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;

  expect(res.status, context).toBeLessThan(500);
  if (c.method && c.method !== "POST") expect(res.status, context).toBe(405);
  else expect(DOCUMENTED.has(res.status), context).toBe(true);

  if (res.status >= 400) {
    const error = res.body?.error;
    const errors = res.body?.errors;
    if (error) {
      expect(isFrench(error.message), context).toBe(true);
      for (const f of error.fields ?? []) expect(isFrench(f.message), `${context}: ${f.message}`).toBe(true);
    } else {
      expect(Array.isArray(errors) && errors.length > 0, context).toBe(true);
      for (const e of errors!) expect(isFrench(e.message), `${context}: ${e.message}`).toBe(true);
    }
    expect(fingerprint(), context).toBe(before);
  } else if (res.status === 201) {
    expect(existedBefore, context).toBe(0);
    expect(res.body?.id, context).toBe(idBefore);
    expect(storedCount(idBefore!), context).toBe(1);
    expectStoredAsSent(idBefore!, body, context);
    // The retry (a lost acknowledgement): 200, nothing more stored; the same code only when
    // the retry carries the secret of the first send.
    const afterFirst = fingerprint();
    const retry = await postResponse(c.slug, body, { contentType: c.contentType });
    expect(retry.status, context).toBe(200);
    const sent = parsed(body) as { secret?: unknown };
    const alreadyStored = { id: idBefore, alreadyStored: true, message: expect.any(String) };
    if (sent.secret !== undefined) {
      expect(retry.body, context).toEqual(res.body);
      // The same response replayed with another secret: acknowledged, without the code.
      if (!(body instanceof Uint8Array)) {
        const replay = { ...(body as object), secret: secretFor(`other:${idBefore}`) };
        const other = await postResponse(c.slug, replay, { contentType: c.contentType });
        expect(other.status, context).toBe(200);
        expect(other.body, context).toEqual(alreadyStored);
      }
    } else {
      expect(retry.body, context).toEqual(alreadyStored);
    }
    expect(fingerprint(), context).toBe(afterFirst);
    expect(storedCount(idBefore!), context).toBe(1);
  } else {
    // 200 on a first send would be a lie: only an id already stored is a retry.
    expect(existedBefore, context).toBe(1);
    expect(fingerprint(), context).toBe(before);
  }
  expectPrototypesClean();
}

describe("the submission API under generated hostile payloads", () => {
  afterAll(() => {
    // How the runs were spread, so a generator that stopped producing accepted (or refused)
    // payloads shows up in the log.
    console.log(
      [...seen]
        .map(
          ([k, m]) =>
            `${k}: ${[...m].map(([s, n]) => `${s}×${n}`).join(" ")} (${Math.round(spent.get(k)!)} ms in the action)`,
        )
        .join("\n"),
    );
  });

  it(
    "mutated valid submissions: never 5xx, refusals change nothing, acceptances are stored once",
    { timeout: 120_000 },
    async () => {
      await fc.assert(fc.asyncProperty(summarised(mutatedSubmission), checkCase), {
        ...RUN,
        numRuns: runs(700),
      });
      const statuses = seen.get("mutated")!;
      // The generator must exercise both sides: real acceptances and real refusals.
      expect(statuses.get(201) ?? 0).toBeGreaterThan(runs(100));
      expect(statuses.get(422) ?? 0).toBeGreaterThan(runs(80));
      expect(statuses.get(400) ?? 0).toBeGreaterThan(runs(80));
    },
  );

  it("arbitrary JSON and wrong types everywhere", { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(summarised(fc.oneof(arbitraryJson, wrongTypes)), checkCase), {
      ...RUN,
      numRuns: runs(4500),
    });
  });

  it("__proto__, constructor and prototype keys, at every level", { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(summarised(prototypeKeys_), checkCase), { ...RUN, numRuns: runs(700) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("invalid UTF-8, wrong content types and methods", { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(summarised(fc.oneof(invalidUtf8, wrongContentType)), checkCase), {
      ...RUN,
      numRuns: runs(2600),
    });
    for (const [status, n] of seen.get("invalidUtf8")!) expect(`${status}×${n}`).toMatch(/^400×/);
  });

  it("huge strings, deep nesting and oversized bodies", { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(summarised(fc.oneof(hugeStrings, deepNesting, oversize)), checkCase), {
      ...RUN,
      numRuns: runs(1500),
    });
  });
});

// ---------------------------------------------------------------------------
// The validator and the model directly, for every survey in surveys/

describe("validateAnswers and submitResponse on generated answers", () => {
  const defs = latestSurveyDefinitions();

  /**
   * Answers for a survey: half the time a clean set (every required question answered with
   * one of its choices), otherwise each question left out, answered with a choice, or with
   * anything; sometimes with extra keys (`__proto__`, odd names).
   */
  function answersFor(surveyJson: Record<string, unknown>) {
    const model = createSurveyModel(surveyJson);
    const questions = model.getAllQuestions(false).map((q) => ({
      name: q.name,
      required: q.isRequired,
      choices: ((q as unknown as { choices?: { value: unknown }[] }).choices ?? []).map((c) => c.value),
    }));
    const slot = (q: (typeof questions)[number]) =>
      fc.record({
        pick: q.choices.length > 0 ? fc.constantFrom(...q.choices) : oddString,
        wild: anyJson,
        mode: fc.constantFrom("pick", "pick", "pick", "omit", "wild"),
      });
    return fc
      .tuple(
        fc.tuple(...questions.map(slot)),
        fc.boolean(),
        fc.dictionary(fc.oneof(oddString, fc.constantFrom("__proto__", "constructor")), anyJson, {
          maxKeys: 2,
        }),
        fc.nat(9),
      )
      .map(([slots, clean, extra, extraChance]) => {
        const answers: Record<string, unknown> = {};
        questions.forEach((q, i) => {
          const { pick, wild, mode } = slots[i]!;
          if (clean) {
            if (q.required || mode !== "omit") answers[q.name] = pick;
          } else if (mode === "pick") answers[q.name] = pick;
          else if (mode === "wild") answers[q.name] = wild;
        });
        if (extraChance === 0) {
          for (const [k, v] of Object.entries(extra)) {
            Object.defineProperty(answers, k, {
              value: v,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        }
        return answers;
      });
  }

  it(
    "validateAnswers never throws, answers French messages, and gives the same result twice",
    { timeout: 120_000 },
    () => {
      expect(defs.length).toBeGreaterThanOrEqual(6);
      let valid = 0;
      for (const def of defs) {
        const model = getValidationModel(def);
        fc.assert(
          fc.property(answersFor(def.survey), (answers) => {
            const first = validateAnswers(model, answers);
            const again = validateAnswers(model, structuredClone(answers));
            expect(again).toEqual(first);
            for (const e of first) expect(isFrench(e.message), `${def.id}: ${e.message}`).toBe(true);
            if (first.length === 0) valid++;
            expectPrototypesClean();
          }),
          { ...RUN, numRuns: runs(200) },
        );
      }
      // Not only refusals: the generator reaches valid answer sets too.
      expect(valid).toBeGreaterThan(runs(50));
    },
  );

  it(
    "submitResponse never throws and stores only what validateAnswers accepts",
    { timeout: 120_000 },
    async () => {
      const secret = getEnv().SESSION_SECRET;
      for (const survey of SURVEYS) {
        const def = surveyDefinition(survey);
        const model = getValidationModel(def);
        await fc.assert(
          fc.asyncProperty(answersFor(def.survey), async (answers) => {
            const expectedErrors = validateAnswers(model, answers);
            const submission: Submission = {
              id: freshId(false),
              surveyId: survey,
              surveyVersion: 1,
              locale: "fr",
              ageBand: AGE_BAND[survey],
              answers,
            };
            const before = fingerprint();
            const result = await submitResponse(db, OPEN, submission, secret);
            if (expectedErrors.length === 0) {
              expect(result.kind).toBe("created");
              expect(storedCount(submission.id)).toBe(1);
            } else {
              expect(result).toEqual({ kind: "invalid", errors: expectedErrors });
              expect(fingerprint()).toBe(before);
            }
          }),
          { ...RUN, numRuns: runs(100) },
        );
      }
    },
  );
});
