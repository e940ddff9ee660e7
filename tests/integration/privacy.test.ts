/**
 * The privacy notice and the legal notice, rendered as a visitor gets them: the configured
 * controller, DPO contact, publisher and host; each campaign's retention from the database; the
 * demo defaults saying "à compléter". And the audit log an admin reads: an erasure is logged
 * without anything that points to the response, a purge as the system.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { Outlet } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../../db/client";
import { getEnv, parseEnv } from "~/env.server";
import { type Locale } from "~/i18n/i18n";
import { eraseResponse } from "~/privacy/erasure.server";
import { purgeExpiredResponses } from "~/privacy/retention.server";
import Privacy, { loader as privacyLoader } from "~/routes/confidentialite";
import Legal, { loader as legalLoader } from "~/routes/mentions-legales";
import { loader as journalLoader } from "~/routes/tableau.journal";
import { createCampaign, getTestDb, postResponse, signInPeople } from "./fixtures";

vi.hoisted(() => {
  process.env.CONTROLLER_NAME = "Mairie de Villeneuve-sur-Test";
  process.env.CONTROLLER_ADDRESS = "1 place de la République, 99000 Villeneuve-sur-Test";
  process.env.DPO_CONTACT = "dpo@villeneuve.example";
  process.env.PUBLISHER_NAME = "Camille Martin, maire";
  process.env.HOST_NAME = "Hébergeur Exemple SAS";
  process.env.HOST_ADDRESS = "2 rue des Serveurs, 59000 Lille";
});

const DAY = 24 * 60 * 60 * 1000;
let db: DB;

/** A page rendered on the server, under a root that says the page's language, as Remix does. */
async function render(
  pathname: string,
  Component: () => ReturnType<typeof Privacy>,
  loader: (args: LoaderFunctionArgs) => unknown,
  locale: Locale = "fr",
) {
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale, suggested: null }),
      Component: () => createElement(Outlet),
      children: [
        {
          id: "page",
          path: pathname.slice(1),
          // The page loaders are Remix ones: same arguments, `context` added.
          loader: ((args: LoaderFunctionArgs) => loader({ ...args, context: {} })) as never,
          Component,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost${pathname}`));
  if (context instanceof Response) throw new Error(`unexpected ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(StaticRouterProvider, { router, context }));
  return { status: context.statusCode, html: html.replace(/<!-- -->/g, "") };
}

beforeAll(async () => {
  ({ db } = await getTestDb());
  await createCampaign(db, {
    slug: "printemps",
    title: "Questionnaire du printemps",
    opensAt: "2026-03-01T00:00:00.000Z",
    closesAt: "2026-04-30T21:59:59.999Z",
    status: "closed",
  });
  await createCampaign(db, { slug: "brouillon", title: "Brouillon secret", status: "draft" });
  await createCampaign(db, {
    slug: "ancienne",
    title: "Questionnaire trop ancien",
    opensAt: new Date(Date.now() - 900 * DAY),
    closesAt: new Date(Date.now() - 800 * DAY),
    status: "closed",
  });
  await db.updateTable("campaign").set({ retention_months: 12 }).where("slug", "=", "printemps").execute();
});

describe("/confidentialite", () => {
  it("names the controller and the DPO from the settings, and each campaign's retention", async () => {
    const { status, html } = await render("/confidentialite", Privacy, privacyLoader);
    expect(status).toBe(200);
    expect(html).toContain("<h1>Vos données et vos droits</h1>");
    expect(html).toContain("Mairie de Villeneuve-sur-Test");
    expect(html).toContain("1 place de la République, 99000 Villeneuve-sur-Test");
    expect(html).toContain('<a href="mailto:dpo@villeneuve.example">dpo@villeneuve.example</a>');
    expect(html).toContain("article 6.1.e");
    expect(html).toContain('href="/effacer"');
    expect(html).toContain('href="https://www.cnil.fr/fr/adresser-une-plainte"');
    expect(html).toContain("Avant 15 ans, il faut ton accord et l&#x27;accord d&#x27;un de tes parents.");
    // Closed on 30 April 2026 (Paris), kept 12 months: until 30 April 2027.
    expect(html).toMatch(
      /Questionnaire du printemps \(test\)<\/th><td>30 avril 2026<\/td><td>30 avril 2027<\/td>/,
    );
    // A draft says nothing to respondents; a campaign past its retention has nothing left.
    expect(html).not.toContain("Brouillon secret");
    expect(html).not.toContain("Questionnaire trop ancien");
  });

  it("is translated, the settings and titles staying in French", async () => {
    const { html } = await render("/confidentialite", Privacy, privacyLoader, "ar");
    expect(html).toContain("<h1>بياناتكم وحقوقكم</h1>");
    expect(html).toContain('lang="fr" dir="auto" class="legal-value">Mairie de Villeneuve-sur-Test');
    expect(html).toContain("30 أبريل 2027");
  });
});

describe("/mentions-legales", () => {
  it("names the publisher, the publication director and the host from the settings", async () => {
    const { status, html } = await render("/mentions-legales", Legal, legalLoader);
    expect(status).toBe(200);
    expect(html).toContain("<h1>Mentions légales</h1>");
    for (const value of [
      "Mairie de Villeneuve-sur-Test",
      "Camille Martin, maire",
      "Hébergeur Exemple SAS",
      "2 rue des Serveurs, 59000 Lille",
    ])
      expect(html).toContain(value);
    expect(html).toContain('href="/confidentialite"');
    expect(html).toContain("GNU AGPL");
  });
});

describe("settings", () => {
  const KEYS = [
    "CONTROLLER_NAME",
    "CONTROLLER_ADDRESS",
    "DPO_CONTACT",
    "PUBLISHER_NAME",
    "HOST_NAME",
    "HOST_ADDRESS",
  ] as const;
  /** This process's environment without the legal settings: what a fresh install has. */
  const unset = () => {
    const env = { ...process.env };
    for (const key of KEYS) delete env[key];
    return env;
  };

  it("say « à compléter » on the public pages until an installer sets them", () => {
    const env = parseEnv(unset());
    for (const key of KEYS) {
      expect(env[key]).toContain("à compléter");
      expect(env[key]).toContain(key);
    }
    expect(() => parseEnv({ ...unset(), CONTROLLER_NAME: "  " })).toThrow(
      /CONTROLLER_NAME: must not be empty/,
    );
    expect(getEnv().CONTROLLER_NAME).toBe("Mairie de Villeneuve-sur-Test");
  });
});

describe("audit log", () => {
  const cookies = {} as Record<"admin" | "coord", string>;
  beforeAll(async () => {
    await signInPeople(
      db,
      {
        admin: { role: "admin", territorySlugs: [] },
        coord: { role: "coordinator", territorySlugs: ["territoire-test"] },
      },
      cookies,
    );
  });
  const journal = async (cookie: string) =>
    (await journalLoader({
      request: new Request("http://localhost/tableau/journal", { headers: { cookie } }),
      params: {},
      context: {},
    })) as { entries: { who: string | null; action: string; target: string | null; details: string }[] };

  it("logs an erasure with its campaign and nothing that points to the response", async () => {
    await createCampaign(db, { slug: "effacements", title: "Questionnaire effacé" });
    const id = crypto.randomUUID();
    const res = await postResponse("effacements", {
      id,
      surveyId: "young-adult",
      surveyVersion: 1,
      locale: "fr",
      ageBand: "18-25",
      answers: (await import("./fixtures")).validAnswers("young-adult"),
    });
    expect(res.status).toBe(201);
    const code = res.body!.erasureCode!;
    expect(await eraseResponse(db, code)).toBe(true);

    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "response_erased")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: null, user_email: null, target: "effacements", details: null });
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(id);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(code.replace(/-/g, ""));
    // A code that matches nothing is not an erasure.
    expect(await eraseResponse(db, code)).toBe(false);
    expect(
      await db.selectFrom("audit_log").select("id").where("action", "=", "response_erased").execute(),
    ).toHaveLength(1);

    const { entries } = await journal(cookies.admin);
    expect(entries[0]).toMatchObject({
      who: null,
      action: "Une réponse a été effacée (par la personne, avec son code)",
      target: "effacements",
      details: "",
    });
  });

  it("logs a purge as the system, with counts, in French", async () => {
    await createCampaign(db, { slug: "a-purger", title: "À purger" });
    const res = await postResponse("a-purger", {
      id: crypto.randomUUID(),
      surveyId: "young-adult",
      surveyVersion: 1,
      locale: "fr",
      ageBand: "18-25",
      answers: (await import("./fixtures")).validAnswers("young-adult"),
    });
    expect(res.status).toBe(201);
    await db
      .updateTable("campaign")
      .set({
        closes_at: new Date(Date.now() - 100 * DAY).toISOString(),
        retention_months: 1,
        status: "closed",
      })
      .where("slug", "=", "a-purger")
      .execute();
    const purged = await purgeExpiredResponses(db);
    expect(purged.map((p) => p.slug)).toEqual(["a-purger"]);
    const { entries } = await journal(cookies.admin);
    expect(entries[0]).toMatchObject({
      who: null,
      action: "Réponses effacées : durée de conservation passée",
      target: "a-purger",
    });
    expect(entries[0]!.details).toMatch(
      /^réponses effacées : 1 · textes libres effacés : 0 · réponses de conseil effacées : 0 · fermée le : \d{4}-\d\d-\d\d · conservation \(mois\) : 1$/,
    );
  });

  it("is read by admins only", async () => {
    const refused = await journalLoader({
      request: new Request("http://localhost/tableau/journal", { headers: { cookie: cookies.coord } }),
      params: {},
      context: {},
    }).then(
      () => null,
      (e: unknown) => (e instanceof Response ? e.status : e),
    );
    expect(refused).toBe(404);
  });
});
