/**
 * Coordinator accounts through the route modules with real Requests and a real (temporary)
 * SQLite database: login and its throttling, logout, password change, role checks on the
 * admin pages, the audit log, the demo coordinator and the user:create command.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Before any app module reads the environment: keeps the throttling tests fast.
vi.hoisted(() => {
  process.env.LOGIN_SLOWDOWN_MS = "1";
});
// Each login costs a scrypt hash (~100 ms alone, several times that on a busy machine).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

import { openDatabase } from "../../db/client";
import type { Role } from "../../db/schema";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { getActor } from "~/accounts/login.server";
import { THROTTLE } from "~/accounts/throttle";
import { recordAudit } from "~/privacy/audit.server";
import { DEMO_COORDINATOR_EMAIL, DEMO_COORDINATOR_FILE, seedDemoIfEmpty } from "~/demo/demo.server";
import { createTerritory } from "~/accounts/territory.server";
import { AccountError, attemptLogin, createAccount, findActor } from "~/accounts/user.server";
import { action as loginAction } from "~/routes/connexion";
import { action as logoutAction } from "~/routes/deconnexion";
import { action as accountAction, loader as accountLoader } from "~/routes/tableau.compte";
import { action as accountsAction, loader as accountsLoader } from "~/routes/tableau.comptes";
import { loader as journalLoader } from "~/routes/tableau.journal";
import { action as territoriesAction, loader as territoriesLoader } from "~/routes/tableau.territoires";
import { createCampaign, getTestDb } from "./fixtures";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PASSWORD = "un-mot-de-passe-solide";
const TERRITORY = "territoire-comptes";

interface Outcome {
  status: number;
  headers: Headers;
  /** Loader/action data, or the text of a thrown Response. */
  data: unknown;
}

/** What a loader or action answered, whether it returned or threw (redirects, 404s, json()). */
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
      : await value.text();
    return { status: value.status, headers: value.headers, data };
  }
  if (value instanceof Error) throw value;
  return { status: 200, headers: new Headers(), data: value };
}

function request(
  url: string,
  init: { cookie?: string; form?: Record<string, string | string[]> } = {},
): Request {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (!init.form) return new Request(`http://localhost${url}`, { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) body.append(k, one);
  // Posted as the real forms do: with the anti-CSRF token of the session cookie (a visitor's too).
  const cookie = init.cookie ?? "coeduc_session=visitor";
  headers.set("Cookie", cookie);
  if (!body.has("_csrf")) body.append("_csrf", csrfTokenForCookie(cookie));
  return new Request(`http://localhost${url}`, { method: "POST", headers, body });
}

const args = (req: Request) => ({ request: req, params: {}, context: {} });

async function login(email: string, password: string, retour?: string): Promise<Outcome> {
  const form: Record<string, string> = { email, password };
  if (retour !== undefined) form.retour = retour;
  return settle(loginAction(args(request("/connexion", { form }))));
}

/** The `name=value` part of a Set-Cookie header, as a browser would send it back. */
function cookieOf(outcome: Outcome): string {
  const header = outcome.headers.get("Set-Cookie");
  if (!header) throw new Error(`no Set-Cookie (status ${outcome.status})`);
  return header.split(";")[0]!;
}

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const outcome = await login(email, password);
  expect(outcome.status, `login of ${email}`).toBe(302);
  return cookieOf(outcome);
}

async function actorFor(cookie: string) {
  return getActor(request("/tableau", { cookie }));
}

async function auditRows() {
  const { db } = await getTestDb();
  return db.selectFrom("audit_log").selectAll().orderBy("id").execute();
}

async function makeUser(
  email: string,
  role: Role,
  territorySlugs: string[] = role === "admin" ? [] : [TERRITORY],
) {
  const { db } = await getTestDb();
  return createAccount(db, { email, role, territorySlugs, password: PASSWORD });
}

// The demo seeding works on an empty database, so it runs first.
describe("demo coordinator", () => {
  const file = path.join(path.dirname(process.env.DATABASE_PATH!), DEMO_COORDINATOR_FILE);
  let printed = "";

  it("is created on first start with a fresh password, printed and written beside the database (0600)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await seedDemoIfEmpty(await getTestDb(), new Date(), { port: 3000 })).toBe(true);
      printed = log.mock.calls.map((c) => c.join(" ")).join("\n");
    } finally {
      log.mockRestore();
    }
    const saved = Object.fromEntries(
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(saved.email).toBe(DEMO_COORDINATOR_EMAIL);
    expect(saved.login).toBe("http://localhost:3000/connexion");
    expect(saved.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(printed).toContain(`e-mail:    ${DEMO_COORDINATOR_EMAIL}`);
    expect(printed).toContain(`password:  ${saved.password}`);
    expect(printed).toContain("sign in:   http://localhost:3000/connexion");
    expect(printed).toContain(DEMO_COORDINATOR_FILE);

    const outcome = await login(DEMO_COORDINATOR_EMAIL, saved.password!);
    expect(outcome.status).toBe(302);
    const actor = await actorFor(cookieOf(outcome));
    expect(actor).toMatchObject({ email: DEMO_COORDINATOR_EMAIL, role: "coordinator" });
    const { db } = await getTestDb();
    const demo = await db
      .selectFrom("territory")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    expect(actor!.territoryIds).toEqual([demo.id]);
  });

  it("is not created again, nor its password changed, on a second start", async () => {
    const before = fs.readFileSync(file, "utf8");
    const { db } = await getTestDb();
    const hashBefore = await db
      .selectFrom("user")
      .select("password_hash")
      .where("email", "=", DEMO_COORDINATOR_EMAIL)
      .executeTakeFirstOrThrow();
    expect(await seedDemoIfEmpty(await getTestDb(), new Date(), { port: 3000 })).toBe(false);
    const rows = await db
      .selectFrom("user")
      .select("password_hash")
      .where("email", "=", DEMO_COORDINATOR_EMAIL)
      .execute();
    expect(rows).toEqual([hashBefore]);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });
});

describe("login", () => {
  beforeAll(async () => {
    const { db } = await getTestDb();
    await createTerritory(db, { slug: TERRITORY, name: "Cité éducative des comptes" });
    await makeUser("coordination@ville.fr", "coordinator");
  });

  it("signs in: 302 to /tableau with an HttpOnly, SameSite=Lax session cookie, and logs it", async () => {
    const outcome = await login("Coordination@Ville.fr ", PASSWORD);
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/tableau");
    const setCookie = outcome.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^coeduc_session=[^;]+/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(await actorFor(cookieOf(outcome))).toMatchObject({ email: "coordination@ville.fr" });
    const last = (await auditRows()).at(-1)!;
    expect(last).toMatchObject({ action: "login", user_email: "coordination@ville.fr" });
  });

  // The cookie carries a random token naming the session's row (session.server.ts).
  it("issues a different cookie value at each login (rotation)", async () => {
    const first = cookieOf(await login("coordination@ville.fr", PASSWORD));
    const second = cookieOf(await login("coordination@ville.fr", PASSWORD));
    expect(second).not.toBe(first);
  });

  it("refuses a wrong password with 401 and a French message, and logs the failure", async () => {
    await makeUser("mauvais@ville.fr", "viewer");
    const outcome = await login("mauvais@ville.fr", "pas-le-bon-mot-de-passe");
    expect(outcome.status).toBe(401);
    expect(outcome.headers.get("Set-Cookie")).toBeNull();
    expect(outcome.data).toMatchObject({ error: "Adresse e-mail ou mot de passe incorrect." });
    const last = (await auditRows()).at(-1)!;
    expect(last).toMatchObject({ action: "login_failed", user_id: null, target: "mauvais@ville.fr" });
  });

  it("answers an unknown address exactly as a wrong password", async () => {
    await makeUser("connu@ville.fr", "viewer");
    const known = await login("connu@ville.fr", "pas-le-bon-mot-de-passe");
    const unknown = await login("inconnu@ville.fr", "pas-le-bon-mot-de-passe");
    expect(unknown.status).toBe(known.status);
    expect(unknown.data).toEqual(known.data);
    expect(unknown.headers.get("Set-Cookie")).toBeNull();
  });

  it("locks the address after 10 failures with 429 « Trop d'essais… », even for the right password", async () => {
    await makeUser("verrou@ville.fr", "viewer");
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.lockAfter; i++)
      statuses.push((await login("verrou@ville.fr", `faux-${i}`)).status);
    expect(statuses).toEqual([...Array<number>(THROTTLE.lockAfter - 1).fill(401), 429]);
    const right = await login("verrou@ville.fr", PASSWORD);
    expect(right.status).toBe(429);
    expect((right.data as { error: string }).error).toMatch(
      /^Trop d'essais pour ce compte\. Réessayez après /,
    );
    expect(right.headers.get("Set-Cookie")).toBeNull();
    // Another address is not affected.
    expect((await login("coordination@ville.fr", PASSWORD)).status).toBe(302);
  });

  it("really slows down the 4th to 6th failures by the configured delay, doubling", async () => {
    await makeUser("lent@ville.fr", "viewer");
    const { db } = await getTestDb();
    const base = 200;
    const took: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      expect(await attemptLogin(db, "lent@ville.fr", `faux-${i}`, { baseDelayMs: base })).toEqual({
        kind: "invalid",
      });
      took.push(performance.now() - started);
    }
    // Attempts 4, 5 and 6 come after 3, 4 and 5 failures: 200, 400 and 800 ms before checking.
    expect(took[3]).toBeGreaterThanOrEqual(base - 5);
    expect(took[4]).toBeGreaterThanOrEqual(2 * base - 5);
    expect(took[5]).toBeGreaterThanOrEqual(4 * base - 5);
  });

  it("follows only same-site paths after login", async () => {
    const cases: [string, string][] = [
      ["//evil.example", "/tableau"],
      ["https://evil.example/x", "/tableau"],
      ["/\\evil.example", "/tableau"],
      // Browsers drop tabs and newlines in URLs: "/\t/evil.example" would become //evil.example.
      ["/\t/evil.example", "/tableau"],
      ["/\n/evil.example", "/tableau"],
      ["/ /evil.example", "/tableau"],
      // Dot segments are resolved first: "/.//evil.example" would become //evil.example.
      ["/.//evil.example", "/tableau"],
      ["/x/..//evil.example/y", "/tableau"],
      ["/%2e//evil.example", "/tableau"],
      ["", "/tableau"],
      ["/tableau/compte?onglet=1", "/tableau/compte?onglet=1"],
    ];
    for (const [retour, expected] of cases) {
      const outcome = await login("coordination@ville.fr", PASSWORD, retour);
      expect(outcome.headers.get("Location"), retour).toBe(expected);
    }
  });

  it("logs out on POST /deconnexion: the cookie is cleared and the log says so", async () => {
    const cookie = await signIn("coordination@ville.fr");
    const outcome = await settle(logoutAction(args(request("/deconnexion", { cookie, form: {} }))));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/connexion");
    const cleared = outcome.headers.get("Set-Cookie")!;
    expect(cleared).toMatch(/^coeduc_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await actorFor(cookieOf(outcome))).toBeNull();
    expect((await auditRows()).at(-1)).toMatchObject({
      action: "logout",
      user_email: "coordination@ville.fr",
    });
  });

  // Logout deletes the session's row on the server (decision 022): a copy of the cookie taken
  // before is refused at once.
  it("refuses a copy of the cookie replayed after logout", async () => {
    const cookie = await signIn("coordination@ville.fr");
    await settle(logoutAction(args(request("/deconnexion", { cookie, form: {} }))));
    expect(await actorFor(cookie)).toBeNull();
  });
});

describe("password change at /tableau/compte", () => {
  const email = "changement@ville.fr";
  const change = (cookie: string, form: Record<string, string>) =>
    settle(accountAction(args(request("/tableau/compte", { cookie, form }))));

  beforeAll(async () => {
    await makeUser(email, "coordinator");
  });

  it("sends a visitor to the login page, coming back here", async () => {
    const outcome = await settle(accountLoader(args(request("/tableau/compte"))));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/connexion?retour=%2Ftableau%2Fcompte");
  });

  it("refuses, with French field errors, a wrong current password, a short or unconfirmed new one", async () => {
    const cookie = await signIn(email);
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        {
          current: "faux-mot-de-passe",
          password: "nouveau-mot-de-passe",
          confirmation: "nouveau-mot-de-passe",
        },
        "current",
        /actuel/,
      ],
      [{ current: PASSWORD, password: "court", confirmation: "court" }, "password", /au moins 12 caractères/],
      [
        { current: PASSWORD, password: "nouveau-mot-de-passe", confirmation: "autre-mot-de-passe" },
        "confirmation",
        /pas identiques/,
      ],
      [{ current: PASSWORD, password: PASSWORD, confirmation: PASSWORD }, "password", /différent/],
      [
        { current: "", password: "nouveau-mot-de-passe", confirmation: "nouveau-mot-de-passe" },
        "current",
        /Indiquez/,
      ],
    ];
    for (const [form, field, message] of cases) {
      const outcome = await change(cookie, form);
      expect(outcome.status, field).toBe(422);
      expect(outcome.headers.get("Set-Cookie")).toBeNull();
      expect((outcome.data as { fields: Record<string, string> }).fields[field]).toMatch(message);
    }
    expect(await actorFor(cookie)).not.toBeNull();
    expect((await login(email, PASSWORD)).status).toBe(302);
  });

  it("replaces the password, ends the other sessions, keeps this browser signed in, and logs it", async () => {
    const elsewhere = await signIn(email);
    const here = await signIn(email);
    const newPassword = "nouveau-mot-de-passe-2026";
    const outcome = await change(here, {
      current: PASSWORD,
      password: newPassword,
      confirmation: newPassword,
    });
    // A redirect (to a page saying it is done) carrying the new cookie: rendered in the same
    // response, the layout's loader would still see the old cookie.
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/tableau/compte?modifie=1");
    const fresh = cookieOf(outcome);
    expect(outcome.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);

    expect(await actorFor(fresh)).toMatchObject({ email });
    const page = await settle(accountLoader(args(request("/tableau/compte?modifie=1", { cookie: fresh }))));
    expect(page.data).toMatchObject({ email, changed: true });
    expect(await actorFor(elsewhere)).toBeNull();
    expect(await actorFor(here)).toBeNull();
    expect((await login(email, PASSWORD)).status).toBe(401);
    expect((await login(email, newPassword)).status).toBe(302);
    const changed = (await auditRows()).filter((r) => r.action === "password_changed");
    expect(changed.at(-1)).toMatchObject({ user_email: email });
  });
});

describe("admin pages", () => {
  const pages = [
    ["/tableau/comptes", accountsLoader],
    ["/tableau/territoires", territoriesLoader],
    ["/tableau/journal", journalLoader],
  ] as const;
  let adminCookie = "";

  beforeAll(async () => {
    await makeUser("admin@anct.fr", "admin");
    await makeUser("pilotage@ville.fr", "viewer");
    await makeUser("coordo@ville.fr", "coordinator");
    adminCookie = await signIn("admin@anct.fr");
  });

  it("answer 404 to a viewer and a coordinator, pages and forms alike", async () => {
    for (const email of ["pilotage@ville.fr", "coordo@ville.fr"]) {
      const cookie = await signIn(email);
      for (const [url, loader] of pages) {
        expect((await settle(loader(args(request(url, { cookie }))))).status, `${email} ${url}`).toBe(404);
      }
      const form = { email: "pirate@ville.fr", role: "admin" };
      expect((await settle(accountsAction(args(request("/tableau/comptes", { cookie, form }))))).status).toBe(
        404,
      );
      const territory = { slug: "pirate", name: "Pirate" };
      expect(
        (await settle(territoriesAction(args(request("/tableau/territoires", { cookie, form: territory })))))
          .status,
      ).toBe(404);
    }
    const { db } = await getTestDb();
    expect(
      await db.selectFrom("user").select("id").where("email", "=", "pirate@ville.fr").executeTakeFirst(),
    ).toBeUndefined();
  });

  it("send a visitor to the login page", async () => {
    for (const [url, loader] of pages) {
      const outcome = await settle(loader(args(request(url))));
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
  });

  it("answer 200 to an admin", async () => {
    for (const [url, loader] of pages) {
      expect((await settle(loader(args(request(url, { cookie: adminCookie }))))).status, url).toBe(200);
    }
  });

  it("/tableau/comptes creates an account, shows its password once, lists it and logs it", async () => {
    const form = { email: "Nouvelle@Ville.fr", role: "viewer", territory: [TERRITORY, "demo"] };
    const outcome = await settle(
      accountsAction(args(request("/tableau/comptes", { cookie: adminCookie, form }))),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.headers.get("Cache-Control")).toBe("no-store");
    const created = (outcome.data as { created: { email: string; password: string } }).created;
    expect(created.email).toBe("nouvelle@ville.fr");
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await login("nouvelle@ville.fr", created.password)).status).toBe(302);

    const list = (await settle(accountsLoader(args(request("/tableau/comptes", { cookie: adminCookie })))))
      .data as {
      users: { email: string; role: string; createdAt: string; territories: { slug: string }[] }[];
    };
    const row = list.users.find((u) => u.email === "nouvelle@ville.fr")!;
    expect(row.role).toBe("viewer");
    expect(row.territories.map((t) => t.slug).sort()).toEqual(["demo", TERRITORY]);
    expect(Math.abs(Date.parse(row.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(JSON.stringify(list)).not.toContain(created.password);

    const audit = (await auditRows()).find(
      (r) => r.action === "user_created" && r.target === "nouvelle@ville.fr",
    )!;
    expect(audit.user_email).toBe("admin@anct.fr");
    expect(JSON.parse(audit.details!)).toEqual({ role: "viewer", territories: [TERRITORY, "demo"] });
    expect(audit.details).not.toContain(created.password);
  });

  it("/tableau/comptes refuses, in French, a taken address, a bad one, a missing or unknown territory", async () => {
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ email: "ADMIN@anct.fr", role: "admin" }, "email", /existe déjà/],
      [{ email: "pas-une-adresse", role: "admin" }, "email", /n'est pas valide/],
      [{ email: "x@ville.fr", role: "coordinator" }, "territory", /au moins un territoire/],
      [
        { email: "x@ville.fr", role: "coordinator", territory: "nulle-part" },
        "territory",
        /Territoire inconnu : nulle-part/,
      ],
      [{ email: "x@ville.fr", role: "superadmin" }, "role", /Choisissez un rôle/],
    ];
    for (const [form, field, message] of cases) {
      const outcome = await settle(
        accountsAction(args(request("/tableau/comptes", { cookie: adminCookie, form }))),
      );
      expect(outcome.status, JSON.stringify(form)).toBe(422);
      expect((outcome.data as { fields: Record<string, string> }).fields[field]).toMatch(message);
    }
    const { db } = await getTestDb();
    expect(
      await db.selectFrom("user").select("id").where("email", "=", "x@ville.fr").executeTakeFirst(),
    ).toBeUndefined();
  });

  it("/tableau/territoires lists territories with their campaigns and creates one", async () => {
    const { db } = await getTestDb();
    await createCampaign(db, { slug: "comptes-c1" });
    await createCampaign(db, { slug: "comptes-c2" });
    const create = (form: Record<string, string>) =>
      settle(territoriesAction(args(request("/tableau/territoires", { cookie: adminCookie, form }))));

    expect((await create({ slug: "marseille-nord", name: "Cité éducative de Marseille Nord" })).status).toBe(
      200,
    );
    const bad: [Record<string, string>, string, RegExp][] = [
      [{ slug: "marseille-nord", name: "Encore" }, "slug", /déjà/],
      [{ slug: "Marseille Nord", name: "Marseille" }, "slug", /minuscules/],
      [{ slug: "lyon", name: "" }, "name", /Indiquez le nom/],
    ];
    for (const [form, field, message] of bad) {
      const outcome = await create(form);
      expect(outcome.status).toBe(422);
      expect((outcome.data as { fields: Record<string, string> }).fields[field]).toMatch(message);
    }

    const { territories } = (
      await settle(territoriesLoader(args(request("/tableau/territoires", { cookie: adminCookie }))))
    ).data as { territories: { slug: string; name: string; campaignCount: number }[] };
    const count = (slug: string) => territories.find((t) => t.slug === slug)?.campaignCount;
    expect(count("marseille-nord")).toBe(0);
    expect(count("territoire-test")).toBe(2);
    // The open demo campaign, its earlier, closed wave, and the one that lets people choose the short form.
    expect(count("demo")).toBe(3);
    expect(territories.filter((t) => t.slug === "lyon")).toEqual([]);
  });

  it("/tableau/journal lists login and export entries newest first, in Paris time, 100 a page", async () => {
    const cookie = await signIn("coordo@ville.fr");
    const actor = (await actorFor(cookie))!;
    const { db } = await getTestDb();
    await recordAudit(db, { actor, action: "export_responses", target: "comptes-c1", details: { rows: 12 } });
    type Journal = {
      page: number;
      hasNext: boolean;
      entries: { at: string; who: string | null; action: string; target: string | null; details: string }[];
    };
    const journal = async (query = "") =>
      (await settle(journalLoader(args(request(`/tableau/journal${query}`, { cookie: adminCookie })))))
        .data as Journal;

    const first = await journal();
    expect(first.entries.slice(0, 2)).toMatchObject([
      { who: "coordo@ville.fr", action: "Export des réponses", target: "comptes-c1", details: "lignes : 12" },
      { who: "coordo@ville.fr", action: "Connexion" },
    ]);
    expect(first.entries.find((e) => e.target === "nouvelle@ville.fr")).toMatchObject({
      who: "admin@anct.fr",
      action: "Compte créé",
      details: `rôle : lecteur·rice · territoires : ${TERRITORY}, demo`,
    });

    // A summer instant is shown two hours ahead of UTC, to the second.
    await db
      .insertInto("audit_log")
      .values({
        at: "2026-07-01T10:00:05.000Z",
        user_id: null,
        user_email: null,
        action: "login_failed",
        target: "x@y.fr",
        details: null,
      })
      .execute();
    expect((await journal()).entries[0]).toMatchObject({
      at: "01/07/2026 12:00:05",
      who: null,
      action: "Connexion refusée",
    });

    // Fill the log up to N × 100 + 50 entries: the last page then holds 50.
    const total = (await auditRows()).length;
    const target = (Math.floor(total / 100) + 1) * 100 + 50;
    for (let i = total; i < target; i++)
      await recordAudit(db, { actor, action: "view_verbatims", target: `n${i}` });
    const lastPage = Math.ceil(target / 100);
    const page1 = await journal();
    const last = await journal(`?page=${lastPage}`);
    expect(page1.entries).toHaveLength(100);
    expect(page1.hasNext).toBe(true);
    expect(page1.entries[0]).toMatchObject({ action: "Lecture des verbatims", target: `n${target - 1}` });
    expect(last.entries).toHaveLength(50);
    expect(last.hasNext).toBe(false);
    expect(last.entries.at(-1)!.action).toBe("Connexion"); // the very first entry: the demo coordinator's login
    expect((await journal("?page=abc")).page).toBe(1);
  });
});

describe("user:create", () => {
  beforeAll(async () => {
    const { db } = await getTestDb();
    await createTerritory(db, { slug: "cli-a", name: "CLI A" }).catch(() => {});
  });

  it("creates an admin without territory, with a generated password that signs in", async () => {
    const { db } = await getTestDb();
    const account = await createAccount(db, { email: "Chef@ANCT.fr", role: "admin", territorySlugs: [] });
    expect(account).toMatchObject({ email: "chef@anct.fr", role: "admin", territorySlugs: [] });
    expect(account.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await login("chef@anct.fr", account.password)).status).toBe(302);
    expect(await findActor(db, account.id)).toMatchObject({ role: "admin", territoryIds: [] });
  });

  it("creates a coordinator with a given password and its territories", async () => {
    const { db } = await getTestDb();
    const account = await createAccount(db, {
      email: "cli-coordo@ville.fr",
      role: "coordinator",
      territorySlugs: ["cli-a", TERRITORY, "cli-a"],
      password: "donne-sur-stdin-2026",
    });
    expect(account.territorySlugs).toEqual(["cli-a", TERRITORY]);
    expect((await findActor(db, account.id))!.territoryIds).toHaveLength(2);
    expect((await login("cli-coordo@ville.fr", "donne-sur-stdin-2026")).status).toBe(302);
  });

  it("refuses, creating nothing: no territory for a coordinator or viewer, an unknown territory, a taken address, a short password", async () => {
    const { db } = await getTestDb();
    const count = async () => (await db.selectFrom("user").select("id").execute()).length;
    const before = await count();
    const cases: [Parameters<typeof createAccount>[1], string][] = [
      [{ email: "a@ville.fr", role: "coordinator", territorySlugs: [] }, "territory_required"],
      [{ email: "a@ville.fr", role: "viewer", territorySlugs: [] }, "territory_required"],
      [{ email: "a@ville.fr", role: "viewer", territorySlugs: ["cli-a", "nulle-part"] }, "unknown_territory"],
      [{ email: " CHEF@anct.fr", role: "admin", territorySlugs: [] }, "email_taken"],
      [{ email: "a@ville.fr", role: "admin", territorySlugs: [], password: "court" }, "password_too_short"],
    ];
    for (const [input, code] of cases) {
      const error = await createAccount(db, input).catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(AccountError);
      expect((error as AccountError).code).toBe(code);
    }
    expect(await count()).toBe(before);
  });

  describe("the command line (npm run user:create)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-cli-"));
    const env = {
      ...process.env,
      DATABASE_PATH: path.join(dir, "cli.db"),
      DEMO_DATA: "false",
      SESSION_SECRET: "cli-secret-cli-secret-cli-secret-012345",
      NODE_ENV: "test" as const,
    };
    const run = async (cliArgs: string[], stdin?: string) => {
      const child = execFileAsync(
        path.join(ROOT, "node_modules/.bin/tsx"),
        ["scripts/user-create.ts", ...cliArgs],
        {
          cwd: ROOT,
          env,
        },
      );
      child.child.stdin?.end(stdin ?? "");
      try {
        const { stdout, stderr } = await child;
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    beforeAll(async () => {
      const opened = await openDatabase(env.DATABASE_PATH);
      await createTerritory(opened.db, { slug: "cli-b", name: "CLI B" });
      await opened.db.destroy();
    });

    // One process at a time: parallel processes opening one fresh SQLite file at once made
    // this test flaky on a loaded machine (each start checks the migrations).
    const inTurn = async <T>(tasks: (() => Promise<T>)[]) => {
      const out: T[] = [];
      for (const task of tasks) out.push(await task());
      return out;
    };
    it(
      "creates accounts and prints the password once; refuses bad input with exit code 2",
      { timeout: 180_000 },
      async () => {
        const [okRun, stdinRun] = await inTurn([
          () => run(["--email", "Cli@Ville.fr", "--role", "coordinator", "--territory", "cli-b"]),
          () =>
            run(
              ["--email", "stdin@ville.fr", "--role", "admin", "--password-stdin"],
              "mot-de-passe-du-stdin\n",
            ),
        ]);
        const ok = okRun!;
        const withStdin = stdinRun!;
        expect(ok.code).toBe(0);
        expect(ok.stdout).toContain("e-mail:      cli@ville.fr");
        expect(ok.stdout).toContain("role:        coordinator");
        expect(ok.stdout).toContain("territories: cli-b");
        expect(ok.stdout).toContain("/tableau/compte");
        const password = /password: +(\S+)/.exec(ok.stdout)![1]!;
        expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
        expect(withStdin.code).toBe(0);
        expect(withStdin.stdout).not.toContain("mot-de-passe-du-stdin");

        const refused = await inTurn([
          () => run(["--email", "x@ville.fr"]),
          () => run(["--email", "x@ville.fr", "--role", "viewer"]),
          () =>
            run([
              "--email",
              "x@ville.fr",
              "--role",
              "viewer",
              "--territory",
              "cli-b",
              "--territory",
              "nowhere",
            ]),
          () => run(["--email", "x@ville.fr", "--role", "admin", "--password-stdin"], "court\n"),
          () => run(["--email", "CLI@ville.fr", "--role", "admin"]),
          () => run(["--email", "x@ville.fr", "--role", "admin", "--unknown-flag"]),
        ]);
        expect(refused.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
        expect(refused.map((r) => r.stderr.split("\n")[0])).toEqual([
          "user:create: --role is required",
          "user:create: a coordinator or viewer needs at least one --territory",
          "user:create: Unknown territory: nowhere. Nothing was created.",
          "user:create: the password read from stdin needs at least 12 characters",
          "user:create: An account already exists for cli@ville.fr. Nothing was created.",
          expect.stringContaining("Unknown option '--unknown-flag'"),
        ]);

        const opened = await openDatabase(env.DATABASE_PATH);
        try {
          const users = await opened.db.selectFrom("user").select("email").orderBy("email").execute();
          expect(users).toEqual([{ email: "cli@ville.fr" }, { email: "stdin@ville.fr" }]);
          const check = (email: string, pw: string) => attemptLogin(opened.db, email, pw, { baseDelayMs: 1 });
          expect((await check("cli@ville.fr", password)).kind).toBe("ok");
          expect((await check("stdin@ville.fr", "mot-de-passe-du-stdin")).kind).toBe("ok");
          const audit = await opened.db
            .selectFrom("audit_log")
            .select(["action", "target"])
            .orderBy("target")
            .execute();
          expect(audit).toEqual([
            { action: "user_created", target: "cli@ville.fr" },
            { action: "user_created", target: "stdin@ville.fr" },
          ]);
        } finally {
          await opened.db.destroy();
        }
      },
    );
  });
});
