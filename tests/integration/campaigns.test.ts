/**
 * The coordinator area's campaign pages through their loaders and actions, with real
 * signed-in Requests: who may list, create, edit and print which campaigns, the form's
 * French field errors, the locks once someone answered, and the poster's QR code.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { parisDayOf } from "~/campaigns/campaign-form";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { startSession } from "~/accounts/login.server";
import { findActor, createUser } from "~/accounts/user.server";
import { loader as layoutLoader } from "~/routes/tableau";
import { loader as listLoader } from "~/routes/tableau._index";
import { action as createAction, loader as createLoader } from "~/routes/tableau.campagnes.nouvelle";
import { action as editAction, loader as editLoader } from "~/routes/tableau.campagnes.$slug.modifier";
import { loader as posterLoader } from "~/routes/tableau.campagnes.$slug.affiche";
import { getTestDb, postResponse, validAnswers } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const ALL = ["parent.v2", "child.v2", "child-self.v1", "youth.v2", "young-adult.v2"];

let db: DB;
const cookies: Record<"admin" | "coordA" | "coordB" | "viewerA", string> = {
  admin: "",
  coordA: "",
  coordB: "",
  viewerA: "",
};
let territoryA = 0;
let territoryB = 0;

beforeAll(async () => {
  db = (await getTestDb()).db;
  territoryA = (
    await db
      .insertInto("territory")
      .values({ slug: "ta", name: "Cité éducative A" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  territoryB = (
    await db
      .insertInto("territory")
      .values({ slug: "tb", name: "Cité éducative B" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const people = {
    admin: { role: "admin", territorySlugs: [] },
    coordA: { role: "coordinator", territorySlugs: ["ta"] },
    coordB: { role: "coordinator", territorySlugs: ["tb"] },
    viewerA: { role: "viewer", territorySlugs: ["ta"] },
  } as const;
  for (const [name, p] of Object.entries(people)) {
    const id = await createUser(db, {
      email: `${name}@example.org`,
      role: p.role,
      password: "un mot de passe assez long",
      territorySlugs: [...p.territorySlugs],
    });
    const actor = (await findActor(db, id))!;
    const setCookie = await startSession(new Request("http://localhost/connexion"), actor);
    cookies[name as keyof typeof cookies] = setCookie.split(";")[0]!;
  }
});

type Who = keyof typeof cookies | null;

function args(
  url: string,
  who: Who,
  params: Record<string, string> = {},
  form?: Record<string, string | string[]>,
) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]);
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    // Posted as the real forms do: with the anti-CSRF token of the session cookie (a visitor's too).
    if (!who) headers.set("Cookie", "coeduc_session=visitor");
    body.append("_csrf", csrfTokenForCookie(headers.get("Cookie")));
  }
  const request = new Request(`http://localhost${url}`, { method: form ? "POST" : "GET", headers, body });
  return { request, params, context: {} };
}

/** What a loader or action threw: a Response (404, redirect). */
async function thrown(promise: Promise<unknown>): Promise<{ status: number; location: string | null }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get("Location") };
    throw error;
  }
  throw new Error("expected a thrown Response");
}

/** What an action answered with json(): its status and field errors. */
async function refused(result: unknown): Promise<{ status: number; fields: Record<string, string> }> {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  const body = (await response.json()) as { fields: Record<string, string> };
  return { status: response.status, fields: body.fields };
}

const day = (offsetDays: number) => parisDayOf(new Date(Date.now() + offsetDays * DAY));

function validForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    territoryId: String(territoryA),
    title: "Rentrée des familles",
    waveLabel: "automne 2026",
    surveys: ALL,
    opensOn: day(-1),
    closesOn: day(60),
    slug: "rentree-a",
    intent: "open",
    ...overrides,
  };
}

async function campaignRow(slug: string) {
  return db.selectFrom("campaign").selectAll().where("slug", "=", slug).executeTakeFirst();
}
async function campaignSurveys(slug: string): Promise<string[]> {
  const rows = await db
    .selectFrom("campaign_survey")
    .innerJoin("campaign", "campaign.id", "campaign_survey.campaign_id")
    .select(["survey_id", "survey_version"])
    .where("campaign.slug", "=", slug)
    .orderBy("survey_id")
    .execute();
  return rows.map((r) => `${r.survey_id}.v${r.survey_version}`);
}
async function countCampaigns(): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("campaign")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}
async function auditCount(): Promise<number> {
  return Number(
    (
      await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Creates a campaign as someone, through the route's action; returns the redirect. */
async function create(who: Who, form: Record<string, string | string[]>) {
  return thrown(createAction(args("/tableau/campagnes/nouvelle", who, {}, form)));
}

describe("visitors without a session", () => {
  it("are sent to the login page, which brings them back", async () => {
    const cases: [Promise<unknown>, string][] = [
      [layoutLoader(args("/tableau", null)), "/tableau"],
      [listLoader(args("/tableau", null)), "/tableau"],
      [createLoader(args("/tableau/campagnes/nouvelle", null)), "/tableau/campagnes/nouvelle"],
      [
        createAction(args("/tableau/campagnes/nouvelle", null, {}, validForm({ slug: "visiteur" }))),
        "/tableau/campagnes/nouvelle",
      ],
      [
        editLoader(args("/tableau/campagnes/x/modifier", null, { slug: "x" })),
        "/tableau/campagnes/x/modifier",
      ],
      [
        posterLoader(args("/tableau/campagnes/x/affiche?a=1", null, { slug: "x" })),
        "/tableau/campagnes/x/affiche?a=1",
      ],
    ];
    for (const [promise, back] of cases) {
      const t = await thrown(promise);
      expect(t.status).toBe(302);
      expect(t.location).toBe(`/connexion?retour=${encodeURIComponent(back)}`);
    }
    expect(await campaignRow("visiteur")).toBeUndefined();
  });
});

describe("the layout", () => {
  it("gives the pages who is signed in, without the session version", async () => {
    const data = await layoutLoader(args("/tableau", "coordA"));
    expect(data.actor).toEqual({
      id: expect.any(Number),
      email: "coorda@example.org",
      role: "coordinator",
      territoryIds: [territoryA],
    });
  });
});

describe("creating a campaign", () => {
  it("offers a coordinator their own territory and the newest individual questionnaires", async () => {
    const data = await createLoader(args("/tableau/campagnes/nouvelle", "coordA"));
    expect(data.territories).toEqual([{ id: territoryA, name: "Cité éducative A" }]);
    expect(data.values.territoryId).toBe(String(territoryA));
    expect(data.surveys.map((s) => s.key)).toEqual(ALL);
    const admin = await createLoader(args("/tableau/campagnes/nouvelle", "admin"));
    expect(admin.territories.map((t) => t.name)).toEqual(["Cité éducative A", "Cité éducative B"]);
  });

  it("stores a coordinator's campaign in their territory, in Paris days, and writes the audit log", async () => {
    const t = await create(
      "coordA",
      validForm({ slug: "automne-a", opensOn: "2026-10-01", closesOn: "2026-12-20", intent: "draft" }),
    );
    expect(t).toEqual({ status: 302, location: "/tableau?enregistre=automne-a" });
    const row = await campaignRow("automne-a");
    expect(row).toMatchObject({
      territory_id: territoryA,
      title: "Rentrée des familles",
      wave_label: "automne 2026",
      status: "draft",
      // 00:00 in Paris (summer time) and the end of the last day in Paris (winter time).
      opens_at: "2026-09-30T22:00:00.000Z",
      closes_at: "2026-12-20T22:59:59.999Z",
    });
    expect(await campaignSurveys("automne-a")).toEqual([
      "child.v2",
      "child-self.v1",
      "parent.v2",
      "young-adult.v2",
      "youth.v2",
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "campaign_created")
      .where("target", "=", "automne-a")
      .executeTakeFirstOrThrow();
    expect(audit.user_email).toBe("coorda@example.org");
    expect(JSON.parse(audit.details!)).toMatchObject({ territoryId: territoryA, status: "draft" });
  });

  it("suggests the address from the title when it is left empty", async () => {
    await create("coordA", validForm({ slug: "", title: "Écoute des Jeunes : Été 2027" }));
    expect(await campaignRow("ecoute-des-jeunes-ete-2027")).toMatchObject({ territory_id: territoryA });
  });

  it("refuses wrong fields with French messages next to each, and stores nothing", async () => {
    const before = { campaigns: await countCampaigns(), audit: await auditCount() };
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ slug: "Pas Bon!" }, "slug", /lettres minuscules sans accent/],
      [{ slug: "ab" }, "slug", /entre 3 et 60 caractères/],
      [{ opensOn: "2026-10-10", closesOn: "2026-10-01" }, "closesOn", /le jour de l'ouverture ou après/],
      [{ surveys: [] }, "surveys", /au moins un questionnaire/],
      [{ slug: "automne-a" }, "slug", /déjà prise/],
      [{ surveys: ["council.v1"] }, "surveys", /ne peut pas être proposé/],
      [{ territoryId: String(territoryB) }, "territoryId", /Choisissez un territoire de la liste/],
      [{ opensOn: "2026-02-30" }, "opensOn", /pas valide/],
      [{ title: "   " }, "title", /Indiquez le titre/],
    ];
    for (const [overrides, field, message] of cases) {
      const r = await refused(
        await createAction(
          args("/tableau/campagnes/nouvelle", "coordA", {}, validForm({ slug: "refusee", ...overrides })),
        ),
      );
      expect(r.status, field).toBe(422);
      expect(r.fields[field], field).toMatch(message);
    }
    // All errors at once, so the person fixes everything in one go.
    const all = await refused(
      await createAction(
        args(
          "/tableau/campagnes/nouvelle",
          "coordA",
          {},
          { title: "", waveLabel: "", slug: "X", opensOn: "2026-10-10", closesOn: "2026-10-01" },
        ),
      ),
    );
    expect(Object.keys(all.fields).sort()).toEqual([
      "closesOn",
      "slug",
      "surveys",
      "territoryId",
      "title",
      "waveLabel",
    ]);
    expect(await countCampaigns()).toBe(before.campaigns);
    expect(await auditCount()).toBe(before.audit);
    expect(await campaignRow("refusee")).toBeUndefined();
  });

  it("does not exist for viewers", async () => {
    expect((await thrown(createLoader(args("/tableau/campagnes/nouvelle", "viewerA")))).status).toBe(404);
    expect((await create("viewerA", validForm({ slug: "par-un-lecteur" }))).status).toBe(404);
    expect(await campaignRow("par-un-lecteur")).toBeUndefined();
  });
});

describe("editing a campaign", () => {
  beforeAll(async () => {
    await create("coordA", validForm({ slug: "edition-a", intent: "draft" }));
    await create(
      "coordB",
      validForm({ slug: "edition-b", territoryId: String(territoryB), title: "Campagne B" }),
    );
  });

  it("shows the stored campaign in the form", async () => {
    const data = await editLoader(
      args("/tableau/campagnes/edition-a/modifier", "coordA", { slug: "edition-a" }),
    );
    expect(data.values).toMatchObject({
      title: "Rentrée des familles",
      slug: "edition-a",
      surveys: ALL,
      closesOn: day(60),
    });
    expect(data.locks).toEqual({ surveys: false, territory: false, slug: false });
  });

  it("answers 404 to a coordinator of another territory, and changes nothing", async () => {
    const before = { row: await campaignRow("edition-a"), audit: await auditCount() };
    const url = "/tableau/campagnes/edition-a";
    expect((await thrown(editLoader(args(`${url}/modifier`, "coordB", { slug: "edition-a" })))).status).toBe(
      404,
    );
    expect((await thrown(posterLoader(args(`${url}/affiche`, "coordB", { slug: "edition-a" })))).status).toBe(
      404,
    );
    const post = editAction(
      args(
        `${url}/modifier`,
        "coordB",
        { slug: "edition-a" },
        validForm({ slug: "edition-a", title: "Pris par B" }),
      ),
    );
    expect((await thrown(post)).status).toBe(404);
    // The same answer as for a campaign that does not exist.
    expect(
      (await thrown(editLoader(args("/tableau/campagnes/inconnue/modifier", "coordB", { slug: "inconnue" }))))
        .status,
    ).toBe(404);
    expect(await campaignRow("edition-a")).toEqual(before.row);
    expect(await auditCount()).toBe(before.audit);
  });

  it("answers 404 to a viewer of the same territory", async () => {
    const url = "/tableau/campagnes/edition-a";
    expect((await thrown(editLoader(args(`${url}/modifier`, "viewerA", { slug: "edition-a" })))).status).toBe(
      404,
    );
    const post = editAction(
      args(
        `${url}/modifier`,
        "viewerA",
        { slug: "edition-a" },
        validForm({ slug: "edition-a", title: "Lu" }),
      ),
    );
    expect((await thrown(post)).status).toBe(404);
    expect(
      (await thrown(posterLoader(args(`${url}/affiche`, "viewerA", { slug: "edition-a" })))).status,
    ).toBe(404);
    expect((await campaignRow("edition-a"))!.title).toBe("Rentrée des familles");
  });

  it("lets a coordinator change the questionnaires while nobody has answered", async () => {
    const t = await thrown(
      editAction(
        args(
          "/tableau/campagnes/edition-a/modifier",
          "coordA",
          { slug: "edition-a" },
          validForm({ slug: "edition-a", surveys: ["parent.v2"], intent: "draft" }),
        ),
      ),
    );
    expect(t).toEqual({ status: 302, location: "/tableau?enregistre=edition-a" });
    expect(await campaignSurveys("edition-a")).toEqual(["parent.v2"]);
  });

  it("lets an admin edit any territory's campaign, and records it", async () => {
    const t = await thrown(
      editAction(
        args(
          "/tableau/campagnes/edition-b/modifier",
          "admin",
          { slug: "edition-b" },
          validForm({ slug: "edition-b", territoryId: String(territoryB), title: "Campagne B revue" }),
        ),
      ),
    );
    expect(t.status).toBe(302);
    expect(await campaignRow("edition-b")).toMatchObject({
      title: "Campagne B revue",
      territory_id: territoryB,
    });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "campaign_updated")
      .where("target", "=", "edition-b")
      .executeTakeFirstOrThrow();
    expect(audit.user_email).toBe("admin@example.org");
    expect(JSON.parse(audit.details!)).toMatchObject({ changed: ["title"], status: "open" });
  });

  it("refuses a taken address with 422 and keeps the campaign as it was", async () => {
    const r = await refused(
      await editAction(
        args(
          "/tableau/campagnes/edition-a/modifier",
          "coordA",
          { slug: "edition-a" },
          validForm({ slug: "automne-a", intent: "draft" }),
        ),
      ),
    );
    expect(r.status).toBe(422);
    expect(r.fields.slug).toMatch(/déjà prise/);
    expect(await campaignRow("edition-a")).toBeDefined();
  });

  it("closes a campaign only when asked", async () => {
    const url = "/tableau/campagnes/edition-b/modifier";
    const form = validForm({ slug: "edition-b", territoryId: String(territoryB), title: "Campagne B revue" });
    const { intent: _intent, ...withoutIntent } = form;
    await thrown(editAction(args(url, "coordB", { slug: "edition-b" }, withoutIntent)));
    expect((await campaignRow("edition-b"))!.status).toBe("open");
    await thrown(editAction(args(url, "coordB", { slug: "edition-b" }, { ...form, intent: "closed" })));
    expect((await campaignRow("edition-b"))!.status).toBe("closed");
  });
});

describe("once someone has answered", () => {
  beforeAll(async () => {
    await create("coordA", validForm({ slug: "repondue", intent: "open" }));
    const sent = await postResponse("repondue", {
      id: crypto.randomUUID(),
      surveyId: "parent",
      surveyVersion: 2,
      locale: "fr",
      ageBand: null,
      answers: validAnswers("parent", 2),
    });
    expect(sent.status).toBe(201);
  });

  it("keeps the questionnaires, the territory and the address; other changes are saved", async () => {
    const url = "/tableau/campagnes/repondue/modifier";
    const data = await editLoader(args(url, "admin", { slug: "repondue" }));
    expect(data.responses).toBe(1);
    expect(data.locks).toEqual({ surveys: true, territory: true, slug: true });
    const t = await thrown(
      editAction(
        args(
          url,
          "admin",
          { slug: "repondue" },
          validForm({
            slug: "autre-adresse",
            territoryId: String(territoryB),
            surveys: ["youth.v2"],
            title: "Nouveau titre",
          }),
        ),
      ),
    );
    expect(t).toEqual({ status: 302, location: "/tableau?enregistre=repondue" });
    expect(await campaignRow("repondue")).toMatchObject({ title: "Nouveau titre", territory_id: territoryA });
    expect(await campaignSurveys("repondue")).toEqual([
      "child.v2",
      "child-self.v1",
      "parent.v2",
      "young-adult.v2",
      "youth.v2",
    ]);
  });

  it("does not count a group under 10 responses in the list (small groups stay hidden)", async () => {
    const data = await listLoader(args("/tableau", "coordA"));
    expect(data.campaigns.find((c) => c.slug === "repondue")).toMatchObject({
      responses: 0,
      availability: "open",
    });
  });
});

describe("the campaign list", () => {
  it("shows each person only their territories' campaigns (admins: all)", async () => {
    const slugs = async (who: Who) => (await listLoader(args("/tableau", who))).campaigns.map((c) => c.slug);
    const a = await slugs("coordA");
    expect(a).toContain("automne-a");
    expect(a).not.toContain("edition-b");
    const b = await slugs("coordB");
    expect(b).toEqual(["edition-b"]);
    const viewer = await listLoader(args("/tableau", "viewerA"));
    expect(viewer.campaigns.map((c) => c.slug).sort()).toEqual([...a].sort());
    expect(viewer.canManage).toBe(false);
    const all = await slugs("admin");
    expect(all.sort()).toEqual([...a, ...b].sort());
  });

  it("puts the newest opening first and says each status", async () => {
    const data = await listLoader(args("/tableau?enregistre=automne-a", "coordA"));
    const opens = data.campaigns.map((c) => c.opensAt);
    expect(opens).toEqual([...opens].sort().reverse());
    expect(data.campaigns.find((c) => c.slug === "automne-a")!.availability).toBe("draft");
    expect(data.saved).toBe("Rentrée des familles");
  });
});

describe("the poster", () => {
  it("has the QR code of the absolute public link, as an accessible image", async () => {
    const data = await posterLoader(
      args("/tableau/campagnes/automne-a/affiche", "coordA", { slug: "automne-a" }),
    );
    expect(data.publicUrl).toBe("http://localhost/s/automne-a");
    expect(data.shortUrl).toBe("localhost/s/automne-a");
    expect(data.qrSvg).toMatch(/^<svg role="img" aria-label="QR code vers http:\/\/localhost\/s\/automne-a"/);
    expect(data.qrSvg).toContain("<path");
    expect(data).toMatchObject({ territoryName: "Cité éducative A", availability: "draft", minutes: "3 à 19" });
    expect(data.audience).toBe("les parents, les enfants de 8 à 11 ans et les jeunes de 12 à 25 ans");
  });

  it("is open to admins for any territory", async () => {
    const data = await posterLoader(
      args("/tableau/campagnes/edition-b/affiche", "admin", { slug: "edition-b" }),
    );
    expect(data.title).toBe("Campagne B revue");
  });
});
