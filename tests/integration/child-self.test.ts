/**
 * Children aged 8–11 answering for themselves, with a parent beside them (audience E, band 8-11;
 * issue 14, part 4): the landing's choice, the first page with both agreements, the server refusing
 * an 8–11 response without them, and the dashboards showing the series apart from the parents'
 * proxy answers (Px), hidden under 10 like every group.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { isRouteErrorResponse } from "@remix-run/react";
import type { DB } from "../../db/client";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { AUDIENCE_LABELS } from "~/indicators/labels";
import { AGE_BANDS_BY_AUDIENCE, AUDIENCES_BY_DIMENSION, INDIVIDUAL_AUDIENCES } from "~/surveys/audiences";
import { loader as landing } from "~/routes/s.$slug._index";
import { action as childAction, loader as childPage } from "~/routes/s.$slug.enfant-8-11";
import { loader as questionnaire } from "~/routes/s.$slug.questionnaire.$surveyId";
import { loader as dashboardLoader } from "~/routes/tableau.campagnes.$slug._index";
import { loader as indicatorsCsv } from "~/routes/tableau.campagnes.$slug.export.indicateurs[.]csv";
import { loader as nationalLoader } from "~/routes/tableau.national";
import { loader as publicLoader } from "~/routes/s.$slug.resultats";
import {
  createCampaign,
  getTestDb,
  postResponse,
  signInPeople,
  surveyDefinition,
  validAnswers,
} from "./fixtures";

let db: DB;
let seed = 1;
const cookies = { admin: "" };

const args = (url: string, params: Record<string, string>, init?: RequestInit) => ({
  request: new Request(`http://localhost${url}`, init),
  params,
  context: {},
});

const signedIn = (url: string, params: Record<string, string>) =>
  args(url, params, { headers: { Cookie: cookies.admin } });

/** What a loader or action threw (a redirect, a 404…). */
async function thrown(promise: Promise<unknown>): Promise<{ status: number; location?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response)
      return { status: error.status, location: error.headers.get("Location") ?? undefined };
    if (isRouteErrorResponse(error)) return { status: error.status };
    throw error;
  }
  throw new Error("expected a throw");
}

/** The agreement cookie the first page gives once both boxes are ticked (name=value). */
async function agreement(slug: string): Promise<string> {
  const res = (await childAction(
    args(
      `/s/${slug}/enfant-8-11`,
      { slug },
      { method: "POST", body: new URLSearchParams({ child: "oui", parent: "oui" }) },
    ),
  )) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

function childSubmission(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    surveyId: "child-self",
    surveyVersion: 1,
    locale: "fr",
    ageBand: "8-11",
    answers: validAnswers("child-self"),
    ...overrides,
  };
}

async function storedCount(slug: string): Promise<number> {
  const row = await db
    .selectFrom("response")
    .innerJoin("campaign", "campaign.id", "response.campaign_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign.slug", "=", slug)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `count` synthetic responses of a survey through the API (the children's with the agreement). */
async function answer(slug: string, surveyId: "child-self" | "child", count: number): Promise<void> {
  const def = surveyDefinition(surveyId);
  const cookie = surveyId === "child-self" ? await agreement(slug) : "";
  for (let i = 0; i < count; i += 1) {
    const res = await postResponse(
      slug,
      {
        id: crypto.randomUUID(),
        surveyId,
        surveyVersion: 1,
        locale: "fr",
        ageBand: surveyId === "child-self" ? "8-11" : "6-11",
        answers: syntheticAnswers(def, seededRandom(seed++)),
      },
      cookie ? { headers: { Cookie: cookie } } : {},
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

beforeAll(async () => {
  ({ db } = await getTestDb());
  await createCampaign(db, { slug: "enfants" });
  await createCampaign(db, { slug: "peu" });
  await createCampaign(db, { slug: "sans", surveys: [{ surveyId: "parent", surveyVersion: 1 }] });
  await signInPeople(db, { admin: { role: "admin", territorySlugs: [] } }, cookies);
});

describe("the audience", () => {
  it("is its own group, E, with the one band 8-11, on D1, D4 and D5 only", () => {
    expect(INDIVIDUAL_AUDIENCES).toContain("E");
    expect(AGE_BANDS_BY_AUDIENCE.E).toEqual(["8-11"]);
    expect(AGE_BANDS_BY_AUDIENCE.Px).not.toContain("8-11");
    const dimensions = Object.entries(AUDIENCES_BY_DIMENSION)
      .filter(([, audiences]) => audiences.includes("E"))
      .map(([d]) => d);
    expect(dimensions).toEqual(["D1", "D4", "D5"]);
    expect(AUDIENCE_LABELS.E).toBe("Enfants de 8 à 11 ans (eux-mêmes)");
    expect(AUDIENCE_LABELS.Px).toBe("Parents, pour un enfant de 0 à 11 ans");
  });
});

describe("the respondent's path", () => {
  it("the landing offers the child's choice when the campaign offers the questionnaire, and only then", async () => {
    const offered = await landing(args("/s/enfants", { slug: "enfants" }));
    expect(offered.choices.childSelf).toBe("/s/enfants/enfant-8-11");
    const without = await landing(args("/s/sans", { slug: "sans" }));
    expect(without.choices.childSelf).toBeNull();
    expect((await thrown(childPage(args("/s/sans/enfant-8-11", { slug: "sans" })))).status).toBe(404);
  });

  it("the first page says how many questions and minutes", async () => {
    const data = await childPage(args("/s/enfants/enfant-8-11", { slug: "enfants" }));
    expect(data.questions).toBe(10);
    expect(data.minutes).toBeGreaterThan(0);
  });

  it("refuses to start without both agreements, with French messages, and sets no cookie", async () => {
    const post = (fields: Record<string, string>) =>
      childAction(
        args(
          "/s/enfants/enfant-8-11",
          { slug: "enfants" },
          { method: "POST", body: new URLSearchParams(fields) },
        ),
      ) as Promise<Response>;
    const none = await post({});
    expect(none.status).toBe(422);
    expect(none.headers.get("Set-Cookie")).toBeNull();
    expect(((await none.json()) as { errors: Record<string, string> }).errors).toEqual({
      child: "Coche cette case si tu es d'accord pour répondre.",
      parent: "Cochez cette case si vous êtes d'accord et restez à côté de votre enfant.",
    });
    const childOnly = (await (await post({ child: "oui" })).json()) as { errors: Record<string, string> };
    expect(Object.keys(childOnly.errors)).toEqual(["parent"]);
  });

  it("sends the questionnaire's link without the agreement back to the first page, and opens it with", async () => {
    const url = "/s/enfants/questionnaire/child-self";
    const t = await thrown(questionnaire(args(url, { slug: "enfants", surveyId: "child-self" })));
    expect(t).toEqual({ status: 302, location: "/s/enfants/enfant-8-11" });

    const cookie = await agreement("enfants");
    const data = await questionnaire(
      args(`${url}?age=8-11`, { slug: "enfants", surveyId: "child-self" }, { headers: { Cookie: cookie } }),
    );
    expect(data.ageBand).toBe("8-11");
    expect(data.survey?.audience).toBe("E");
  });
});

describe("the server", () => {
  it("refuses an 8–11 response without the agreement, in French, storing nothing", async () => {
    const before = await storedCount("enfants");
    const res = await postResponse("enfants", childSubmission());
    expect(res.status).toBe(422);
    expect(res.body?.errors).toEqual([
      {
        question: "ageBand",
        message:
          "Avant de répondre, il faut l'accord de l'enfant et celui du parent qui est à côté de lui. Passez par la première page.",
      },
    ]);
    expect(await storedCount("enfants")).toBe(before);
  });

  it("refuses the agreement given for another campaign", async () => {
    const res = await postResponse("enfants", childSubmission(), {
      headers: { Cookie: await agreement("peu") },
    });
    expect(res.status).toBe(422);
  });

  it("stores it with the agreement, as audience E and band 8-11, and gives the erasure code", async () => {
    const body = childSubmission();
    const res = await postResponse("enfants", body, { headers: { Cookie: await agreement("enfants") } });
    expect(res.status).toBe(201);
    expect(res.body?.erasureCode).toBeTruthy();
    const row = await db
      .selectFrom("response")
      .select(["audience", "age_band"])
      .where("id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ audience: "E", age_band: "8-11" });
  });

  it("refuses the child's questionnaire for another band, and the parents' proxy one for 8-11", async () => {
    const cookie = { headers: { Cookie: await agreement("enfants") } };
    const wrongBand = await postResponse("enfants", childSubmission({ ageBand: "6-11" }), cookie);
    expect(wrongBand.status).toBe(422);
    const proxy = await postResponse(
      "enfants",
      childSubmission({ surveyId: "child", answers: validAnswers("child") }),
      cookie,
    );
    expect(proxy.status).toBe(422);
    expect(proxy.body?.errors?.[0]?.message).toBe(
      "Cette tranche d'âge ne correspond pas à ce questionnaire.",
    );
  });
});

describe("the dashboards", () => {
  beforeAll(async () => {
    // "enfants": 12 children answering themselves (one stored above) and 12 parents answering
    // for a child, two groups; "peu": 9 children, under 10, hidden.
    await answer("enfants", "child-self", 11);
    await answer("enfants", "child", 12);
    await answer("peu", "child-self", 9);
    await answer("peu", "child", 10);
  }, 60_000);

  it("show the children's own answers apart from the parents' proxy answers", async () => {
    const data = await dashboardLoader(signedIn("/tableau/campagnes/enfants", { slug: "enfants" }));
    const groups = data.indicators.groups;
    const children = groups.find((g) => g.audience === "E")!;
    const proxy = groups.find((g) => g.audience === "Px")!;
    expect(children.responses).toBe(12);
    expect(proxy.responses).toBe(12);
    expect(children.status).toBe("indicative");
    expect(children.dimensions.map((d) => d.dimension).sort()).toEqual(["D1", "D4", "D5"]);
    expect(proxy.dimensions.map((d) => d.dimension).sort()).toEqual(["D1", "D4"]);
    // Parents before their children's own answers, young people after.
    expect(groups.map((g) => g.audience).indexOf("E")).toBe(groups.map((g) => g.audience).indexOf("Px") + 1);
    expect(data.exports.map((e) => e.audience)).toContain("E");
  });

  it("hide a group of 9 children with every number of it, and leave it out of the total", async () => {
    const data = await dashboardLoader(signedIn("/tableau/campagnes/peu", { slug: "peu" }));
    const children = data.indicators.groups.find((g) => g.audience === "E")!;
    expect(children.status).toBe("hidden");
    expect(children.responses).toBeNull();
    for (const f of children.dimensions) expect(f).toMatchObject({ n: null, mean: null, favourable: null });
    expect(data.indicators.participation.shownTotal).toBe(10);
    expect(data.indicators.participation.hiddenGroups).toBe(1);
  });

  it("name the group in the indicators file, apart from the parents' proxy answers", async () => {
    const res = (await indicatorsCsv(
      signedIn("/tableau/campagnes/enfants/export/indicateurs.csv", { slug: "enfants" }),
    )) as Response;
    const text = await res.text();
    expect(text).toContain("Enfants de 8 à 11 ans (eux-mêmes)");
    expect(text).toContain("Parents, pour un enfant de 0 à 11 ans");
  });

  it("the national view offers the children's own answers as an audience, hidden under 10", async () => {
    const data = await nationalLoader(signedIn("/tableau/national?public=E", {}));
    expect(data.audience).toBe("E");
    expect(data.dimensions).toEqual(["D1", "D4", "D5"]);
    // The territory's most recent campaign with children's answers: "peu", 9 of them.
    expect(data.rows.map((r) => r.campaignSlug)).toEqual(["peu"]);
    for (const f of data.rows[0]!.figures) expect(f).toMatchObject({ n: null, favourable: null });
  });

  it("the public results page, once closed, shows the children's group apart", async () => {
    await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", "enfants").execute();
    const data = await publicLoader(args("/s/enfants/resultats", { slug: "enfants" }));
    const audiences = (data.groups ?? []).map((g) => g.audience);
    expect(audiences).toContain("E");
    expect(audiences).toContain("Px");
  });
});
