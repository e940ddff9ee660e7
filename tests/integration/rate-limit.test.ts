/**
 * Rate limits of the anonymous endpoints, through the route modules with the client address
 * that the server (server/remix-lane.ts) puts in the load context: the N+1th request is refused (429, Retry-After,
 * French message) and changes nothing, another client is not affected, a phone retrying a
 * response already stored does not use up its connection's budget, and the limiter's memory
 * holds no address.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.RATE_LIMIT_SUBMISSIONS_PER_MINUTE = "3";
  process.env.RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES = "3";
  process.env.LOGIN_SLOWDOWN_MS = "0";
});
vi.setConfig({ testTimeout: 30_000 });

import type { AppLoadContext } from "@remix-run/node";
import type { DB, OpenedDatabase } from "../../db/client";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { rateLimiter } from "~/web/rate-limit.server";
import { sendResponse } from "~/responses/send-response";
import { createSitting, openSitting } from "~/council/sittings.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { createUser } from "~/accounts/user.server";
import { action as submitAction } from "~/routes/api.v1.campaigns.$slug.responses";
import { action as loginAction, loader as loginLoader } from "~/routes/connexion";
import { loader as phoneLoader } from "~/routes/conseil.$code";
import { action as joinAction } from "~/routes/conseil._index";
import { action as eraseAction } from "~/routes/effacer";
import { type ApiBody, countRows, createCampaign, getTestDb, validAnswers } from "./fixtures";

/** The fields these tests read in what the routes answered. */
type Answer = { message?: string; error?: string; step?: string; reason?: string; minutes?: number } & Record<
  string,
  unknown
>;

let opened: OpenedDatabase;
let db: DB;
const SLUG = "limites";

beforeAll(async () => {
  opened = await getTestDb();
  db = opened.db;
  await createCampaign(db, { slug: SLUG });
});

const ctx = (clientAddress: string): AppLoadContext => ({ clientAddress });

function submission(id: string = crypto.randomUUID()) {
  return {
    id,
    surveyId: "parent",
    surveyVersion: 1,
    locale: "fr",
    ageBand: null,
    answers: validAnswers("parent"),
  };
}

async function submit(address: string, body: unknown) {
  const request = new Request(`http://localhost/api/v1/campaigns/${SLUG}/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = (await submitAction({
    request,
    params: { slug: SLUG },
    context: ctx(address),
  })) as Response;
  return { status: response.status, headers: response.headers, body: (await response.json()) as ApiBody };
}

/** What a loader or action answered, returned or thrown (json() and other Responses). */
async function settle(run: () => Promise<unknown>) {
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    value = error;
  }
  if (value instanceof Response) {
    const data = /\bapplication\/json\b/.test(value.headers.get("Content-Type") ?? "")
      ? await value.json()
      : { text: await value.text() };
    return { status: value.status, headers: value.headers, data: data as Answer };
  }
  if (value instanceof Error) throw value;
  return { status: 200, headers: new Headers(), data: value as Answer };
}

function formRequest(url: string, form: Record<string, string>, cookie?: string) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: new URLSearchParams(form) });
}

/** Every string, key and buffer reachable from a value (Maps and class instances included). */
function everythingIn(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if (typeof v === "string") return void out.push(v);
    if (typeof v === "number") return void out.push(String(v));
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (Buffer.isBuffer(v)) return void out.push(v.toString("latin1"), v.toString("hex"));
    if (v instanceof Map) {
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    } else {
      for (const k of Reflect.ownKeys(v)) {
        walk(String(k));
        walk((v as Record<string | symbol, unknown>)[k]);
      }
    }
  };
  walk(root);
  return out;
}

describe("submission API", () => {
  it("accepts the limit, refuses the next with 429, Retry-After and a French JSON message, stores nothing", async () => {
    const address = "203.0.113.10";
    for (let i = 0; i < 3; i++) expect((await submit(address, submission())).status).toBe(201);
    const before = countRows(opened.sqlite);
    const refused = await submit(address, submission());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(refused.body.error?.code).toBe("rate_limited");
    expect(refused.body.error?.message).toMatch(/Trop d'envois.*gardées sur le téléphone/);
    expect(countRows(opened.sqlite)).toEqual(before);
    // Another client (another family's phone on another connection) is not affected.
    expect((await submit("203.0.113.11", submission())).status).toBe(201);
  });

  it("retries of a response already stored do not use up the budget", async () => {
    const address = "203.0.113.20";
    const first = submission();
    expect((await submit(address, first)).status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await submit(address, first)).status).toBe(200);
    expect((await submit(address, submission())).status).toBe(201);
    expect((await submit(address, submission())).status).toBe(201);
    expect((await submit(address, submission())).status).toBe(429);
  });

  it("the phone treats 429 as 'retry later', no sooner than Retry-After (answers kept)", async () => {
    const address = "203.0.113.30";
    for (let i = 0; i < 3; i++) await submit(address, submission());
    const fetchThroughAction = (async (url: string, init: RequestInit) => {
      const request = new Request(`http://localhost${url}`, init);
      return submitAction({ request, params: { slug: SLUG }, context: ctx(address) });
    }) as unknown as typeof fetch;
    const outcome = await sendResponse(SLUG, submission() as never, fetchThroughAction);
    expect(outcome.kind).toBe("retry");
    expect(outcome.kind === "retry" && outcome.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("keeps no address in memory: keyed hashes only", async () => {
    await submit("198.51.100.99", submission());
    const held = everythingIn(rateLimiter).join("\n");
    expect(held).toContain("submission");
    for (const address of ["198.51.100.99", "203.0.113.10", "203.0.113.11", "203.0.113.20"])
      expect(held).not.toContain(address);
  });

  it("limits nothing without a client address (in-process calls)", async () => {
    // No address in the context: nothing to limit by (tests and `remix vite:dev` call the app in-process).
    for (let i = 0; i < 5; i++) {
      const request = new Request(`http://localhost/api/v1/campaigns/${SLUG}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(submission()),
      });
      expect(
        ((await submitAction({ request, params: { slug: SLUG }, context: {} })) as Response).status,
      ).toBe(201);
    }
  });
});

describe("erasure codes", () => {
  it("3 codes matching nothing, then 429 in French; the right code is refused too until the pause ends", async () => {
    const address = "203.0.113.40";
    const stored = await submit("203.0.113.41", submission());
    const code = stored.body.erasureCode!;
    const erase = (c: string, intent = "check") =>
      settle(
        () =>
          eraseAction({
            request: formRequest("/effacer", { intent, code: c }),
            params: {},
            context: ctx(address),
          }) as Promise<unknown>,
      );
    for (let i = 0; i < 3; i++) expect((await erase("AAAA-BBBB-CCCC-DDDD")).status).toBe(404);
    const refused = await erase(code, "erase");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(refused.data.message).toMatch(
      /^Trop d'essais depuis cette connexion\. Rien n'a été changé\. Réessayez dans 10 minutes\.$/,
    );
    // Nothing was erased.
    const row = opened.sqlite
      .prepare("SELECT count(*) AS n FROM response WHERE id = ?")
      .get(stored.body.id) as { n: number };
    expect(row.n).toBe(1);
    // Another client may still erase with the right code.
    const other = await settle(
      () =>
        eraseAction({
          request: formRequest("/effacer", { intent: "check", code }),
          params: {},
          context: ctx("203.0.113.42"),
        }) as Promise<unknown>,
    );
    expect(other.status).toBe(200);
    expect(other.data.step).toBe("confirm");
  });

  it("a right code does not count", async () => {
    const stored = await submit("203.0.113.51", submission());
    for (let i = 0; i < 6; i++) {
      const r = await settle(
        () =>
          eraseAction({
            request: formRequest("/effacer", { intent: "check", code: stored.body.erasureCode! }),
            params: {},
            context: ctx("203.0.113.50"),
          }) as Promise<unknown>,
      );
      expect(r.status).toBe(200);
    }
  });
});

describe("council codes", () => {
  it("wrong codes typed are counted, the right code never: a class on one Wi-Fi can all join", async () => {
    const campaign = (await findCampaignBySlug(db, SLUG))!;
    const created = await createSitting(db, null, campaign, { councilName: "Conseil", durationMinutes: 60 });
    if (created.kind !== "created") throw new Error(created.kind);
    const opened2 = await openSitting(db, null, campaign, created.sitting);
    if (opened2.kind !== "ok") throw new Error(opened2.kind);
    const code = created.sitting.code;
    const join = (c: string, address: string) =>
      settle(
        () =>
          joinAction({
            request: formRequest("/conseil", { code: c }),
            params: {},
            context: ctx(address),
          }) as Promise<unknown>,
      );
    const school = "203.0.113.60";
    for (let i = 0; i < 35; i++) expect((await join(code, school)).status).toBe(302);
    const wrong = code === "999999" ? "888888" : "999999";
    const wrongAddress = "203.0.113.61";
    for (let i = 0; i < 3; i++) expect((await join(wrong, wrongAddress)).status).toBe(404);
    const refused = await join(code, wrongAddress);
    expect(refused.status).toBe(429);
    expect(refused.data.message).toMatch(/Trop d'essais/);
    // The code in the address (/conseil/CODE) shares the budget: guessing there is paused too.
    const page = await settle(
      () =>
        phoneLoader({
          request: new Request(`http://localhost/conseil/${code}`),
          params: { code },
          context: ctx(wrongAddress),
        }) as Promise<unknown>,
    );
    expect(page.status).toBe(429);
    expect(page.data).toMatchObject({ reason: "rate_limited", minutes: 10 });
    // …and unknown codes there are counted.
    for (let i = 0; i < 3; i++) {
      const miss = await settle(
        () =>
          phoneLoader({
            request: new Request(`http://localhost/conseil/${wrong}`),
            params: { code: wrong },
            context: ctx("203.0.113.62"),
          }) as Promise<unknown>,
      );
      expect(miss.status).toBe(404);
    }
    const paused = await settle(
      () =>
        phoneLoader({
          request: new Request(`http://localhost/conseil/${code}`),
          params: { code },
          context: ctx("203.0.113.62"),
        }) as Promise<unknown>,
    );
    expect(paused.status).toBe(429);
  });
});

describe("login", () => {
  it("wrong passwords from one client, on any account, are paused after the limit", async () => {
    await createUser(db, {
      email: "limite@example.org",
      role: "admin",
      password: "un mot de passe assez long",
      territorySlugs: [],
    });
    const address = "203.0.113.70";
    const attempt = async (email: string, password: string) => {
      const page = await settle(
        () =>
          loginLoader({
            request: new Request("http://localhost/connexion"),
            params: {},
            context: ctx(address),
          }) as Promise<unknown>,
      );
      const cookie = page.headers.get("Set-Cookie")!.split(";")[0]!;
      return settle(
        () =>
          loginAction({
            request: formRequest(
              "/connexion",
              { email, password, _csrf: csrfTokenForCookie(cookie) },
              cookie,
            ),
            params: {},
            context: ctx(address),
          }) as Promise<unknown>,
      );
    };
    for (let i = 0; i < 3; i++) expect((await attempt(`personne${i}@example.org`, "faux")).status).toBe(401);
    const refused = await attempt("limite@example.org", "un mot de passe assez long");
    expect(refused.status).toBe(429);
    expect(refused.data.error).toMatch(/Trop d'essais depuis cette connexion/);
  });
});
