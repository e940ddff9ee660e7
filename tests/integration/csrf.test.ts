/**
 * CSRF protection of the coordinator area (docs/decisions/014-web-security.md): every route
 * module of the area that has an action is found by reading app/routes, and each one must
 * refuse a POST without the token of its session (403, plain French, nothing changed) and
 * accept the right one. A new route that forgets `requireCsrf` fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOGIN_SLOWDOWN_MS = "0";
});
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

import type { OpenedDatabase } from "../../db/client";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { loader as loginLoader } from "~/routes/connexion";
import { loader as layoutLoader } from "~/routes/tableau";
import { action as territoriesAction } from "~/routes/tableau.territoires";
import { createCampaign, getTestDb, signInPeople } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROUTES = path.join(ROOT, "app/routes");

/** The coordinator area: /tableau…, the projector (tableau_…), login and logout. */
const isCoordinatorRoute = (file: string) =>
  /^tableau[._]/.test(file) || /^tableau\.tsx?$/.test(file) || /^(connexion|deconnexion)\.tsx?$/.test(file);

type Action = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

let opened: OpenedDatabase;
const cookies = {} as Record<"admin" | "other", string>;
const actionRoutes: { file: string; action: Action }[] = [];

beforeAll(async () => {
  opened = await getTestDb();
  await createCampaign(opened.db, { slug: "csrf" });
  await signInPeople(
    opened.db,
    { admin: { role: "admin", territorySlugs: [] }, other: { role: "admin", territorySlugs: [] } },
    cookies,
  );
  const files = fs.readdirSync(ROUTES).filter(isCoordinatorRoute).sort();
  for (const file of files) {
    const mod = (await import(path.join(ROUTES, file))) as { action?: Action };
    if (typeof mod.action === "function") actionRoutes.push({ file, action: mod.action });
  }
});

/** What an action answered, returned or thrown. */
async function settle(
  run: () => Promise<unknown>,
): Promise<{ status: number; text: string; headers: Headers }> {
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    value = error;
  }
  if (value instanceof Response)
    return { status: value.status, text: await value.text(), headers: value.headers };
  if (value instanceof Error) throw value;
  return { status: 200, text: JSON.stringify(value ?? null), headers: new Headers() };
}

/** Every row of every table: "nothing changed" means this is the same before and after. */
function everything(): string {
  const tables = opened.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, opened.sqlite.prepare(`SELECT * FROM "${name}"`).all()]),
  );
}

/** A form that many actions would act on, were it not for the token. */
const PLAUSIBLE: Record<string, string> = {
  intent: "create",
  slug: "forge",
  name: "Territoire forgé",
  title: "Campagne forgée",
  email: "forge@example.org",
  role: "admin",
  password: "un mot de passe assez long",
  currentPassword: "un mot de passe assez long",
  newPassword: "un autre mot de passe long",
  confirmPassword: "un autre mot de passe long",
};

function post(file: string, form: Record<string, string>, cookie?: string): Request {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  const url = `http://localhost/${file.replace(/\.tsx?$/, "").replace(/\./g, "/")}`;
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(form) });
}

const PARAMS = { slug: "csrf", id: "1", code: "123456" };

describe("the coordinator area's actions, found in app/routes", () => {
  it("are all found (the test would not notice a route it cannot see)", () => {
    const files = actionRoutes.map((r) => r.file);
    for (const known of [
      "connexion.tsx",
      "deconnexion.tsx",
      "tableau.comptes.tsx",
      "tableau.territoires.tsx",
      "tableau.compte.tsx",
      "tableau.campagnes.nouvelle.tsx",
      "tableau.campagnes.$slug.modifier.tsx",
    ])
      expect(files).toContain(known);
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it("each refuses a POST without a token, with a wrong one, or without a session: 403 in French, nothing changed", async () => {
    const otherToken = csrfTokenForCookie(cookies.other);
    for (const { file, action } of actionRoutes) {
      const cases: [string, Request][] = [
        ["no token", post(file, PLAUSIBLE, cookies.admin)],
        ["empty token", post(file, { ...PLAUSIBLE, _csrf: "" }, cookies.admin)],
        ["another session's token", post(file, { ...PLAUSIBLE, _csrf: otherToken }, cookies.admin)],
        [
          "a token without its cookie",
          post(file, { ...PLAUSIBLE, _csrf: csrfTokenForCookie(cookies.admin) }),
        ],
        [
          "a JSON body",
          new Request("http://localhost/x", {
            method: "POST",
            headers: { Cookie: cookies.admin, "Content-Type": "application/json" },
            body: JSON.stringify({ _csrf: csrfTokenForCookie(cookies.admin) }),
          }),
        ],
      ];
      for (const [label, request] of cases) {
        const before = everything();
        const outcome = await settle(() => action({ request, params: PARAMS, context: {} }));
        expect({ file, label, status: outcome.status }).toEqual({ file, label, status: 403 });
        expect(outcome.text).toMatch(
          /^Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré\./,
        );
        expect(outcome.headers.get("Set-Cookie")).toBeNull();
        expect(everything(), `${file}: ${label} changed the database`).toBe(before);
      }
    }
  });

  it("each lets the right token through (the answer is the action's own)", async () => {
    for (const { file, action } of actionRoutes) {
      // A fresh session each time: logging out ends the account's sessions.
      const people = {} as Record<string, string>;
      const name = `ok-${file.replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
      await signInPeople(opened.db, { [name]: { role: "admin", territorySlugs: [] } } as never, people);
      const cookie = people[name]!;
      const outcome = await settle(() =>
        action({
          request: post(file, { _csrf: csrfTokenForCookie(cookie) }, cookie),
          params: PARAMS,
          context: {},
        }),
      );
      expect(outcome.text, file).not.toMatch(/Ce formulaire a expiré/);
      expect(outcome.status, file).not.toBe(403);
    }
  });
});

describe("the token", () => {
  it("comes with the coordinator pages (layout loader) and the login page (with an anonymous session)", async () => {
    const layout = (await layoutLoader({
      request: new Request("http://localhost/tableau", { headers: { Cookie: cookies.admin } }),
      params: {},
      context: {},
    })) as { csrf: string };
    expect(layout.csrf).toBe(csrfTokenForCookie(cookies.admin));
    expect(layout.csrf).not.toBe(csrfTokenForCookie(cookies.other));

    const page = await loginLoader({
      request: new Request("http://localhost/connexion"),
      params: {},
      context: {},
    });
    const setCookie = page.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^coeduc_session=.+HttpOnly/i);
    expect((await page.json()).csrf).toBe(csrfTokenForCookie(setCookie.split(";")[0]));
  });

  it("makes the action work: a territory is created with it, not without", async () => {
    const count = () =>
      (
        opened.sqlite.prepare("SELECT count(*) AS n FROM territory WHERE slug = 'avec-jeton'").get() as {
          n: number;
        }
      ).n;
    const form = { slug: "avec-jeton", name: "Avec jeton" };
    const refused = await settle(() =>
      territoriesAction({
        request: post("tableau.territoires.tsx", form, cookies.admin),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
    expect(count()).toBe(0);
    const done = await settle(() =>
      territoriesAction({
        request: post(
          "tableau.territoires.tsx",
          { ...form, _csrf: csrfTokenForCookie(cookies.admin) },
          cookies.admin,
        ),
        params: {},
        context: {},
      }),
    );
    expect(done.status).toBeLessThan(400);
    expect(count()).toBe(1);
  });
});

describe("the forms", () => {
  it("every POST form of the coordinator area renders the token (CsrfInput)", () => {
    const files = [
      ...fs
        .readdirSync(ROUTES)
        .filter(isCoordinatorRoute)
        .map((f) => path.join(ROUTES, f)),
      ...fs
        .readdirSync(path.join(ROOT, "app/ui"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".tsx"))
        // The council phone's answer form is a young person's, on a page without login (like the
        // respondent pages): no coordinator session for a forged POST to ride on.
        .filter((f) => f !== path.join("council", "QuestionForm.tsx"))
        .map((f) => path.join(ROOT, "app/ui", f)),
    ];
    let forms = 0;
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      // Each <Form method="post" …> is followed (before its end) by <CsrfInput />.
      for (const match of source.matchAll(/<(?:Form|form)\b[^>]*method="post"[^>]*>/gi)) {
        forms += 1;
        const rest = source.slice(match.index! + match[0].length);
        const end = rest.search(/<\/(?:Form|form)>/);
        expect(rest.slice(0, end).includes("<CsrfInput"), `${path.relative(ROOT, file)}: ${match[0]}`).toBe(
          true,
        );
      }
    }
    expect(forms).toBeGreaterThanOrEqual(11);
  });
});
