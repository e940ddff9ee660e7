/**
 * What the server's front door (server/front-door.ts) refuses before any route reads a
 * request, on the real production server (`node server.js` on the current build, temp
 * databases, free ports): bodies past their route's limit (413, the server's memory
 * unchanged), cross-origin forms (403), unknown methods (405 with Allow), malformed hosts and
 * targets (400), Retry-After on every 429, no-store on the signed-in area, and X-Forwarded-*
 * only with TRUST_PROXY. See
 * docs/decisions/024-request-limits.md. And, single fetch being off, that data requests are
 * `?_data=` and that no request makes Remix call turbo-stream (decision 025). Uses build/ as
 * it is; builds it when missing.
 */
import { type ChildProcess, execSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServerProcess } from "./server-process";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const ROOT = path.resolve(import.meta.dirname, "../..");
const MiB = 1024 * 1024;
/** What an attacker sent to /s/:slug/accord in issue 12. */
const HUGE = 200 * MiB;
/** How much the server may grow while a huge body comes in (it held all of it before). */
const RSS_BOUND = 64 * MiB;
/** Loaded into each server: reports any call into turbo-stream (decision 025). */
const TURBO_STREAM_PROBE = path.join(import.meta.dirname, "turbo-stream-probe.js");

interface Server {
  base: string;
  port: number;
  dir: string;
  child: ChildProcess;
  log: () => string;
}

const servers: Server[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const server = await startServerProcess({
    port: await freePort(),
    prefix: "coeduc-limits-",
    unset: ["TRUST_PROXY", "PUBLIC_URL", "RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES"],
    env,
    nodeArgs: ["--import", TURBO_STREAM_PROBE],
  });
  servers.push(server);
  return server;
}

let plain: Server;
/** TRUST_PROXY=true; each test gives its own X-Forwarded-For, so rate limits do not mix. */
let proxied: Server;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "build/server/main.js"))) {
    execSync("npm run build", { cwd: ROOT, stdio: "ignore", timeout: 200_000 });
  }
  [plain, proxied] = await Promise.all([
    startServer(),
    startServer({ TRUST_PROXY: "true", RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES: "2" }),
  ]);
});

afterAll(() => {
  for (const s of servers) s.child.kill("SIGTERM");
});

const get = (server: Server, url: string, init: RequestInit = {}) =>
  fetch(`${server.base}${url}`, { redirect: "manual", ...init });

/** The server process's resident memory, in bytes. */
function rssOf(server: Server): number {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

interface BigAnswer {
  status: number | null;
  contentType: string;
  body: string;
  /** Bytes sent before the server answered or cut the connection. */
  sent: number;
}

/**
 * POSTs `size` bytes of a form, 64 KiB at a time with back-pressure (never held in memory):
 * chunked, or with its length declared up front. Settles once the server has answered (or
 * cut the connection) and the client has stopped sending; `stop` gives up sending at once.
 */
function sendHuge(
  server: Server,
  url: string,
  mode: "chunked" | "declared",
  {
    size = HUGE,
    headers = {},
    method = "POST",
  }: { size?: number; headers?: Record<string, string>; method?: string } = {},
): { done: Promise<BigAnswer>; stop: () => void } {
  const request = http.request(`${server.base}${url}`, {
    method,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(mode === "declared" ? { "Content-Length": String(size) } : {}),
      ...headers,
    },
  });
  const chunk = Buffer.alloc(64 * 1024, "a");
  chunk.write("code=ABCDEF&youth=oui&parent=oui&texte=");
  let sent = 0;
  let finished = false;
  const answer: BigAnswer = { status: null, contentType: "", body: "", sent: 0 };
  const done = new Promise<BigAnswer>((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      answer.sent = sent;
      request.destroy();
      resolve(answer);
    };
    request.on("response", (res) => {
      answer.status = res.statusCode ?? null;
      answer.contentType = String(res.headers["content-type"] ?? "");
      res.on("data", (d: Buffer) => (answer.body += d.toString()));
      res.on("end", finish);
      res.on("close", finish);
    });
    // A connection cut after the answer is expected; one cut before leaves status null.
    request.on("error", () => setTimeout(finish, 50));
    request.on("close", () => setTimeout(finish, 50));
    const pump = () => {
      while (!finished && answer.status === null && sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!request.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          request.once("drain", pump);
          return;
        }
      }
      if (!finished && sent >= size) request.end();
    };
    pump();
  });
  return { done, stop: () => request.destroy() };
}

/**
 * Sends huge bodies at once and follows the server's memory every 20 ms; gives up sending as
 * soon as it grew past the bound (the old server would take 1.5 GB of a shared machine).
 */
async function sendHugeWatched(
  server: Server,
  sends: { url: string; mode: "chunked" | "declared"; headers?: Record<string, string> }[],
) {
  const before = rssOf(server);
  let peak = before;
  const running = sends.map((s) => sendHuge(server, s.url, s.mode, { headers: s.headers }));
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(server));
    if (peak - before > RSS_BOUND) for (const r of running) r.stop();
  }, 20);
  try {
    const answers = await Promise.all(running.map((r) => r.done));
    peak = Math.max(peak, rssOf(server));
    return { answers, grewBy: peak - before };
  } finally {
    clearInterval(timer);
  }
}

function expectFrenchTooLargePage(answer: BigAnswer, limitKo: number) {
  expect(answer.status).toBe(413);
  expect(answer.contentType).toMatch(/^text\/html/);
  expect(answer.body).toContain('<html lang="fr">');
  expect(answer.body).toContain("Envoi trop volumineux");
  expect(answer.body).toContain(`dépasse ${limitKo} Ko : rien n'a été enregistré`);
}

describe("a body past its route's limit is refused, never held in memory", () => {
  // Every public route that takes a form, and the ones without an action (their POST was
  // read too when it came in pieces).
  const PUBLIC_FORMS = [
    "/s/demo/accord",
    "/s/demo/enfant",
    "/s/demo/jeune",
    "/s/demo/parent",
    "/effacer",
    "/conseil",
    "/conseil/ZZZZZZ",
    "/connexion",
  ];

  for (const url of PUBLIC_FORMS) {
    it(`POST ${url}: 200 MB chunked or declared gets a French 413 page, the server grows < 64 MB`, async () => {
      for (const mode of ["chunked", "declared"] as const) {
        const { answers, grewBy } = await sendHugeWatched(plain, [{ url, mode }]);
        expect(Math.round(grewBy / MiB), `${mode}: server grew by (MB)`).toBeLessThan(RSS_BOUND / MiB);
        expect(answers[0]!.status, `${mode}: status`).toBe(413);
        expectFrenchTooLargePage(answers[0]!, 64);
        // Refused after the limit and at most the drained 4 MiB, not after 200 MB.
        expect(answers[0]!.sent, `${mode}: bytes sent`).toBeLessThan(HUGE / 4);
      }
    });
  }

  it("four 200 MB bodies at once to the consent form: four 413s, the server grows < 64 MB", async () => {
    const { answers, grewBy } = await sendHugeWatched(plain, [
      { url: "/s/demo/accord", mode: "declared" },
      { url: "/s/demo/accord", mode: "declared" },
      { url: "/s/demo/accord", mode: "chunked" },
      { url: "/s/demo/accord", mode: "chunked" },
    ]);
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413]);
    expect(Math.round(grewBy / MiB)).toBeLessThan(RSS_BOUND / MiB);
  });

  it("a data request (?_data=) and a JSON API: the 413 is a page for one, JSON in French for the other", async () => {
    const data = await sendHuge(plain, "/s/demo/accord?_data=routes%2Fs.%24slug.accord", "chunked").done;
    expectFrenchTooLargePage(data, 64);
    const api = await sendHuge(plain, "/api/v1/campaigns/demo/indicators", "chunked").done;
    expect(api.status).toBe(413);
    expect(api.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(api.body)).toEqual({
      error: {
        code: "payload_too_large",
        message: expect.stringMatching(/dépasse 64 Ko : rien n'a été enregistré/),
      },
    });
  });

  it("a form of ordinary size still goes through; the forms with long texts take up to 128 KiB", async () => {
    const consent = await get(plain, "/s/demo/accord", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ youth: "oui", parent: "oui", padding: "x".repeat(60 * 1024) }),
    });
    expect(consent.status).toBe(302);
    expect(consent.headers.get("location")).toMatch(/^\/s\/demo\/questionnaire\//);

    // An action's texts (2 × 2,000 characters, up to 9 bytes each once encoded) fit: 100 KiB
    // reaches the route (which refuses it for want of a session), 200 KiB does not.
    const actions = "/tableau/campagnes/demo/actions";
    const fits = await sendHuge(plain, actions, "declared", { size: 100 * 1024 }).done;
    expect(fits.status).not.toBe(413);
    const tooMuch = await sendHuge(plain, actions, "declared", { size: 200 * 1024 }).done;
    expectFrenchTooLargePage(tooMuch, 128);
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
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return { setCookie, cookie: cookiePair(setCookie), token };
}

async function signIn(server: Server): Promise<string> {
  const { email, password } = demoLogin(server);
  const { cookie, token } = await loginPage(server);
  const login = await get(server, "/connexion", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ email, password, _csrf: token }),
  });
  expect([302, 303]).toContain(login.status);
  return cookiePair(login.headers.get("set-cookie"));
}

describe("the signed-in area is never stored by a browser or a proxy", () => {
  it("Cache-Control: no-store on /tableau, a campaign's verbatims page, its data requests and its export", async () => {
    const cookie = await signIn(plain);
    const urls = [
      "/tableau",
      "/tableau/campagnes/demo/verbatims",
      "/tableau/campagnes/demo/verbatims?_data=routes%2Ftableau.campagnes.%24slug.verbatims",
      // The client asks each route of the page for its data: the layouts' too.
      "/tableau/campagnes/demo/verbatims?_data=routes%2Ftableau",
      "/tableau/campagnes/demo/verbatims?_data=root",
      "/tableau/campagnes/demo/export/indicateurs.csv",
    ];
    for (const url of urls) {
      const response = await get(plain, url, { headers: { Cookie: cookie } });
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect({ url, cacheControl: response.headers.get("cache-control") }).toEqual({
        url,
        cacheControl: "no-store",
      });
      await response.arrayBuffer();
    }
  });
});

describe("a form posted from another site", () => {
  it("is a 403 in French (Remix's own check gave an empty 500), for a page and a data request", async () => {
    for (const [url, origin] of [
      ["/s/demo/accord", "https://evil.example"],
      ["/connexion", "https://evil.example"],
      ["/effacer", "null"],
      ["/effacer?_data=routes%2Feffacer", "https://evil.example"],
    ] as const) {
      const response = await get(plain, url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
        body: "youth=oui&parent=oui",
      });
      expect({ url, status: response.status }).toEqual({ url, status: 403 });
      const text = await response.text();
      expect(text).toContain('<html lang="fr">');
      expect(text).toContain("ne vient pas de Coéduc : rien n'a été enregistré");
    }
  });

  it("from the site itself, the same form goes through", async () => {
    const response = await get(plain, "/s/demo/accord", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: plain.base },
      body: "youth=oui&parent=oui",
    });
    expect(response.status).toBe(302);
  });
});

describe("forwarded headers count only with TRUST_PROXY", () => {
  it("without it, X-Forwarded-Proto: https leaves the session cookie plain (no __Host-, no Secure)", async () => {
    const { setCookie } = await loginPage(plain, { "X-Forwarded-Proto": "https" });
    expect(setCookie).toMatch(/^coeduc_session=/);
    expect(setCookie).not.toMatch(/Secure/i);
  });

  it("with it, the proxy's X-Forwarded-Proto: https gives the __Host-, Secure cookie", async () => {
    const viaProxy = await loginPage(proxied, {
      "X-Forwarded-Proto": "https",
      "X-Forwarded-For": "198.51.100.70",
    });
    expect(viaProxy.setCookie).toMatch(/^__Host-coeduc_session=.*; Secure/i);
    const plainHttp = await loginPage(proxied, { "X-Forwarded-For": "198.51.100.70" });
    expect(plainHttp.setCookie).toMatch(/^coeduc_session=/);
  });

  it("without it, X-Forwarded-Host cannot make another site's form pass for ours", async () => {
    const forged = {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://evil.example",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-For": "198.51.100.71",
      },
      body: "youth=oui&parent=oui",
    };
    expect((await get(plain, "/s/demo/accord", forged)).status).toBe(403);
    // Behind a trusted proxy, the host is the one the proxy says the browser asked for.
    expect((await get(proxied, "/s/demo/accord", forged)).status).toBe(302);
  });
});

/** Sends raw bytes and returns what the server wrote back before closing or going quiet. */
function raw(server: Server, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (d: Buffer) => {
      answer += d.toString();
      if (/\r\n\r\n/.test(answer)) {
        const length = Number(/content-length: (\d+)/i.exec(answer)?.[1] ?? "0");
        if (Buffer.byteLength(answer.split("\r\n\r\n").slice(1).join("\r\n\r\n")) >= length) socket.end();
      }
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.write(text);
  });
}

describe("methods and hosts no route can answer: a French 405 or 400, never a 500", () => {
  it("TRACE, PUT, PROPFIND, CONNECT and a method HTTP does not know: 405 with Allow", async () => {
    for (const method of ["TRACE", "PUT", "PROPFIND"]) {
      const answer = await raw(
        plain,
        `${method} /s/demo HTTP/1.1\r\nHost: localhost:${plain.port}\r\nConnection: close\r\n\r\n`,
      );
      expect({ method, status: answer.split("\r\n")[0] }).toEqual({
        method,
        status: "HTTP/1.1 405 Method Not Allowed",
      });
      expect(answer).toMatch(/\r\nAllow: GET, HEAD, POST\r\n/i);
      expect(answer).toContain("Cette méthode n'est pas acceptée ici");
    }
    // Methods Node's parser does not know, and CONNECT, which never reaches the handler.
    for (const line of ["BREW /s/demo", "CONNECT localhost:443"]) {
      const answer = await raw(plain, `${line} HTTP/1.1\r\nHost: localhost:${plain.port}\r\n\r\n`);
      expect({ line, status: answer.split("\r\n")[0] }).toEqual({
        line,
        status: "HTTP/1.1 405 Method Not Allowed",
      });
      expect(answer).toMatch(/\r\nAllow: GET, HEAD, POST\r\n/i);
      expect(answer).toContain("Cette méthode n'est pas acceptée ici");
    }
    // Under /api/, in JSON.
    const api = await raw(
      plain,
      `DELETE /api/v1/campaigns/demo/responses HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    expect(api.split("\r\n")[0]).toBe("HTTP/1.1 405 Method Not Allowed");
    expect(api).toContain('"code":"method_not_allowed"');
  });

  it("a malformed Host, or a target that is not a path: 400 in French", async () => {
    for (const host of ["exa mple.fr", "localhost:99999", "[::1", "a/b", "[zz]:80", "localhost:port"]) {
      const answer = await raw(plain, `GET /s/demo HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect({ host, status: answer.split("\r\n")[0] }).toEqual({ host, status: "HTTP/1.1 400 Bad Request" });
      expect(answer).toContain("Adresse ou requête mal formée.");
    }
    const absolute = await raw(
      plain,
      `GET http://evil.example/s/demo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    expect(absolute.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(absolute).toContain("Adresse ou requête mal formée.");
    // Behind a trusted proxy, its X-Forwarded-Host is checked the same way.
    const forwarded = await raw(
      proxied,
      `GET /s/demo HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: a b\r\nX-Forwarded-For: 198.51.100.72\r\nConnection: close\r\n\r\n`,
    );
    expect(forwarded.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    // A good host still works.
    expect((await get(plain, "/s/demo")).status).toBe(200);
  });
});

describe("every 429 says when to come back", () => {
  /** Posts wrong codes from one client (behind the trusted proxy) until refused. */
  async function until429(url: string, form: Record<string, string>, client: string) {
    for (let i = 0; i < 5; i++) {
      const response = await get(proxied, url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client },
        body: new URLSearchParams(form),
      });
      if (response.status === 429) return response;
      await response.arrayBuffer();
    }
    throw new Error(`no 429 from ${url}`);
  }

  it("the erasure and council pages (HTML), a data request, the council page at its address", async () => {
    const erase = { intent: "check", code: "ABCD-EFGH-JKMN-PQRS" };
    // A page carries the route's own wait: the rest of the 10-minute window, not the server's
    // 60-second default for a 429 that says nothing.
    const page = await until429("/effacer", erase, "198.51.100.80");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(await page.text()).toContain("Trop d'essais");

    // A data request is the action's own answer: its JSON and its own wait.
    const data = await until429("/effacer?_data=routes%2Feffacer", erase, "198.51.100.81");
    expect(data.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(await data.json()).toMatchObject({
      step: "error",
      message: expect.stringContaining("Trop d'essais"),
    });

    const council = await until429("/conseil", { code: "ZZZZZZ" }, "198.51.100.82");
    expect(Number(council.headers.get("retry-after"))).toBeGreaterThan(60);

    // The council page at its address: a wrong code in the URL counts too.
    let byAddress: Response | null = null;
    for (let i = 0; i < 5 && byAddress?.status !== 429; i++)
      byAddress = await get(proxied, "/conseil/ZZZZZZ", { headers: { "X-Forwarded-For": "198.51.100.83" } });
    expect(byAddress!.status).toBe(429);
    expect(Number(byAddress!.headers.get("retry-after"))).toBeGreaterThan(60);
  });
});

describe("single fetch is off (docs/decisions/025-single-fetch-off.md)", () => {
  it("data requests are ?_data= and answer JSON; single fetch's .data addresses are unknown pages", async () => {
    const page = await get(plain, "/s/demo");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"v3_singleFetch":false');

    const data = await get(plain, "/s/demo?_data=routes%2Fs.%24slug._index");
    expect(data.status).toBe(200);
    expect(data.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await data.json()).toMatchObject({ campaign: { slug: "demo" } });

    const action = await get(plain, "/effacer?_data=routes%2Feffacer", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "check", code: "ABCD-1234" }),
    });
    expect(action.status).toBe(422);
    expect(action.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await action.json()).toMatchObject({ step: "error", code: "ABCD-1234" });

    for (const url of ["/s/demo.data", "/_root.data", "/tableau.data"]) {
      const old = await get(plain, url);
      expect({ url, status: old.status }).toEqual({ url, status: 404 });
      expect(old.headers.get("content-type")).toMatch(/^text\/html/);
      await old.arrayBuffer();
    }
  });

  it("no request of this file made either server call turbo-stream", () => {
    for (const server of [plain, proxied]) {
      expect(server.log()).toContain("turbo-stream probe: watching");
      expect(server.log()).not.toMatch(/turbo-stream (encode|decode) called/);
    }
  });
});
