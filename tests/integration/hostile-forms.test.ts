/**
 * Hostile input at the other public forms (issue 6): joining a youth council by code, a
 * phone's answer in a council session, the erasure code, the joint consent. fast-check
 * sends arbitrary fields and bodies (wrong encodings, files, repeated fields, odd Unicode,
 * huge values, `__proto__` names) through the routes' actions.
 *
 * Properties: never a 5xx (nor an exception out of the action); only the statuses each form
 * answers; a refusal says why in French; a refusal changes nothing in the database.
 *
 * Reproduce a failure with the seed fast-check prints: HOSTILE_SEED=<seed> npx vitest run
 * tests/integration/hostile-forms.test.ts
 */
import type SQLite from "better-sqlite3";
import fc from "fast-check";
import { isRouteErrorResponse } from "@remix-run/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { createSitting, openSitting } from "~/council/sittings.server";
import { submitResponse } from "~/responses/response.server";
import { action as joinAction } from "~/routes/conseil._index";
import { action as phoneAction } from "~/routes/conseil.$code";
import { action as eraseAction } from "~/routes/effacer";
import { action as consentAction } from "~/routes/s.$slug.accord";
import { createCampaign, getTestDb, validAnswers } from "./fixtures";

const SEED = Number(process.env.HOSTILE_SEED ?? 20261127);
const SCALE = Number(process.env.HOSTILE_SCALE ?? 1);
const RUN = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });
const SLUG = "formulaires";

let db: DB;
let sqlite: SQLite.Database;
let councilCode = "";
let items: { name: string; choices: { value: string }[] }[] = [];
let erasureCode = "";

beforeAll(async () => {
  ({ db, sqlite } = await getTestDb());
  await createCampaign(db, { slug: SLUG });
  const campaign = (await findCampaignBySlug(db, SLUG))!;
  const created = await createSitting(db, null, campaign, {
    councilName: "Conseil test",
    durationMinutes: 60,
  });
  if (created.kind !== "created") throw new Error(created.kind);
  const opened = await openSitting(db, null, campaign, created.sitting);
  if (opened.kind !== "ok") throw new Error(opened.kind);
  councilCode = opened.sitting.code;
  items = councilItems(opened.sitting);
  const stored = await submitResponse(
    db,
    SLUG,
    {
      id: "5e1f0000-0000-4000-8000-00000000f0f0",
      surveyId: "parent",
      surveyVersion: 1,
      locale: "fr",
      ageBand: null,
      answers: validAnswers("parent"),
    },
    getEnv().SESSION_SECRET,
  );
  if (stored.kind !== "created") throw new Error(stored.kind);
  erasureCode = stored.erasureCode;
});

/** Rows a refused form must leave as they were. */
let fingerprintStatement: SQLite.Statement | undefined;
function fingerprint(): string {
  fingerprintStatement ??= sqlite
    .prepare(
      `SELECT
        (SELECT count(*) FROM response) || '|' ||
        (SELECT count(*) FROM erased_response) || '|' ||
        (SELECT count(*) FROM council_participant) || '|' ||
        (SELECT count(*) || ',' || total(length(value)) FROM council_answer) || '|' ||
        (SELECT group_concat(status) FROM council_session)`,
    )
    .pluck();
  return fingerprintStatement.get() as string;
}

// ---------------------------------------------------------------------------
// Generators

const ODD = [
  "\uD800",
  "\u202E",
  "\u200B",
  "\uFEFF",
  "\u0000",
  "👨‍👩‍👧‍👦",
  "é",
  "<script>alert(1)</script>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "'; DROP TABLE response; --",
  "=1+1",
  "__proto__",
  "oui",
  "OUI",
  "check",
  "erase",
];

const oddString = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ODD),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({ unit: "grapheme", maxLength: 12 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

const FIELD_NAMES = [
  "code",
  "intent",
  "question",
  "value",
  "youth",
  "parent",
  "__proto__",
  "constructor",
  "prototype",
];

/** A field value: odd text, a (mangled) real code or item, or a huge string. */
const fieldValue = fc.oneof(
  { weight: 6, arbitrary: oddString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "CODE",
      "CODE-lower",
      "CODE-spaced",
      "CODE-other",
      "ERASE",
      "ERASE-lower",
      "ERASE-other",
      "ITEM",
      "CHOICE",
      "erase",
      "check",
      "oui",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(10_000, 200_000).map((n) => "A".repeat(n)) },
);

/** Placeholders replaced when the request is built (the real codes exist only after beforeAll). */
function resolve(value: string): string {
  switch (value) {
    case "CODE":
      return councilCode;
    case "CODE-lower":
      return councilCode.toLowerCase();
    case "CODE-spaced":
      return ` ${councilCode.slice(0, 3)} ${councilCode.slice(3)} `;
    case "CODE-other":
      // Well formed, but no session has it (codes are drawn at random: almost surely unused).
      return councilCode === "K7M4PQ" ? "K7M4PR" : "K7M4PQ";
    case "ERASE":
      return erasureCode;
    case "ERASE-other":
      return "ABCD-EFGH-JKMN-PQRS";
    case "ERASE-lower":
      return erasureCode.toLowerCase().replaceAll("-", " ");
    case "ITEM":
      return items[0]!.name;
    case "CHOICE":
      return items[0]!.choices[0]!.value;
    default:
      return value;
  }
}

type Encoding =
  | "urlencoded"
  | "multipart"
  | "multipart-file"
  | "raw-invalid-utf8"
  | "json"
  | "none"
  | "truncated-multipart";

interface FormCase {
  fields: [string, string][];
  encoding: Encoding;
}

const ENCODINGS: Encoding[] = [
  "urlencoded",
  "urlencoded",
  "urlencoded",
  "urlencoded",
  "multipart",
  "multipart-file",
  "raw-invalid-utf8",
  "json",
  "none",
  "truncated-multipart",
];

/**
 * A form close to what the page sends (`base`): each field kept, given another value, or
 * left out, often repeated, plus random extra fields.
 */
function formCase(base: [string, string][]): fc.Arbitrary<FormCase> {
  const field = ([name, value]: [string, string]) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant([[name, value]] as [string, string][]) },
      { weight: 3, arbitrary: fieldValue.map((v) => [[name, v]] as [string, string][]) },
      { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
      {
        weight: 1,
        arbitrary: fieldValue.map(
          (v) =>
            [
              [name, value],
              [name, v],
            ] as [string, string][],
        ),
      },
    );
  return fc.record({
    fields: fc
      .tuple(
        fc.tuple(...base.map(field)),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), oddString), fieldValue), {
          maxLength: 3,
        }),
        fc.boolean(),
      )
      .map(([kept, extra, extraFirst]) =>
        extraFirst ? [...extra, ...kept.flat()] : [...kept.flat(), ...extra],
      ),
    encoding: fc.constantFrom(...ENCODINGS),
  });
}

function buildRequest(url: string, c: FormCase): Request {
  const fields = c.fields.map(([k, v]) => [resolve(k), resolve(v)] as [string, string]);
  const init: RequestInit & { duplex?: string } = { method: "POST", headers: new Headers() };
  const headers = init.headers as Headers;
  switch (c.encoding) {
    case "urlencoded":
      init.body = new URLSearchParams(fields);
      break;
    case "multipart":
    case "multipart-file": {
      const form = new FormData();
      for (const [k, v] of fields) {
        if (c.encoding === "multipart-file") form.append(k, new Blob([v], { type: "text/html" }), "x.html");
        else form.append(k, v);
      }
      init.body = form;
      break;
    }
    case "raw-invalid-utf8": {
      headers.set("content-type", "application/x-www-form-urlencoded");
      const text = new URLSearchParams(fields).toString();
      init.body = Buffer.concat([
        Buffer.from(text),
        Buffer.from([0x26, 0x63, 0x6f, 0x64, 0x65, 0x3d, 0xff, 0xc0, 0x80]),
      ]);
      break;
    }
    case "json":
      headers.set("content-type", "application/json");
      init.body = JSON.stringify(Object.fromEntries(fields));
      break;
    case "none":
      init.body = new URLSearchParams(fields).toString();
      headers.set("content-type", "");
      break;
    case "truncated-multipart":
      headers.set("content-type", "multipart/form-data; boundary=----x");
      init.body = `------x\r\nContent-Disposition: form-data; name="code"\r\n\r\n${fields[0]?.[1] ?? ""}`;
      break;
  }
  return new Request(url, init);
}

/** What an action answered, thrown or returned. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; data: unknown }> {
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    value = error;
  }
  if (value instanceof Response)
    return {
      status: value.status,
      data: /\bapplication\/json\b/.test(value.headers.get("Content-Type") ?? "")
        ? await value.json()
        : await value.text(),
    };
  if (isRouteErrorResponse(value)) return { status: value.status, data: value.data };
  // An exception out of an action is a 500 for the person.
  if (value instanceof Error) throw value;
  return { status: 200, data: value };
}

/** The French messages a refusal carries: `message`, or `errors` (field → message). */
function messagesOf(data: unknown): string[] {
  if (!data || typeof data !== "object") return [];
  const d = data as { message?: unknown; errors?: unknown; reason?: unknown };
  const out: string[] = [];
  if (typeof d.message === "string") out.push(d.message);
  if (d.errors && typeof d.errors === "object") out.push(...Object.values(d.errors).map(String));
  return out;
}

/** Not empty, and not a library's English default ("Invalid input: expected string…"). */
function isFrench(message: string): boolean {
  const own = message.replace(/«[^»]*»/g, "").trim();
  if (own.length < 5) return false;
  if (/\b(invalid|expected|received|required|unrecognized|must be|input)\b/i.test(own)) return false;
  return /[éèêàçùôî]|\b(la|le|les|de|du|des|est|doit|ce|cette|pas|une?|au|en)\b/i.test(own);
}

const PROTOTYPE_KEYS = Reflect.ownKeys(Object.prototype).map(String).sort().join(",");

interface FormRoute {
  name: string;
  /** The fields the page itself sends, placeholders for the real codes. */
  base: [string, string][];
  call: (c: FormCase) => Promise<{ status: number; data: unknown }>;
  /** Statuses that change something when they answer (a success). */
  successes: number[];
  /** Statuses a refusal may have. */
  refusals: number[];
  /** Whether a refusal's data carries a message (the council phone's page says it in its error page instead). */
  refusalHasMessage: (status: number, data: unknown) => boolean;
}

const ROUTES: FormRoute[] = [
  {
    name: "/conseil (joining by code)",
    base: [["code", "CODE"]],
    call: (c) =>
      outcome(() =>
        joinAction({ request: buildRequest("http://localhost/conseil", c), params: {}, context: {} }),
      ),
    successes: [302],
    refusals: [404, 410, 422, 429],
    refusalHasMessage: () => true,
  },
  {
    name: "/conseil/:code (a phone's answer)",
    base: [
      ["intent", "answer"],
      ["question", "ITEM"],
      ["value", "CHOICE"],
    ],
    call: (c) =>
      outcome(() =>
        phoneAction({
          request: buildRequest(`http://localhost/conseil/${councilCode}`, c),
          params: { code: councilCode },
          context: {},
        }),
      ),
    successes: [302],
    // 400: an intent other than "answer" (a missing one is an answer).
    refusals: [400, 403, 404, 409, 410, 422, 429],
    // A thrown refusal (unknown session, rate limit) is a page with its reason, not a message.
    refusalHasMessage: (_status, data) => !(data && typeof data === "object" && "reason" in data),
  },
  {
    name: "/effacer (erasure code)",
    base: [
      ["intent", "check"],
      ["code", "ERASE"],
    ],
    call: (c) =>
      outcome(() =>
        eraseAction({ request: buildRequest("http://localhost/effacer", c), params: {}, context: {} }),
      ),
    successes: [200],
    refusals: [400, 404, 422, 429],
    refusalHasMessage: () => true,
  },
  {
    name: "/s/:slug/accord (joint consent)",
    base: [
      ["youth", "oui"],
      ["parent", "oui"],
    ],
    call: (c) =>
      outcome(() =>
        consentAction({
          request: buildRequest(`http://localhost/s/${SLUG}/accord`, c),
          params: { slug: SLUG },
          context: {},
        }),
      ),
    successes: [302],
    refusals: [422, 429],
    refusalHasMessage: () => true,
  },
];

describe.each(ROUTES)("$name under generated hostile forms", (route) => {
  it("never fails, refuses in French, and a refusal changes nothing", { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(formCase(route.base), async (c) => {
        const before = fingerprint();
        const res = await route.call(c);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const context = `${route.name} → ${res.status} ${JSON.stringify(res.data)?.slice(0, 300)}`;
        expect(res.status, context).toBeLessThan(500);
        expect([...route.successes, ...route.refusals], context).toContain(res.status);
        if (route.refusals.includes(res.status)) {
          expect(fingerprint(), context).toBe(before);
          if (route.refusalHasMessage(res.status, res.data)) {
            const messages = messagesOf(res.data);
            expect(messages.length, context).toBeGreaterThan(0);
            for (const m of messages) expect(isFrench(m), `${context}: ${m}`).toBe(true);
          }
        }
        expect(Reflect.ownKeys(Object.prototype).map(String).sort().join(",")).toBe(PROTOTYPE_KEYS);
      }),
      RUN(400),
    );
    console.log(`${route.name}: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
    // The generator reaches both successes and refusals.
    expect([...statuses.keys()].filter((s) => route.successes.includes(s)).length).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((s) => route.refusals.includes(s)).length).toBeGreaterThan(0);
  });
});
