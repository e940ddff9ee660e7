/**
 * The dashboards through their loaders, with real signed-in Requests and responses posted
 * through the submission API: who sees which page, small groups hidden with no number in
 * the data sent to the browser, and attempts to recover a hidden group by subtracting the
 * numbers that are shown (participation, audiences, age bands, weeks, languages, the
 * indicators API, the campaign list).
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../../db/client";
import { insertCampaign } from "~/campaigns/campaign.server";
import { ALPHA_FROM } from "~/ui/dashboard/Reliability";
import { VerbatimList } from "~/ui/dashboard/Verbatims";
import type { AgeBand } from "~/surveys/audiences";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import type { CampaignIndicators } from "~/indicators/indicators.server";
import { ALPHA_MIN_RESPONSES } from "~/indicators/reliability.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { likePattern } from "~/follow-up/verbatims.server";
import { loader as indicatorsApi } from "~/routes/api.v1.campaigns.$slug.indicators";
import { loader as listLoader } from "~/routes/tableau._index";
import { loader as dashboardLoader } from "~/routes/tableau.campagnes.$slug._index";
import { loader as reportLoader } from "~/routes/tableau.campagnes.$slug.rapport";
import { loader as verbatimsLoader } from "~/routes/tableau.campagnes.$slug.verbatims";
import { loader as nationalLoader } from "~/routes/tableau.national";
import { ALL_SURVEYS, createCampaign, getTestDb, postResponse } from "./fixtures";
import { signInPeople } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const SURVEY_OF = { P: "parent", Px: "child", Y: "youth", A: "young-adult" } as const;
type Individual = keyof typeof SURVEY_OF;

let db: DB;
let seed = 1;
const cookies = { admin: "", coord: "", viewer: "", otherCoord: "" };
type Who = keyof typeof cookies | null;

/** Posts `count` synthetic responses of one audience through the API, on a given day. */
async function answer(
  slug: string,
  audience: Individual,
  count: number,
  options: { ageBand?: AgeBand | null; day?: Date; extra?: Record<string, unknown> } = {},
): Promise<void> {
  const def = getSurveyDefinition(SURVEY_OF[audience], 1)!;
  if (options.day) {
    // The API stamps the submission day from the clock: move the clock, not the data.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(options.day);
  }
  try {
    for (let i = 0; i < count; i += 1) {
      const answers = { ...syntheticAnswers(def, seededRandom(seed++)), ...options.extra };
      const result = await postResponse(slug, {
        id: crypto.randomUUID(),
        surveyId: def.id,
        surveyVersion: 1,
        locale: "fr",
        ageBand: options.ageBand === undefined ? defaultBand(audience) : options.ageBand,
        answers,
      });
      expect(result.status, JSON.stringify(result.body)).toBe(201);
    }
  } finally {
    vi.useRealTimers();
  }
}

function defaultBand(audience: Individual): AgeBand | null {
  return { P: null, Px: "6-11" as const, Y: "15-17" as const, A: "18-25" as const }[audience];
}

/** A campaign in a territory of its own (the fixtures' createCampaign uses one test territory). */
async function campaignIn(territorySlug: string, territoryName: string, slug: string): Promise<void> {
  const territory =
    (await db.selectFrom("territory").select("id").where("slug", "=", territorySlug).executeTakeFirst()) ??
    (await db
      .insertInto("territory")
      .values({ slug: territorySlug, name: territoryName })
      .returning("id")
      .executeTakeFirstOrThrow());
  await insertCampaign(
    db,
    {
      territoryId: territory.id,
      slug,
      title: `Campagne ${slug}`,
      waveLabel: "automne 2026",
      opensAt: new Date(Date.now() - 30 * DAY).toISOString(),
      closesAt: new Date(Date.now() + 365 * DAY).toISOString(),
      status: "open",
    },
    ALL_SURVEYS,
  );
}

function args(url: string, who: Who, params: Record<string, string> = {}) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]);
  return { request: new Request(`http://localhost${url}`, { headers }), params, context: {} };
}

/** The status a loader threw (404, redirect), or 200 with its data. */
async function settle<T>(promise: Promise<T>): Promise<{ status: number; data: T | undefined }> {
  try {
    const data = await promise;
    if (data instanceof Response) return { status: data.status, data };
    return { status: 200, data };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: undefined };
    throw error;
  }
}

async function dashboard(slug: string, who: Who = "coord", query = "") {
  return settle(dashboardLoader(args(`/tableau/campagnes/${slug}${query}`, who, { slug })));
}

async function viewCount(): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", "view_verbatims")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every subset sum of a few numbers (to try every subtraction of shown figures). */
function subsetSums(values: number[]): Set<number> {
  let sums = new Set([0]);
  for (const v of values) sums = new Set([...sums, ...[...sums].map((s) => s + v)]);
  return sums;
}

// Current wave: parents 100 (alpha computed), children 25 in three age bands (one of 3),
// youth 7 (hidden), young adults 12 (indicative). Previous wave of the same territory:
// parents 15, youth 12, young adults 4.
const HIDDEN_YOUTH = 7;
const CHILD_BANDS: [AgeBand, number][] = [
  ["0-2", 3],
  ["3-5", 10],
  ["6-11", 12],
];

beforeAll(async () => {
  db = (await getTestDb()).db;
  const now = Date.now();
  await createCampaign(db, { slug: "automne", opensAt: new Date(now - 200 * DAY), title: "Automne" });
  await createCampaign(db, { slug: "printemps", opensAt: new Date(now - 60 * DAY), title: "Printemps" });
  await db
    .updateTable("campaign")
    .set({ wave_label: "automne 2026" })
    .where("slug", "=", "automne")
    .execute();
  await db
    .updateTable("campaign")
    .set({ wave_label: "printemps 2027" })
    .where("slug", "=", "printemps")
    .execute();
  await campaignIn("autre", "Cité éducative d'ailleurs", "ailleurs");
  await campaignIn("petit", "Cité éducative minuscule", "minuscule");

  // Four weeks of parents' answers, two of the others'.
  for (const weeksAgo of [4, 3, 2, 1])
    await answer("printemps", "P", 25, { day: new Date(now - weeksAgo * 7 * DAY) });
  await answer("printemps", "P", 1, { extra: { idea: "Réduction de 50% sur la cantine_bio" } });
  await answer("printemps", "P", 1, { extra: { idea: "Réduction de 50 euros sur la cantine-bio" } });
  await answer("printemps", "P", 1, { extra: { idea: "<script>alert('x')</script> & <b>gras</b>" } });
  // 103 parents in all: still above the alpha threshold.
  for (const [band, n] of CHILD_BANDS)
    await answer("printemps", "Px", n, { ageBand: band, day: new Date(now - 14 * DAY) });
  await answer("printemps", "Y", HIDDEN_YOUTH - 1, { day: new Date(now - 7 * DAY) });
  await answer("printemps", "Y", 1, { extra: { idea: "Texte secret des jeunes" } });
  await answer("printemps", "A", 12, { day: new Date(now - 7 * DAY) });

  await answer("automne", "P", 15);
  await answer("automne", "Y", 12);
  await answer("automne", "A", 4);
  await answer("ailleurs", "P", 20);
  await answer("minuscule", "P", 5);

  const people = {
    admin: { role: "admin", territorySlugs: [] },
    coord: { role: "coordinator", territorySlugs: ["territoire-test"] },
    viewer: { role: "viewer", territorySlugs: ["territoire-test"] },
    otherCoord: { role: "coordinator", territorySlugs: ["autre"] },
  } as const;
  await signInPeople(db, people, cookies);
}, 120_000);

afterAll(() => {
  vi.useRealTimers();
});

describe("who sees the campaign dashboard", () => {
  it("answers 404 for another territory's campaign and an unknown one, 200 for its own", async () => {
    expect((await dashboard("ailleurs", "coord")).status).toBe(404);
    expect((await dashboard("printemps", "otherCoord")).status).toBe(404);
    expect((await dashboard("nexiste-pas", "coord")).status).toBe(404);
    expect((await dashboard("printemps", "viewer")).status).toBe(200);
    expect((await dashboard("printemps", "admin")).status).toBe(200);
    // A visitor is sent to the login page.
    expect((await dashboard("printemps", null)).status).toBe(302);
  });

  it("offers exports and verbatims to coordinators, not to viewers", async () => {
    expect((await dashboard("printemps", "coord")).data!.canManage).toBe(true);
    expect((await dashboard("printemps", "viewer")).data!.canManage).toBe(false);
  });

  it("the printable report follows the same scoping and the same suppression", async () => {
    const report = (who: Who, slug: string) =>
      settle(reportLoader(args(`/tableau/campagnes/${slug}/rapport`, who, { slug })));
    expect((await report("otherCoord", "printemps")).status).toBe(404);
    const viewer = await report("viewer", "printemps");
    expect(viewer.status).toBe(200);
    const youth = viewer.data!.indicators.groups.find((g) => g.audience === "Y")!;
    expect(youth.responses).toBeNull();
    expect(viewer.data!.producedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe("a group of 7 responses", () => {
  let data: Awaited<ReturnType<typeof dashboardLoader>>;
  let ind: CampaignIndicators;
  beforeAll(async () => {
    data = (await dashboard("printemps")).data!;
    ind = data.indicators as CampaignIndicators;
  });

  it("is hidden, with no number anywhere in the loader data", () => {
    const youth = ind.groups.find((g) => g.audience === "Y")!;
    expect(youth.status).toBe("hidden");
    expect(youth.responses).toBeNull();
    expect(youth.byAgeBand).toEqual([]);
    expect(youth.distributions).toEqual([]);
    expect(youth.reliability).toBeNull();
    for (const f of youth.dimensions)
      expect(f).toMatchObject({ n: null, mean: null, favourable: null, ci: null, status: "hidden" });
    // Serialized as the browser gets it: apart from the dimension codes, not one digit.
    const json = JSON.stringify(youth).replace(/"D[1-7]"/g, "");
    expect(json).not.toMatch(/\d/);
    expect(ind.participation.byAudience.find((a) => a.audience === "Y")!.n).toBeNull();
    for (const w of ind.participation.byWeek) expect(w.counts).not.toHaveProperty("Y");
  });

  it("shows the other groups, with their real counts", () => {
    const n = (a: string) => ind.participation.byAudience.find((x) => x.audience === a)!.n;
    expect(n("P")).toBe(103);
    expect(n("Px")).toBe(25);
    expect(n("A")).toBe(12);
    expect(ind.groups.find((g) => g.audience === "A")!.status).toBe("indicative");
    expect(ind.participation.hiddenGroups).toBe(1);
  });

  it("cannot be recovered from the participation total, the audiences, weeks or languages", () => {
    const p = ind.participation;
    const audienceCounts = p.byAudience.flatMap((a) => (a.n === null ? [] : [a.n]));
    // The total leaves the hidden group out, so total − shown groups is 0, not 7.
    expect(p.shownTotal).toBe(audienceCounts.reduce((s, n) => s + n, 0));
    const totals = [p.shownTotal];
    const locales = p.locales.map((l) => l.n);
    if (locales.every((n) => n !== null)) totals.push(locales.reduce<number>((s, n) => s + n!, 0));
    const weekCells = p.byWeek.flatMap((w) => Object.values(w.counts));
    if (weekCells.every((n) => n !== null && n !== undefined))
      totals.push(weekCells.reduce<number>((s, n) => s + n!, 0));
    for (const total of totals) {
      for (const sum of subsetSums(audienceCounts)) expect(total - sum).not.toBe(HIDDEN_YOUTH);
    }
    // Per shown audience, the weeks add up to its total, or leave two hidden weeks or more
    // weighing 10 or more together: never one week alone, never a small mass.
    for (const a of p.byAudience) {
      if (a.n === null) continue;
      const cells = p.byWeek.map((w) => w.counts[a.audience]);
      const hiddenWeeks = cells.filter((n) => n === null).length;
      const unexplained = a.n - cells.reduce<number>((s, n) => s + (n ?? 0), 0);
      if (hiddenWeeks === 0) expect(unexplained).toBe(0);
      else {
        expect(hiddenWeeks).toBeGreaterThanOrEqual(2);
        expect(unexplained).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it("age bands: a band of 3 is hidden together with a second one, so subtraction gives 13, not 3", () => {
    const child = ind.groups.find((g) => g.audience === "Px")!;
    const bands = child.byAgeBand;
    expect(bands.map((b) => b.ageBand)).toEqual(["0-2", "3-5", "6-11"]);
    const hidden = bands.filter((b) => b.responses === null);
    expect(hidden.map((b) => b.ageBand)).toEqual(["0-2", "3-5"]);
    for (const b of hidden) {
      expect(JSON.stringify(b).replace(/"D[1-7]"|"\d+-\d+"/g, "")).not.toMatch(/\d/);
    }
    const shownSum = bands.reduce((s, b) => s + (b.responses ?? 0), 0);
    expect(child.responses! - shownSum).toBe(13);
    // Per dimension too: never a single hidden band, never a hidden mass under 10.
    child.dimensions.forEach((groupFigure, i) => {
      const cells = bands.map((b) => b.dimensions[i]!);
      const hiddenCells = cells.filter((c) => c.n === null);
      if (hiddenCells.length === 0) return;
      expect(hiddenCells.length).toBeGreaterThanOrEqual(2);
      const unexplained = groupFigure.n! - cells.reduce((s, c) => s + (c.n ?? 0), 0);
      expect(unexplained).toBeGreaterThanOrEqual(10);
    });
  });

  it("the indicators API: 401 without a session, the same suppression with one", async () => {
    const api = (who: Who) =>
      indicatorsApi(args("/api/v1/campaigns/printemps/indicators", who, { slug: "printemps" }));
    expect((await api(null)).status).toBe(401);
    expect((await api("otherCoord")).status).toBe(404);
    const response = await api("viewer");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      groups: Record<
        string,
        { responses: number | null; status: string; dimensions: Record<string, Record<string, unknown>> }
      >;
    };
    expect(body.groups.Y!.responses).toBeNull();
    for (const f of Object.values(body.groups.Y!.dimensions)) expect(f).toEqual({ status: "hidden" });
    expect(JSON.stringify(body.groups.Y).replace(/"D[1-7]"/g, "")).not.toMatch(/\d/);
    // The API's shown responses add up to the dashboard's total: nothing left to subtract.
    const apiSum = Object.values(body.groups).reduce((s, g) => s + (g.responses ?? 0), 0);
    expect(apiSum).toBe(ind.participation.shownTotal);
    for (const sum of subsetSums(
      Object.values(body.groups).flatMap((g) => (g.responses === null ? [] : [g.responses])),
    )) {
      expect(ind.participation.shownTotal - sum).not.toBe(HIDDEN_YOUTH);
    }
  });

  // The campaign list counts only groups of at least 10, as the dashboards do.
  it("cannot be recovered from the campaign list's response count", async () => {
    const list = (await settle(listLoader(args("/tableau", "viewer")))).data!;
    const listed = list.campaigns.find((c) => c.slug === "printemps")!.responses;
    expect(listed - ind.participation.shownTotal).not.toBe(HIDDEN_YOUTH);
  });
});

describe("reliability", () => {
  it("gives Cronbach's alpha for the group of 103 parents only", async () => {
    const { indicators } = (await dashboard("printemps")).data!;
    const parents = indicators.groups.find((g) => g.audience === "P")!;
    expect(parents.reliability).not.toBeNull();
    for (const r of parents.reliability!) {
      expect(r.n).toBeLessThanOrEqual(103);
      if (r.alpha !== null) expect(r.alpha).toBeLessThanOrEqual(1);
    }
    expect(indicators.groups.find((g) => g.audience === "Px")!.reliability).toBeNull();
    // The page states the threshold; its copy of the constant must follow the model's.
    expect(ALPHA_FROM).toBe(ALPHA_MIN_RESPONSES);
  });
});

describe("wave comparison", () => {
  it("lists the other waves of the territory and says when there is nothing to compare", async () => {
    const plain = (await dashboard("printemps")).data!;
    expect(plain.waves.map((w) => w.slug)).toEqual(["automne"]);
    expect(plain.comparison).toBeNull();
    // Another territory's campaign cannot be compared, even by typing its slug.
    const foreign = (await dashboard("printemps", "admin", "?comparer=ailleurs")).data!;
    expect(foreign.comparison).toBeNull();
    expect((await dashboard("ailleurs", "admin")).data!.waves).toEqual([]);
  });

  it("gives a difference only when both waves are shown", async () => {
    const { comparison } = (await dashboard("printemps", "coord", "?comparer=automne")).data!;
    expect(comparison!.with.slug).toBe("automne");
    const of = (a: string) => comparison!.differences.filter((d) => d.audience === a);
    // Parents: 103 against 15, both shown.
    const parentsD1 = of("P").find((d) => d.dimension === "D1")!;
    expect(parentsD1.favourable).not.toBeNull();
    expect(parentsD1.favourable!.ci[0]).toBeLessThanOrEqual(parentsD1.favourable!.difference);
    expect(parentsD1.favourable!.ci[1]).toBeGreaterThanOrEqual(parentsD1.favourable!.difference);
    expect(parentsD1.mean).not.toBeNull();
    // Youth 7 now (hidden) against 12 before; young adults 12 against 4; children 25 against 0.
    for (const a of ["Y", "A", "Px"]) {
      for (const d of of(a)) {
        expect(d.favourable).toBeNull();
        expect(d.mean).toBeNull();
      }
    }
    for (const d of of("Y")) {
      expect(d.current).toMatchObject({ n: null, favourable: null, status: "hidden" });
      expect(d.previous.status).not.toBe("hidden");
    }
    for (const d of of("A")) expect(d.previous).toMatchObject({ n: null, status: "hidden" });
  });
});

describe("verbatims", () => {
  const verbatims = (who: Who, query = "", slug = "printemps") =>
    settle(verbatimsLoader(args(`/tableau/campagnes/${slug}/verbatims${query}`, who, { slug })));

  it("are 404 for a viewer and for another territory, without an audit entry", async () => {
    const before = await viewCount();
    expect((await verbatims("viewer")).status).toBe(404);
    expect((await verbatims("otherCoord")).status).toBe(404);
    expect(await viewCount()).toBe(before);
  });

  it("are shown to a coordinator, newest first, and each page view is audited once", async () => {
    const before = await viewCount();
    const page = await verbatims("coord");
    expect(page.status).toBe(200);
    expect(await viewCount()).toBe(before + 1);
    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: "view_verbatims",
      target: "printemps",
      user_email: "coord@example.org",
    });
    const { items, total } = page.data!;
    expect(total).toBeGreaterThan(0);
    expect(items.length).toBe(Math.min(50, total));
    const days = items.map((v) => v.submittedAt);
    expect([...days].sort().reverse()).toEqual(days);
    expect(page.data!.questions.find((q) => q.audience === "P" && q.question === "idea")!.title).toBe(
      "Une idée pour le quartier",
    );
  });

  it("leave out a group under 10 responses, whatever the filter", async () => {
    const all = (await verbatims("coord", "?q=secret")).data!;
    expect(all.items).toEqual([]);
    expect(all.hiddenAudiences).toEqual(["Y"]);
    const youth = (await verbatims("coord", "?public=Y")).data!;
    expect(youth.items).toEqual([]);
    expect(youth.total).toBe(0);
  });

  it("search is a case-insensitive substring, with % and _ taken literally", async () => {
    expect(likePattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
    const percent = (await verbatims("coord", `?q=${encodeURIComponent("50%")}`)).data!;
    expect(percent.items.map((v) => v.text)).toEqual(["Réduction de 50% sur la cantine_bio"]);
    const underscore = (await verbatims("coord", "?q=cantine_bio")).data!;
    expect(underscore.items.map((v) => v.text)).toEqual(["Réduction de 50% sur la cantine_bio"]);
    const upper = (await verbatims("coord", "?q=CANTINE")).data!;
    expect(upper.total).toBe(2);
    const filtered = (await verbatims("coord", "?public=P&question=idea&q=cantine")).data!;
    expect(filtered.total).toBe(2);
    expect((await verbatims("coord", "?public=P&question=knowledge&q=cantine")).data!.total).toBe(0);
  });

  it("render respondents' text as text, never as HTML", async () => {
    const { items, questions } = (await verbatims("coord", "?q=script")).data!;
    expect(items).toHaveLength(1);
    const html = renderToString(
      createElement(VerbatimList, {
        items,
        total: 1,
        filters: { audience: null, question: null, search: "script", page: 1 },
        pageSize: 50,
        hiddenAudiences: [],
        questions,
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("national view", () => {
  const national = (who: Who, query = "") => settle(nationalLoader(args(`/tableau/national${query}`, who)));

  it("is 404 for coordinators and viewers", async () => {
    expect((await national("coord")).status).toBe(404);
    expect((await national("viewer")).status).toBe(404);
  });

  it("lists territories by name for an admin, small ones hidden with no number", async () => {
    const { data, status } = await national("admin");
    expect(status).toBe(200);
    expect(data!.audience).toBe("P");
    expect(data!.rows.map((r) => r.territoryName)).toEqual([
      "Cité éducative d'ailleurs",
      "Cité éducative de test",
      "Cité éducative minuscule",
    ]);
    const tiny = data!.rows.find((r) => r.territoryName === "Cité éducative minuscule")!;
    for (const f of tiny.figures) expect(f).toMatchObject({ favourable: null, n: null, status: "hidden" });
    expect(JSON.stringify(tiny.figures).replace(/"D[1-7]"/g, "")).not.toMatch(/\d/);
    // The test territory is read on its latest campaign with answers: spring, 103 parents.
    const test = data!.rows.find((r) => r.territoryName === "Cité éducative de test")!;
    expect(test.campaignSlug).toBe("printemps");
    expect(test.figures.find((f) => f.dimension === "D1")!.favourable).not.toBeNull();
    expect(test.figures[0]!.dimension).toBe("D1");
  });

  it("reads one audience at a time; youth in the test territory is hidden (7 on its latest wave)", async () => {
    const { data } = await national("admin", "?public=Y");
    expect(data!.audience).toBe("Y");
    const test = data!.rows.find((r) => r.territoryName === "Cité éducative de test")!;
    for (const f of test.figures) expect(f.favourable).toBeNull();
    expect((await national("admin", "?public=nimporte")).data!.audience).toBe("P");
  });
});
