/**
 * Web security on the real production server (`node server.js`: server/ as compiled into
 * build/, on the current build, a temp database, ports 4600-4699): security headers on every kind of response, the CSP nonce on
 * every inline script, HSTS and X-Forwarded-For only behind a trusted proxy, session cookies,
 * CSRF on the real login form, and no stack trace in any error answer.
 * Uses build/ as it is (built by `npm run build`); builds it when missing.
 */
import { type ChildProcess, execSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadRemixBuild } from "../../server/remix-build";
import { validAnswers } from "./fixtures";
import { startServerProcess } from "./server-process";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 240_000 });

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Server {
  base: string;
  dir: string;
  log: () => string;
  child: ChildProcess;
}

const servers: Server[] = [];

async function startServer(port: number, env: Record<string, string> = {}): Promise<Server> {
  const server = await startServerProcess({
    port,
    prefix: "coeduc-security-",
    unset: ["TRUST_PROXY", "RATE_LIMIT_SUBMISSIONS_PER_MINUTE", "RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES"],
    env,
  });
  servers.push(server);
  return server;
}

const get = (server: Server, url: string, init: RequestInit = {}) =>
  fetch(`${server.base}${url}`, { redirect: "manual", ...init });

let plain: Server;
let proxied: Server;
/** Its database is broken by the error tests. */
let broken: Server;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/server/main.js"))) {
    execSync("npm run build", { cwd: ROOT, stdio: "ignore", timeout: 200_000 });
  }
  const port = 4600 + (process.pid % 30) * 3;
  [plain, proxied, broken] = await Promise.all([
    startServer(port, { RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "2" }),
    startServer(port + 1, { TRUST_PROXY: "true", RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "2" }),
    startServer(port + 2),
  ]);
});

afterAll(() => {
  for (const s of servers) s.child.kill("SIGTERM");
});

function cspNonce(response: Response): string {
  const csp = response.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  if (!nonce) throw new Error(`no nonce in CSP: ${csp}`);
  return nonce;
}

/**
 * The headers every answer carries. A page's CSP allows this response's nonce; the JSON that
 * server/submission-lane.ts writes for the submission API (`"api"`) allows nothing at all.
 */
function expectSecurityHeaders(response: Response, kind: "page" | "api" = "page") {
  const h = response.headers;
  const csp = h.get("content-security-policy") ?? "";
  if (kind === "api") {
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toMatch(/script-src|'unsafe-|'self'/);
  } else {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}';/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(csp).toContain("object-src 'none'");
  }
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/base-uri '(self|none)'/);
  expect(h.get("x-frame-options")).toBe("DENY");
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("referrer-policy")).toBe("same-origin");
  expect(h.get("permissions-policy")).toContain("camera=()");
  expect(h.get("permissions-policy")).toContain("microphone=()");
  expect(h.get("permissions-policy")).toContain("geolocation=()");
  expect(h.get("x-powered-by")).toBeNull();
}

describe("security headers", () => {
  it("on an HTML page, and every inline script carries this response's nonce", async () => {
    const response = await get(plain, "/s/demo");
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    const nonce = cspNonce(response);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A new nonce for each response.
    expect(cspNonce(await get(plain, "/s/demo"))).not.toBe(nonce);
  });

  it("on a JSON API answer, a hashed asset, a public file and a 404", async () => {
    const api = await get(plain, "/api/v1/campaigns/demo/responses");
    expect(api.status).toBe(405);
    expect(api.headers.get("content-type")).toMatch(/json/);
    expectSecurityHeaders(api);

    const html = await (await get(plain, "/")).text();
    const asset = /(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const file = await get(plain, asset!);
    expect(file.status).toBe(200);
    expectSecurityHeaders(file);
    expectSecurityHeaders(await get(plain, "/favicon.svg"));
    expectSecurityHeaders(await get(plain, "/sw.js"));

    const missing = await get(plain, "/nulle-part");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it("HSTS only over HTTPS seen through a trusted proxy; X-Forwarded-Proto is ignored otherwise", async () => {
    expect((await get(plain, "/")).headers.get("strict-transport-security")).toBeNull();
    const spoofed = await get(plain, "/", { headers: { "X-Forwarded-Proto": "https" } });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
    expect((await get(proxied, "/")).headers.get("strict-transport-security")).toBeNull();
    const https = await get(proxied, "/", { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
  });
});

describe("the submission endpoint, called by the server's fast lane without Remix's router", () => {
  function parentPayload(id: string, secret?: string) {
    // The demo campaign offers the newest parent questionnaire (version 2): answers a person
    // could give, questions hidden by a condition left out.
    const answers = { ...validAnswers("parent", 2), knowledge: "Un texte." };
    return JSON.stringify({
      id,
      secret,
      surveyId: "parent",
      surveyVersion: 2,
      locale: "fr",
      ageBand: null,
      answers,
    });
  }
  const rows = (id: string) => {
    const db = new SQLite(path.join(broken.dir, "coeduc.db"), { readonly: true });
    try {
      return (db.prepare("select count(*) as n from response where id = ?").get(id) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const post = (body: BodyInit, init: RequestInit = {}) =>
    get(broken, "/api/v1/campaigns/demo/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      ...init,
    });

  it("stores a response once, answers its retry with the same code, with the security headers", async () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const secret = "bGUtdGVsZXBob25lLWRlLWNhbWls"; // the phone's, sent with every try (decision 023)
    const first = await post(parentPayload(id, secret));
    expect(first.status).toBe(201);
    expectSecurityHeaders(first, "api");
    const created = (await first.json()) as { id: string; erasureCode: string };
    expect(created.id).toBe(id);
    const again = await post(parentPayload(id, secret));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { erasureCode: string }).erasureCode).toBe(created.erasureCode);
    // Without the phone's secret: acknowledged, but no code.
    const replay = await post(parentPayload(id));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ id, alreadyStored: true, message: expect.any(String) });
    expect(rows(id)).toBe(1);
  });

  it("refuses a body past the limit sent without a length (chunked), in French, storing nothing", async () => {
    const id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    const big = parentPayload(id).replace("Un texte.", "x".repeat(2 * 1024 * 1024));
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 64 * 1024) controller.enqueue(chunks.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const refused = await post(stream, { duplex: "half" } as RequestInit);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/trop grande/);
    expect(rows(id)).toBe(0);
  });

  /**
   * Announces a 100 MB body, sends a few bytes and nothing more: the answer, and how long after
   * it the server closed the connection by itself (decision 024: it never waits for the rest).
   */
  function announceHuge(contentType: string, first: string) {
    return new Promise<{ status: number; body: string; closedAfterMs: number }>((resolve, reject) => {
      const request = http.request(`${broken.base}/api/v1/campaigns/demo/responses`, {
        method: "POST",
        headers: { "Content-Type": contentType, "Content-Length": String(100 * 1024 * 1024) },
      });
      let answered = 0;
      let status = 0;
      let body = "";
      request.on("response", (res) => {
        answered = Date.now();
        status = res.statusCode!;
        res.on("data", (d: Buffer) => (body += d.toString()));
      });
      request.on("error", () => {}); // the close is expected
      request.on("close", () => {
        if (answered) resolve({ status, body, closedAfterMs: Date.now() - answered });
        else reject(new Error("closed before any answer"));
      });
      request.write(first);
    });
  }

  it("refuses a declared length far past the limit at once, and closes the connection", async () => {
    // A client that announces 100 MB and sends a few bytes: it gets its 413 without the
    // server waiting for (or reading) the rest; the connection is closed a few seconds later.
    const answer = await announceHuge("application/json", "{");
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(answer.closedAfterMs).toBeLessThan(8000);
  });

  it("refused before reading (wrong type), a body announced as 100 MB is not read: the connection is closed", async () => {
    const answer = await announceHuge("text/plain", "x");
    expect(answer.status).toBe(415);
    expect(answer.closedAfterMs).toBeLessThan(8000);
  });

  it("the path is matched without regard to case, as Remix does", async () => {
    const res = await get(broken, "/API/V1/Campaigns/demo/Responses", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expectSecurityHeaders(res, "api");
  });

  it("behind a trusted proxy over HTTPS, the answer carries HSTS", async () => {
    const res = await get(proxied, "/api/v1/campaigns/demo/responses", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "192.0.2.50",
      },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expectSecurityHeaders(res, "api");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    const plainHttp = await get(broken, "/api/v1/campaigns/demo/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
      body: "{}",
    });
    expect(plainHttp.headers.get("strict-transport-security")).toBeNull();
  });

  it("other methods still go through Remix: GET is a 405 in French", async () => {
    const res = await get(broken, "/api/v1/campaigns/demo/responses");
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Utilisez POST/);
  });
});

describe("client address for rate limits", () => {
  const post = (server: Server, forwardedFor: string) =>
    get(server, "/api/v1/campaigns/demo/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
      body: "{}", // refused as invalid (400), after being counted
    });

  it("behind a trusted proxy, each client (X-Forwarded-For) has its own budget", async () => {
    expect((await post(proxied, "198.51.100.1")).status).toBe(400);
    expect((await post(proxied, "198.51.100.1")).status).toBe(400);
    const refused = await post(proxied, "198.51.100.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await post(proxied, "198.51.100.2")).status).toBe(400);
  });

  it("behind a trusted proxy, the address is the one the proxy saw (the last X-Forwarded-For entry)", async () => {
    // A client can put anything before it; only what the proxy appended counts.
    expect((await post(proxied, "10.0.0.1, 198.51.100.20")).status).toBe(400);
    expect((await post(proxied, "10.0.0.2, 198.51.100.20")).status).toBe(400);
    expect((await post(proxied, "10.0.0.3, 198.51.100.20")).status).toBe(429);
    expect((await post(proxied, "198.51.100.20, 198.51.100.21")).status).toBe(400);
    // Empty entries are skipped, as Express did: "x," is the client x, not the proxy.
    expect((await post(proxied, "198.51.100.30,")).status).toBe(400);
    expect((await post(proxied, "198.51.100.30, ")).status).toBe(400);
    expect((await post(proxied, "198.51.100.30")).status).toBe(429);
  });

  it("without TRUST_PROXY, X-Forwarded-For cannot be used to dodge the limit", async () => {
    expect((await post(plain, "198.51.100.1")).status).toBe(400);
    expect((await post(plain, "198.51.100.2")).status).toBe(400);
    expect((await post(plain, "198.51.100.3")).status).toBe(429);
  });
});

/** The demo coordinator's credentials, written next to the database at start-up. */
function demoLogin(server: Server) {
  const text = fs.readFileSync(path.join(server.dir, "demo-coordinator.txt"), "utf8");
  return { email: /^email=(.+)$/m.exec(text)![1]!, password: /^password=(.+)$/m.exec(text)![1]! };
}

const cookiePair = (setCookie: string | null) => (setCookie ?? "").split(";")[0]!;

async function loginPage(server: Server, headers: Record<string, string> = {}) {
  const page = await get(server, "/connexion", { headers });
  const setCookie = page.headers.get("set-cookie");
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return { setCookie, cookie: cookiePair(setCookie), token };
}

function postLogin(
  server: Server,
  cookie: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return get(server, "/connexion", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
    body: new URLSearchParams(form),
  });
}

describe("login over HTTP, as a browser without JavaScript does it", () => {
  it("the session cookie is HttpOnly, SameSite=Lax, replaced at login; the one from before is not signed in", async () => {
    const { email, password } = demoLogin(plain);
    const before = await loginPage(plain);
    expect(before.setCookie).toMatch(/^coeduc_session=/);
    expect(before.setCookie).toMatch(/HttpOnly/i);
    expect(before.setCookie).toMatch(/SameSite=Lax/i);
    expect(before.setCookie).toMatch(/Path=\//i);
    expect(before.token.length).toBeGreaterThan(20);

    // Without the token: 403, plain French, no session.
    const forged = await postLogin(plain, before.cookie, { email, password });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect(await forged.text()).toContain("Formulaire expiré");

    const login = await postLogin(plain, before.cookie, { email, password, _csrf: before.token });
    expect([302, 303]).toContain(login.status);
    const after = cookiePair(login.headers.get("set-cookie"));
    expect(login.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(after).toMatch(/^coeduc_session=.+/);
    expect(after).not.toBe(before.cookie);

    expect((await get(plain, "/tableau", { headers: { Cookie: after } })).status).toBe(200);
    const stale = await get(plain, "/tableau", { headers: { Cookie: before.cookie } });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/connexion/);
  });

  it("over HTTPS (trusted proxy) the cookie is __Host-, Secure", async () => {
    const https = { "X-Forwarded-Proto": "https" };
    const { email, password } = demoLogin(proxied);
    const before = await loginPage(proxied, https);
    expect(before.setCookie).toMatch(/^__Host-coeduc_session=/);
    expect(before.setCookie).toMatch(/; Secure/i);
    expect(before.setCookie).not.toMatch(/Domain=/i);
    const login = await postLogin(proxied, before.cookie, { email, password, _csrf: before.token }, https);
    expect([302, 303]).toContain(login.status);
    expect(login.headers.get("set-cookie")).toMatch(/^__Host-coeduc_session=.+; .*Secure/i);
  });
});

describe("errors never show a stack trace", () => {
  // Stack frames, file paths, the database's own words. (Remix's serialized errors name a
  // "stack" field, left undefined in production: the frames are what must not appear.)
  const LEAKS =
    /\bat [\w.<>$]+ \(|node_modules|\/work\/|\/tmp\/|file:\/\/|SqliteError|no such table|\.server\.ts/i;

  it("a broken address is a 400 in French", async () => {
    const response = await get(broken, "/s/%E0%A4%A");
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/mal formée/);
    expect(text).not.toMatch(LEAKS);
  });

  it("an error thrown in a page loader, a data request and the API: French, no stack, no paths", async () => {
    // Break the database under the running server: every campaign query now throws.
    const db = new SQLite(path.join(broken.dir, "coeduc.db"));
    db.exec("ALTER TABLE campaign RENAME TO campaign_hidden");
    db.close();
    try {
      const page = await get(broken, "/s/demo");
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain("Un problème est survenu");
      expect(html).not.toMatch(LEAKS);

      const data = await get(broken, "/s/demo?_data=routes%2Fs.%24slug._index");
      expect(data.status).toBe(500);
      expect(await data.text()).not.toMatch(LEAKS);

      const api = await get(broken, "/api/v1/campaigns/demo/responses", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          id: "11111111-2222-4333-8444-555555555555",
          surveyId: "parent",
          surveyVersion: 1,
          locale: "fr",
          ageBand: null,
          answers: {},
        }),
      });
      expect(api.status).toBe(500);
      expect(api.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await api.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("server_error");
      expect(body.error.message).toMatch(/^Erreur du serveur\. Rien n'a été enregistré/);
      expect(JSON.stringify(body)).not.toMatch(LEAKS);
      // The details are in the server's log.
      expect(broken.log()).toMatch(/no such table: campaign/);
    } finally {
      const fix = new SQLite(path.join(broken.dir, "coeduc.db"));
      fix.exec("ALTER TABLE campaign_hidden RENAME TO campaign");
      fix.close();
    }
  });
});

describe("the server's contract with the Remix build (server/remix-build.ts)", () => {
  /** A build module on disk whose entry exports `entry` and whose future flags are `future`. */
  function fakeBuild(entry: string, future = "{}"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-build-"));
    const file = path.join(dir, "index.mjs");
    fs.writeFileSync(
      file,
      `export const entry = { module: { ${entry} } };\nexport const future = ${future};\n`,
    );
    return file;
  }
  const COMPLETE =
    "default() {}, answerSubmission() {}, classifyDbError() {}, dbUnavailableAnswer() {}, " +
    "adjustForUnavailableDatabase() {}, MAX_SUBMISSION_BYTES: 262144";

  it("takes what the server needs from a build that has it all", async () => {
    const { entry } = await loadRemixBuild(fakeBuild(COMPLETE));
    expect(entry.MAX_SUBMISSION_BYTES).toBe(262144);
    expect(typeof entry.answerSubmission).toBe("function");
  });

  it("refuses to start on a build that lacks a member or has single fetch on, saying why", async () => {
    const older = fakeBuild("default() {}, classifyDbError() {}, MAX_SUBMISSION_BYTES: '256 Ko'");
    await expect(loadRemixBuild(older)).rejects.toThrow(
      /adjustForUnavailableDatabase, dbUnavailableAnswer, answerSubmission, MAX_SUBMISSION_BYTES\): run `npm run build` again/,
    );
    await expect(loadRemixBuild(fakeBuild(COMPLETE, "{ v3_singleFetch: true }"))).rejects.toThrow(
      /single fetch/,
    );
  });
});
