/**
 * Logins under attack and sessions that end on the server (docs/decisions/022), through the
 * route modules with real Requests and a temporary SQLite database: wrong passwords sent in
 * parallel are all counted, an outsider's wrong guesses cannot lock a coordinator out of a
 * browser where they signed in before, wrong codes do not spend the login budget, and a session
 * past its absolute or idle limit, or logged out, is refused, its live stream closed.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Before any app module reads the environment: short slow-downs, the default address budget.
vi.hoisted(() => {
  process.env.LOGIN_SLOWDOWN_MS = "1";
  process.env.RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES = "30";
});
// Each login costs a scrypt hash (~100 ms alone, several times that on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { parseEnv } from "~/env.server";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { DEVICE_COOKIE } from "~/accounts/known-device.server";
import { getActor } from "~/accounts/login.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { createSitting, openSitting } from "~/council/sittings.server";
import { createAccount } from "~/accounts/user.server";
import { action as loginAction } from "~/routes/connexion";
import { action as joinAction } from "~/routes/conseil._index";
import { action as logoutAction } from "~/routes/deconnexion";
import { action as eraseAction } from "~/routes/effacer";
import { loader as tableauLoader } from "~/routes/tableau";
import { loader as streamLoader } from "~/routes/tableau.campagnes.$slug.conseils.$id.direct";
import { createCampaign, getTestDb } from "./fixtures";

const PASSWORD = "un-mot-de-passe-solide";
const TERRITORY = "territoire-test"; // the fixtures' campaigns belong to it
const HOUR = 3_600_000;
const MINUTE = 60_000;

let db: DB;

beforeAll(async () => {
  db = (await getTestDb()).db;
  await createCampaign(db, { slug: "sessions" }); // creates the territory too
});

async function makeUser(email: string) {
  return createAccount(db, { email, role: "coordinator", territorySlugs: [TERRITORY], password: PASSWORD });
}

interface Outcome {
  status: number;
  headers: Headers;
  data: { error?: string | null; message?: string } & Record<string, unknown>;
}

/** What a loader or action answered, whether it returned or threw (redirects, json()). */
async function settle(promise: Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    value = error;
  }
  if (value instanceof Response) {
    const data = /\bapplication\/json\b/.test(value.headers.get("Content-Type") ?? "")
      ? await value.json()
      : { text: await value.text() };
    return { status: value.status, headers: value.headers, data: data as Outcome["data"] };
  }
  if (value instanceof Error) throw value;
  return { status: 200, headers: new Headers(), data: value as Outcome["data"] };
}

const context = (address?: string): AppLoadContext => (address ? { clientAddress: address } : {});

/** A form POST as a browser sends it: its cookies, and the anti-CSRF token of its session cookie. */
function post(url: string, form: Record<string, string>, cookies: string[] = []) {
  // A visitor's anonymous session cookie (the login page's), unless a signed-in one is given.
  const signedIn = cookies.some((c) => c.startsWith("coeduc_session="));
  const cookie = [...(signedIn ? [] : ["coeduc_session=visiteur"]), ...cookies].join("; ");
  const body = new URLSearchParams({ ...form, _csrf: csrfTokenForCookie(cookie) });
  return new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: cookie }, body });
}

/** A login from a browser holding `cookies` (e.g. its known-device cookie), from `address`. */
function login(email: string, password: string, options: { cookies?: string[]; address?: string } = {}) {
  return settle(
    loginAction({
      request: post("/connexion", { email, password }, options.cookies),
      params: {},
      context: context(options.address),
    }),
  );
}

/** The `name=value` of the Set-Cookie whose name starts so, as a browser would send it back. */
function cookieNamed(outcome: Outcome, name: string): string {
  const found = outcome.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie (status ${outcome.status})`);
  return found.split(";")[0]!;
}

/** Signs in; returns the session cookie and the browser's known-device cookie. */
async function signIn(email: string, options: { cookies?: string[]; address?: string } = {}) {
  const outcome = await login(email, PASSWORD, options);
  expect(outcome.status, `login of ${email}`).toBe(302);
  return { session: cookieNamed(outcome, "coeduc_session"), device: cookieNamed(outcome, DEVICE_COOKIE) };
}

async function storedFailures(email: string): Promise<number | undefined> {
  const key = crypto.createHash("sha256").update(`login:${email}`).digest("hex");
  const row = await db
    .selectFrom("login_throttle")
    .select("failures")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.failures;
}

function retryAfter(outcome: Outcome): number {
  return Number(outcome.headers.get("Retry-After"));
}

describe("logins under attack", () => {
  it("20 wrong passwords sent at once are all counted: the stored count is 20 and the account's lock applies", async () => {
    const email = "parallele@ville.fr";
    await makeUser(email);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(email, `mauvais-mot-de-passe-${i}`)),
    );
    expect(await storedFailures(email)).toBe(20);
    // The 10th failure locks the account: the attempts counted after it are refused unchecked.
    const statuses = outcomes.map((o) => o.status).sort();
    expect(statuses).toEqual([...Array<number>(9).fill(401), ...Array<number>(11).fill(429)]);
    for (const refused of outcomes.filter((o) => o.status === 429)) {
      expect(refused.data.error).toMatch(/^Trop d'essais pour ce compte\. Réessayez après /);
      expect(retryAfter(refused)).toBeGreaterThan(0);
      expect(retryAfter(refused)).toBeLessThanOrEqual(15 * 60);
    }
    // Now even the right password is refused from a browser that never signed in.
    const right = await login(email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get("Set-Cookie")).toBeNull();
  });

  it("after 12 wrong tries by an outsider on the same Wi-Fi, the owner's browser that signed in before still gets in (slowed down, not refused)", async () => {
    const email = "proprietaire@ville.fr";
    await makeUser(email);
    const townHall = "203.0.113.80";
    const owner = await signIn(email, { address: townHall });
    for (let i = 0; i < 12; i++) await login(email, `devine-${i}`, { address: townHall });
    expect(await storedFailures(email)).toBe(12);
    // The outsider, and the owner in a browser never used before, are refused.
    const fresh = await login(email, PASSWORD, { address: townHall });
    expect(fresh.status).toBe(429);
    expect(fresh.data.error).toMatch(/^Trop d'essais pour ce compte\./);
    expect(fresh.data.error).toMatch(/Depuis un navigateur où vous vous êtes déjà connecté·e/);

    const started = performance.now();
    const back = await login(email, PASSWORD, { cookies: [owner.device], address: townHall });
    const took = performance.now() - started;
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe("/tableau");
    const session = cookieNamed(back, "coeduc_session");
    expect(
      await getActor(new Request("http://localhost/tableau", { headers: { Cookie: session } })),
    ).toMatchObject({
      email,
    });
    // 13 failures counted (12 + the refused one): 1 ms × 2^10, within the 4 s ceiling.
    expect(took).toBeGreaterThanOrEqual(1000);
    // The lock the outsider earned stays for unknown browsers.
    expect((await login(email, PASSWORD, { address: "203.0.113.81" })).status).toBe(429);
  });

  it("the known-browser cookie vouches only for the account that signed in on it, and only if signed by us", async () => {
    await makeUser("a-moi@ville.fr");
    await makeUser("pas-a-moi@ville.fr");
    const mine = await signIn("a-moi@ville.fr");
    for (let i = 0; i < 10; i++) await login("pas-a-moi@ville.fr", `devine-${i}`);
    expect((await login("pas-a-moi@ville.fr", PASSWORD, { cookies: [mine.device] })).status).toBe(429);

    for (let i = 0; i < 10; i++) await login("a-moi@ville.fr", `devine-${i}`);
    const [name, value] = mine.device.split("=") as [string, string];
    const tampered = `${name}=${value.slice(0, -3)}${value.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect((await login("a-moi@ville.fr", PASSWORD, { cookies: [tampered] })).status).toBe(429);
    expect((await login("a-moi@ville.fr", PASSWORD, { cookies: [mine.device] })).status).toBe(302);
  });

  it("a known browser has its own lock: 10 wrong passwords from it lock that browser, not the others", async () => {
    const email = "distrait@ville.fr";
    await makeUser(email);
    const laptop = await signIn(email);
    const phone = await signIn(email);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await login(email, `oubli-${i}`, { cookies: [laptop.device] })).status);
    expect(statuses).toEqual([...Array<number>(9).fill(401), 429]);
    const refused = await login(email, PASSWORD, { cookies: [laptop.device] });
    expect(refused.status).toBe(429);
    expect(refused.data.error).toMatch(/^Trop d'essais depuis ce navigateur\. Réessayez après /);
    expect(retryAfter(refused)).toBeGreaterThan(0);
    expect((await login(email, PASSWORD, { cookies: [phone.device] })).status).toBe(302);
  });

  it("an outsider who spends an address's budget of wrong passwords stops unknown browsers there, not a known one", async () => {
    const email = "mediatheque@ville.fr";
    await makeUser(email);
    const library = "203.0.113.90";
    const owner = await signIn(email, { address: library });
    for (let i = 0; i < 30; i++) {
      expect((await login(`personne-${i}@ville.fr`, "au-hasard", { address: library })).status).toBe(401);
    }
    const stopped = await login(email, PASSWORD, { address: library });
    expect(stopped.status).toBe(429);
    expect(stopped.data.error).toMatch(/^Trop d'essais depuis cette connexion\. Réessayez dans 10 min\.$/);
    expect(retryAfter(stopped)).toBeGreaterThan(0);
    expect((await login(email, PASSWORD, { cookies: [owner.device], address: library })).status).toBe(302);
  });

  it("30 wrong erasure codes and 30 wrong council codes from one address do not stop a login from it", async () => {
    const email = "wifi-partage@ville.fr";
    await makeUser(email);
    const wifi = "203.0.113.100";
    const erase = () =>
      settle(
        eraseAction({
          request: post("/effacer", { intent: "check", code: "AAAA-BBBB-CCCC-DDDD" }),
          params: {},
          context: context(wifi),
        }),
      );
    const join = () =>
      settle(
        joinAction({ request: post("/conseil", { code: "999999" }), params: {}, context: context(wifi) }),
      );
    for (let i = 0; i < 30; i++) expect((await erase()).status).toBe(404);
    expect((await erase()).status).toBe(429); // that budget is spent…
    for (let i = 0; i < 30; i++) expect((await join()).status).toBe(404);
    expect((await join()).status).toBe(429);
    // …and the login budget is another one.
    expect((await login(email, PASSWORD, { address: wifi })).status).toBe(302);
  });
});

describe("sessions end on the server", () => {
  const tableau = (session: string) =>
    settle(
      tableauLoader({
        request: new Request("http://localhost/tableau", { headers: { Cookie: session } }),
        params: {},
        context: {},
      }),
    );

  async function rowOf(userEmail: string) {
    return db
      .selectFrom("user_session")
      .innerJoin("user", "user.id", "user_session.user_id")
      .select(["user_session.id", "user_session.created_at", "user_session.last_seen_at"])
      .where("user.email", "=", userEmail)
      .orderBy("user_session.created_at", "desc")
      .executeTakeFirstOrThrow();
  }

  async function setTimes(id: string, times: { created_at?: Date; last_seen_at?: Date }) {
    await db
      .updateTable("user_session")
      .set({
        ...(times.created_at ? { created_at: times.created_at.toISOString() } : {}),
        ...(times.last_seen_at ? { last_seen_at: times.last_seen_at.toISOString() } : {}),
      })
      .where("id", "=", id)
      .execute();
  }

  it("limits are settings: 8 hours from login, 2 hours without a request, by default", () => {
    const env = parseEnv({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(32), DATABASE_PATH: "/tmp/x.db" });
    expect([env.SESSION_LIFETIME_HOURS, env.SESSION_IDLE_MINUTES]).toEqual([8, 120]);
    const set = parseEnv({
      NODE_ENV: "test",
      SESSION_SECRET: "x".repeat(32),
      DATABASE_PATH: "/tmp/x.db",
      SESSION_LIFETIME_HOURS: "4",
      SESSION_IDLE_MINUTES: "30",
    });
    expect([set.SESSION_LIFETIME_HOURS, set.SESSION_IDLE_MINUTES]).toEqual([4, 30]);
  });

  it("a session past the absolute limit is refused, though used a minute ago", async () => {
    const email = "huit-heures@ville.fr";
    await makeUser(email);
    const { session } = await signIn(email);
    expect((await tableau(session)).status).toBe(200);
    const row = await rowOf(email);
    await setTimes(row.id, {
      created_at: new Date(Date.now() - 8 * HOUR + MINUTE),
      last_seen_at: new Date(Date.now() - MINUTE),
    });
    expect((await tableau(session)).status).toBe(200);
    await setTimes(row.id, { created_at: new Date(Date.now() - 8 * HOUR - MINUTE) });
    const refused = await tableau(session);
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/connexion?retour=%2Ftableau");
  });

  it("a session idle past the limit is refused; a used one is kept alive, written at most once a minute", async () => {
    const email = "inactif@ville.fr";
    await makeUser(email);
    const { session } = await signIn(email);
    const row = await rowOf(email);

    // Used 119 minutes ago: still live, and this request moves last_seen_at to now.
    await setTimes(row.id, { last_seen_at: new Date(Date.now() - 119 * MINUTE) });
    expect((await tableau(session)).status).toBe(200);
    const touched = await rowOf(email);
    expect(Date.now() - Date.parse(touched.last_seen_at)).toBeLessThan(MINUTE);

    // Used 30 s ago: requests do not write.
    const recent = new Date(Date.now() - 30_000).toISOString();
    await db.updateTable("user_session").set({ last_seen_at: recent }).where("id", "=", row.id).execute();
    for (let i = 0; i < 3; i++) expect((await tableau(session)).status).toBe(200);
    expect((await rowOf(email)).last_seen_at).toBe(recent);

    // Nothing for two hours: over.
    await setTimes(row.id, { last_seen_at: new Date(Date.now() - 120 * MINUTE - 1000) });
    expect((await tableau(session)).status).toBe(302);
  });

  it("logout deletes the session: a copy of the cookie is refused, the account's other browser stays signed in", async () => {
    const email = "deconnexion@ville.fr";
    await makeUser(email);
    const here = await signIn(email);
    const elsewhere = await signIn(email);
    const out = await settle(
      logoutAction({ request: post("/deconnexion", {}, [here.session]), params: {}, context: {} }),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/connexion");
    expect((await tableau(here.session)).status).toBe(302);
    expect((await tableau(elsewhere.session)).status).toBe(200);
  });
});

describe("the council live stream ends with its session", () => {
  async function openStream(session: string) {
    const campaign = (await findCampaignBySlug(db, "sessions"))!;
    const created = await createSitting(db, null, campaign, { councilName: "Conseil", durationMinutes: 60 });
    if (created.kind !== "created") throw new Error(created.kind);
    const opened = await openSitting(db, null, campaign, created.sitting);
    if (opened.kind !== "ok") throw new Error(opened.kind);
    const leave = new AbortController();
    const response = await streamLoader({
      request: new Request(
        `http://localhost/tableau/campagnes/sessions/conseils/${created.sitting.id}/direct`,
        {
          headers: { Cookie: session },
          signal: leave.signal,
        },
      ),
      params: { slug: "sessions", id: String(created.sitting.id) },
      context: {},
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let endedAt: number | null = null;
    void (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return void (endedAt = Date.now());
        text += decoder.decode(chunk.value, { stream: true });
      }
    })();
    const until = async (condition: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return condition();
    };
    expect(await until(() => text.includes("data: "), 3000)).toBe(true);
    return { text: () => text, endedAt: () => endedAt, until, leave };
  }

  it("closes within a few seconds after logout, telling the page", async () => {
    const email = "projecteur@ville.fr";
    await makeUser(email);
    const { session } = await signIn(email);
    const stream = await openStream(session);
    // Still open a little later while the session lives.
    await new Promise((r) => setTimeout(r, 2500));
    expect(stream.endedAt()).toBeNull();

    const loggedOut = Date.now();
    await settle(logoutAction({ request: post("/deconnexion", {}, [session]), params: {}, context: {} }));
    expect(await stream.until(() => stream.endedAt() !== null, 4000)).toBe(true);
    expect(stream.endedAt()! - loggedOut).toBeLessThan(3500);
    expect(stream.text()).toMatch(/event: fin-de-session\n/);
    stream.leave.abort();
  });

  it("closes when its session passes the idle limit while it runs", async () => {
    const email = "projecteur-oublie@ville.fr";
    await makeUser(email);
    const { session } = await signIn(email);
    const stream = await openStream(session);
    const row = await db
      .selectFrom("user_session")
      .innerJoin("user", "user.id", "user_session.user_id")
      .select("user_session.id")
      .where("user.email", "=", email)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("user_session")
      .set({ last_seen_at: new Date(Date.now() - 121 * MINUTE).toISOString() })
      .where("id", "=", row.id)
      .execute();
    expect(await stream.until(() => stream.endedAt() !== null, 4000)).toBe(true);
    expect(stream.text()).toMatch(/event: fin-de-session\n/);
    stream.leave.abort();
  });
});
