/**
 * "Vous avez dit, nous avons fait": actions with their history and scoping, moderation of
 * free texts, and the public results page (small groups hidden, approved texts only).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { insertCampaign } from "~/campaigns/campaign.server";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { eraseResponse } from "~/privacy/erasure.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { loader as publicLoader } from "~/routes/s.$slug.resultats";
import { action as actionsAction, loader as actionsLoader } from "~/routes/tableau.campagnes.$slug.actions";
import {
  action as verbatimsAction,
  loader as verbatimsLoader,
} from "~/routes/tableau.campagnes.$slug.verbatims";
import { ALL_SURVEYS, createCampaign, getTestDb, postResponse } from "./fixtures";
import { signInPeople } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const SLUG = "bilan";
const SECRET_TEXT = "Mon fils Kevin Dupont, 12 rue des Lilas, est harcelé";
const EDITED_TEXT = "Mon fils est harcelé";
const SCRIPT_TEXT = "<script>alert('x')</script><img src=x onerror=alert(1)>";

let db: DB;
let seed = 1;
const cookies = { admin: "", coord: "", viewer: "", otherCoord: "" };
type Who = keyof typeof cookies;
/** Erasure codes of the responses carrying a free text, by text. */
const codes = new Map<string, string>();

async function answer(slug: string, surveyId: string, count: number, idea?: string): Promise<void> {
  const def = getSurveyDefinition(surveyId, 1)!;
  for (let i = 0; i < count; i += 1) {
    const answers = { ...syntheticAnswers(def, seededRandom(seed++)) } as Record<string, unknown>;
    delete answers.idea;
    if (idea) answers.idea = idea;
    const result = await postResponse(slug, {
      id: crypto.randomUUID(),
      surveyId,
      surveyVersion: 1,
      locale: "fr",
      ageBand: surveyId === "youth" ? "15-17" : surveyId === "child" ? "6-11" : null,
      answers,
    });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    if (idea) codes.set(idea, result.body!.erasureCode!);
  }
}

function request(url: string, who: Who | null, form?: Record<string, string>) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]);
  // Posted as the real forms do: with the anti-CSRF token of the session cookie (a visitor's too).
  if (form && !who) headers.set("Cookie", "coeduc_session=visitor");
  const csrf: Record<string, string> = form ? { _csrf: csrfTokenForCookie(headers.get("Cookie")) } : {};
  return new Request(`http://localhost${url}`, {
    headers,
    ...(form ? { method: "POST", body: new URLSearchParams({ ...csrf, ...form }) } : {}),
  });
}

/**
 * The status a loader or action threw (404, redirect), or the status and data it answered
 * (200 and the object it returned, or a json() answer's status and body).
 */
async function settle<T>(
  promise: Promise<T>,
): Promise<{ status: number; data: Exclude<T, Response> | undefined }> {
  try {
    const data = await promise;
    if (data instanceof Response) {
      const json = /\bapplication\/json\b/.test(data.headers.get("Content-Type") ?? "");
      return { status: data.status, data: json ? await data.json() : undefined };
    }
    return { status: 200, data: data as Exclude<T, Response> };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: undefined };
    throw error;
  }
}

const actionsPage = (who: Who, slug = SLUG, query = "") =>
  settle(
    actionsLoader({
      request: request(`/tableau/campagnes/${slug}/actions${query}`, who),
      params: { slug },
      context: {},
    }),
  );
const postAction = (who: Who, form: Record<string, string>, slug = SLUG) =>
  settle(
    actionsAction({
      request: request(`/tableau/campagnes/${slug}/actions`, who, form),
      params: { slug },
      context: {},
    }),
  );
const verbatims = (who: Who, slug = SLUG) =>
  settle(
    verbatimsLoader({
      request: request(`/tableau/campagnes/${slug}/verbatims`, who),
      params: { slug },
      context: {},
    }),
  );
const moderate = (who: Who, form: Record<string, string>, slug = SLUG) =>
  settle(
    verbatimsAction({
      request: request(`/tableau/campagnes/${slug}/verbatims`, who, form),
      params: { slug },
      context: {},
    }),
  );
const publicPage = (slug = SLUG) =>
  settle(publicLoader({ request: request(`/s/${slug}/resultats`, null), params: { slug }, context: {} }));

async function verbatimId(text: string): Promise<number> {
  const row = await db.selectFrom("verbatim").select("id").where("text", "=", text).executeTakeFirstOrThrow();
  return row.id;
}

async function auditActions(): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").orderBy("id").execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  db = (await getTestDb()).db;
  await createCampaign(db, { slug: SLUG, title: "Bilan", opensAt: new Date(Date.now() - 30 * DAY) });
  await createCampaign(db, { slug: "brouillon", status: "draft" });
  const other = await db
    .insertInto("territory")
    .values({ slug: "autre", name: "Cité d'ailleurs" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertCampaign(
    db,
    {
      territoryId: other.id,
      slug: "ailleurs",
      title: "Ailleurs",
      waveLabel: "test",
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      status: "open",
    },
    ALL_SURVEYS,
  );

  // Parents: 12 (shown), three of them with a free text. Youth: 4 (hidden), one free text.
  await answer(SLUG, "parent", 9);
  await answer(SLUG, "parent", 1, SECRET_TEXT);
  await answer(SLUG, "parent", 1, SCRIPT_TEXT);
  await answer(SLUG, "parent", 1, "Plus de sorties le samedi");
  await answer(SLUG, "youth", 3);
  await answer(SLUG, "youth", 1, "Texte d'un jeune du petit groupe");

  const people = {
    admin: { role: "admin", territorySlugs: [] },
    coord: { role: "coordinator", territorySlugs: ["territoire-test"] },
    viewer: { role: "viewer", territorySlugs: ["territoire-test"] },
    otherCoord: { role: "coordinator", territorySlugs: ["autre"] },
  } as const;
  await signInPeople(db, people, cookies);
}, 120_000);

describe("actions", () => {
  it("are created and edited by coordinators, with every save kept in the history and audited", async () => {
    const created = await postAction("coord", {
      heard: "Les parents veulent être informés plus tôt",
      decided: "Une lettre chaque mois",
      status: "planned",
      startsOn: "2027-01-10",
      endsOn: "",
      dimension: "D1",
      question: "",
    });
    expect(created.status).toBe(302);
    const list = await actionsPage("coord");
    expect(list.data!.actions).toHaveLength(1);
    const a = list.data!.actions[0]!;
    expect(a).toMatchObject({ status: "planned", startsOn: "2027-01-10", endsOn: null, dimension: "D1" });

    const edited = await postAction("admin", {
      id: String(a.id),
      heard: a.heard,
      decided: "Une lettre chaque mois, traduite en trois langues",
      status: "done",
      startsOn: "2027-01-10",
      endsOn: "2027-03-01",
      dimension: "D1",
      question: "d2_continuum",
    });
    expect(edited.status).toBe(302);
    const after = await actionsPage("viewer");
    expect(after.status).toBe(200);
    expect(after.data!.actions[0]).toMatchObject({
      status: "done",
      endsOn: "2027-03-01",
      question: "d2_continuum",
    });
    const history = after.data!.history[a.id]!;
    expect(history.map((r) => [r.status, r.userEmail])).toEqual([
      ["planned", "coord@example.org"],
      ["done", "admin@example.org"],
    ]);
    expect(history[0]!.decided).toBe("Une lettre chaque mois");
    const audit = await auditActions();
    expect(audit).toContain("action_published");
    expect(audit).toContain("action_updated");
  });

  it("refuses invalid input with field errors", async () => {
    const res = await postAction("coord", {
      heard: "",
      decided: "x",
      status: "bientôt",
      startsOn: "2027-05-01",
      endsOn: "2027-04-01",
    });
    expect(res.status).toBe(422);
    const body = res.data as unknown as { fields: Record<string, string> };
    expect(Object.keys(body.fields).sort()).toEqual(["heard", "status"]);
    const dates = await postAction("coord", {
      heard: "a",
      decided: "b",
      status: "planned",
      startsOn: "2027-05-01",
      endsOn: "2027-04-01",
    });
    expect(dates.status).toBe(422);
    expect(Object.keys((dates.data as unknown as { fields: object }).fields)).toEqual(["endsOn"]);
  });

  it("is read only for viewers and does not exist for another territory", async () => {
    const before = (await actionsPage("coord")).data!.actions.length;
    const form = { heard: "a", decided: "b", status: "planned" };
    expect((await postAction("viewer", form)).status).toBe(404);
    expect((await actionsPage("viewer")).data!.canEdit).toBe(false);
    expect((await actionsPage("otherCoord")).status).toBe(404);
    expect((await postAction("otherCoord", form)).status).toBe(404);
    expect((await actionsPage("coord", "ailleurs")).status).toBe(404);
    expect((await postAction("coord", form, "ailleurs")).status).toBe(404);
    // An action id of this campaign cannot be edited through another campaign's address.
    const id = String((await actionsPage("coord")).data!.actions[0]!.id);
    expect((await postAction("admin", { ...form, id }, "ailleurs")).status).toBe(404);
    expect((await actionsPage("coord")).data!.actions.length).toBe(before);
  });
});

describe("moderation and the public page", () => {
  it("says when results will be published while the campaign is open, with no figures", async () => {
    const page = await publicPage();
    expect(page.status).toBe(200);
    expect(page.data!.published).toBe(false);
    expect(page.data!.groups).toEqual([]);
    expect(page.data!.participation).toBeNull();
    expect(page.data!.closesAt).toBeTruthy();
  });

  it("answers 404 for an unknown or draft campaign", async () => {
    expect((await publicPage("nexiste-pas")).status).toBe(404);
    expect((await publicPage("brouillon")).status).toBe(404);
  });

  it("never shows an unapproved text; shows the approved edited text, not the original", async () => {
    const texts = () => publicPage().then((p) => p.data!.verbatims.map((v) => v.text));
    expect(await texts()).toEqual([]);

    const secretId = await verbatimId(SECRET_TEXT);
    expect((await moderate("viewer", { intent: "approve", verbatimId: String(secretId) })).status).toBe(404);
    expect((await moderate("otherCoord", { intent: "approve", verbatimId: String(secretId) })).status).toBe(
      404,
    );
    expect(await texts()).toEqual([]);

    const ok = await moderate("coord", {
      intent: "approve_edited",
      verbatimId: String(secretId),
      publicText: EDITED_TEXT,
    });
    expect(ok.status).toBe(200);
    const page = await publicPage();
    expect(page.data!.verbatims.map((v) => v.text)).toEqual([EDITED_TEXT]);
    expect(JSON.stringify(page.data)).not.toContain("Kevin");
    // The original is kept, untouched, for the team.
    expect(
      (await db.selectFrom("verbatim").select("text").where("id", "=", secretId).executeTakeFirst())!.text,
    ).toBe(SECRET_TEXT);
    const coordView = await verbatims("coord");
    expect(coordView.data!.moderation[secretId]).toMatchObject({
      status: "approved",
      publicText: EDITED_TEXT,
    });

    expect((await moderate("coord", { intent: "withdraw", verbatimId: String(secretId) })).status).toBe(200);
    expect(await texts()).toEqual([]);

    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "details", "user_email"])
      .where("action", "in", ["verbatim_approved", "verbatim_unapproved"])
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["verbatim_approved", "verbatim_unapproved"]);
    expect(JSON.parse(audit[0]!.details!)).toEqual({ verbatim: secretId, edited: true });
    // The log says who and what, never the text.
    expect(audit.every((a) => a.user_email === "coord@example.org" && !a.details!.includes("harcel"))).toBe(
      true,
    );
  });

  it("does not publish a free text of a group under 10, even approved", async () => {
    const youthId = await verbatimId("Texte d'un jeune du petit groupe");
    // The team may approve it (the group may grow), but the page leaves hidden groups' texts out.
    expect((await moderate("coord", { intent: "approve", verbatimId: String(youthId) })).status).toBe(200);
    expect((await publicPage()).data!.verbatims.map((v) => v.text)).not.toContain("Texte d'un jeune");
  });

  it("once closed, shows shown groups' figures, hides groups under 10 with no number, and shows actions", async () => {
    await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", SLUG).execute();
    const page = await publicPage();
    const d = page.data!;
    expect(d.published).toBe(true);
    expect(d.participation).toEqual({ shownTotal: 12, hiddenGroups: 1 });
    const parents = d.groups.find((g) => g.audience === "P")!;
    expect(parents.responses).toBe(12);
    expect(parents.dimensions.every((x) => typeof x.favourable === "number")).toBe(true);
    const youth = d.groups.find((g) => g.audience === "Y")!;
    expect(youth).toMatchObject({ responses: null, status: "hidden" });
    expect(youth.dimensions.every((x) => x.favourable === null)).toBe(true);
    expect(JSON.stringify(youth)).not.toContain('favourable":0');
    expect(d.actions[0]).toMatchObject({
      status: "done",
      decided: "Une lettre chaque mois, traduite en trois langues",
    });
    await db.updateTable("campaign").set({ status: "open" }).where("slug", "=", SLUG).execute();
  });

  it("keeps an HTML/script free text inert: raw in the data, never injected as HTML", async () => {
    const id = await verbatimId(SCRIPT_TEXT);
    expect((await moderate("coord", { intent: "approve", verbatimId: String(id) })).status).toBe(200);
    const page = await publicPage();
    expect(page.data!.verbatims.map((v) => v.text)).toContain(SCRIPT_TEXT);
    for (const file of [
      "s.$slug.resultats.tsx",
      "tableau.campagnes.$slug.verbatims.tsx",
      "tableau.campagnes.$slug.actions.tsx",
    ]) {
      const source = fs.readFileSync(path.join(__dirname, "../../app/routes", file), "utf8");
      expect(source).not.toContain("dangerouslySetInnerHTML");
    }
  });

  it("erasing a response removes its verbatim and its moderation", async () => {
    const id = await verbatimId(SCRIPT_TEXT);
    expect(
      await db
        .selectFrom("verbatim_moderation")
        .select("verbatim_id")
        .where("verbatim_id", "=", id)
        .executeTakeFirst(),
    ).toBeDefined();
    expect(await eraseResponse(db, codes.get(SCRIPT_TEXT)!)).toBe(true);
    expect(
      await db.selectFrom("verbatim").select("id").where("id", "=", id).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await db
        .selectFrom("verbatim_moderation")
        .select("verbatim_id")
        .where("verbatim_id", "=", id)
        .executeTakeFirst(),
    ).toBeUndefined();
    expect((await publicPage()).data!.verbatims.map((v) => v.text)).not.toContain(SCRIPT_TEXT);
  });
});
