/**
 * The coordinator area's CSV exports through their loaders, with real signed-in Requests:
 * who may download what, what the files hold (French Excel shape, labels, neutralised free
 * text, masked quasi-identifiers, row numbers and never a response id, no hashes, small
 * groups' free text masked as on the verbatims page, the dashboard's protected figures), the
 * audit log, and a 20,000-response export streamed in bounded memory without blocking the app.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertResponsesBulk } from "../../db/bulk";
import type { DB, OpenedDatabase } from "../../db/client";
import { AGE_BAND_LABELS, AUDIENCE_LABELS } from "~/indicators/labels";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { choicesOf, questionRoles, questionsOf } from "~/surveys/questions";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { addSyntheticResponses } from "~/demo/demo.server";
import { campaignIndicators } from "~/indicators/indicators.server";
import { listVerbatims } from "~/follow-up/verbatims.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { loader as indicatorsLoader } from "~/routes/tableau.campagnes.$slug.export.indicateurs[.]csv";
import { loader as responsesLoader } from "~/routes/tableau.campagnes.$slug.export.reponses[.]csv";
import { createCampaign, getTestDb, parseCsv, postResponse } from "./fixtures";
import { signInPeople } from "./fixtures";

const SLUG = "export-a";
const LANGUAGES_SLUG = "export-langues";
const BIG_SLUG = "export-gros";
const BIG_COUNT = 20_000;

let opened: OpenedDatabase;
let db: DB;
const cookies = { admin: "", coordA: "", coordB: "", viewerA: "" };
type Who = keyof typeof cookies | null;

/** The ids posted to the main campaign, by survey and age band. */
const posted = new Map<string, string[]>();
const HYPERLINK = '=HYPERLINK("http://x")';
const MULTILINE = "Réunion à 18h; impossible\navec le travail";
const HASH_LIKE = /^[0-9a-f]{64}$/;
const UUID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** What a free-text cell of a group too small for the verbatims page reads. */
const FREE_TEXT_HIDDEN = "masqué (moins de 10 réponses)";
const YOUNG_ADULT_TEXT = "Un local ouvert le soir, rue des Lilas";

async function answer(
  slug: string,
  surveyId: string,
  ageBand: string | null,
  seed: number,
  extra: Record<string, unknown> = {},
) {
  const def = getSurveyDefinition(surveyId, 1)!;
  const answers = { ...syntheticAnswers(def, seededRandom(seed)), ...extra };
  const result = await postResponse(slug, {
    id: crypto.randomUUID(),
    surveyId,
    surveyVersion: 1,
    locale: "fr",
    ageBand,
    answers,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  const key = `${surveyId}|${ageBand ?? ""}`;
  posted.set(key, [...(posted.get(key) ?? []), result.body!.id!]);
}

beforeAll(async () => {
  opened = await getTestDb();
  db = opened.db;
  await createCampaign(db, { slug: SLUG }); // the four v1 surveys, territory "territoire-test"
  await createCampaign(db, { slug: LANGUAGES_SLUG, surveys: [{ surveyId: "parent", surveyVersion: 1 }] });
  await createCampaign(db, { slug: BIG_SLUG, surveys: [{ surveyId: "parent", surveyVersion: 1 }] });
  await db.insertInto("territory").values({ slug: "tb", name: "Cité éducative B" }).execute();

  const people = {
    admin: { role: "admin", territorySlugs: [] },
    coordA: { role: "coordinator", territorySlugs: ["territoire-test"] },
    coordB: { role: "coordinator", territorySlugs: ["tb"] },
    viewerA: { role: "viewer", territorySlugs: ["territoire-test"] },
  } as const;
  await signInPeople(db, people, cookies);

  let seed = 1;
  // Children (proxy): a band of 7, two of 12. Complementary suppression masks the 7 and
  // one 12 (otherwise the masked rows would be "whatever is not 3-5 or 6-11").
  for (let i = 0; i < 7; i++) await answer(SLUG, "child", "0-2", seed++);
  for (let i = 0; i < 12; i++) await answer(SLUG, "child", "3-5", seed++);
  for (let i = 0; i < 12; i++) await answer(SLUG, "child", "6-11", seed++);
  // Young people: one band of 12 (shown). Young adults: a whole group of 7 (hidden), one
  // of them with a free text the verbatims page does not show.
  for (let i = 0; i < 12; i++) await answer(SLUG, "youth", "15-17", seed++);
  await answer(SLUG, "young-adult", "18-25", seed++, { idea: YOUNG_ADULT_TEXT });
  for (let i = 0; i < 6; i++) await answer(SLUG, "young-adult", "18-25", seed++);
  // Parents: 10, two of them with hostile free text.
  await answer(SLUG, "parent", null, seed++, { knowledge: HYPERLINK });
  await answer(SLUG, "parent", null, seed++, { knowledge: MULTILINE, idea: "  @SUM(1+1)" });
  for (let i = 0; i < 8; i++) await answer(SLUG, "parent", null, seed++);

  // Languages: 30 in French, 12 in English, 3 in Arabic (inserted directly: the v1 surveys
  // are French only, so the API would refuse the others).
  const campaign = (await findCampaignBySlug(db, LANGUAGES_SLUG))!;
  const def = getSurveyDefinition("parent", 1)!;
  const random = seededRandom(99);
  const rows = (["fr", "en", "ar"] as const).flatMap((locale, k) =>
    Array.from({ length: [30, 12, 3][k]! }, () => {
      const answers = JSON.stringify(syntheticAnswers(def, random));
      return {
        id: crypto.randomUUID(),
        campaignId: campaign.id,
        surveyId: "parent",
        surveyVersion: 1,
        audience: "P",
        ageBand: null,
        locale,
        answers,
        contentHash: crypto.createHash("sha256").update(answers).digest("hex"),
        erasureHash: crypto.randomBytes(32).toString("hex"),
        submittedAt: new Date().toISOString().slice(0, 10) + "T00:00:00.000Z",
        recordKey: 0,
        scores: [],
        choices: [],
        texts: [],
      };
    }),
  );
  insertResponsesBulk(opened.sqlite, rows);
}, 60_000);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

function args(url: string, who: Who, init: { signal?: AbortSignal } = {}) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]);
  const request = new Request(`http://localhost${url}`, { headers, signal: init.signal });
  const slug = /\/campagnes\/([^/]+)\//.exec(url)![1]!;
  return { request, params: { slug }, context: {} };
}

const responsesUrl = (slug: string, surveyId?: string) =>
  `/tableau/campagnes/${slug}/export/reponses.csv${surveyId ? `?questionnaire=${surveyId}` : ""}`;
const indicatorsUrl = (slug: string) => `/tableau/campagnes/${slug}/export/indicateurs.csv`;

async function call(loader: typeof responsesLoader, url: string, who: Who): Promise<Response> {
  try {
    const result: unknown = await loader(args(url, who));
    if (result instanceof Response) return result;
    throw new Error("the loader did not return a Response");
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** The body's bytes, checked to start with the UTF-8 byte order mark, as text without it. */
async function csvText(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.slice(3));
}

/** Rows as objects keyed by header, after checking every row has the header's width. */
function records(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text);
  for (const r of rest) expect(r.length).toBe(header!.length);
  return { header: header!, rows: rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

async function auditCount(action: string): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const fmt1 = (x: number) => x.toFixed(1).replace(".", ",");

// ---------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------

describe("who may download", () => {
  it("sends a visitor without a session to the login page", async () => {
    for (const [loader, url] of [
      [responsesLoader, responsesUrl(SLUG)],
      [indicatorsLoader, indicatorsUrl(SLUG)],
    ] as const) {
      const res = await call(loader, url, null);
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
  });

  it("answers 404 to a coordinator of another territory, and logs nothing", async () => {
    const before = (await db.selectFrom("audit_log").select("id").execute()).length;
    expect((await call(responsesLoader, responsesUrl(SLUG), "coordB")).status).toBe(404);
    expect((await call(responsesLoader, responsesUrl(SLUG, "parent"), "coordB")).status).toBe(404);
    expect((await call(indicatorsLoader, indicatorsUrl(SLUG), "coordB")).status).toBe(404);
    expect((await call(responsesLoader, responsesUrl("inconnue"), "coordA")).status).toBe(404);
    expect((await db.selectFrom("audit_log").select("id").execute()).length).toBe(before);
  });

  it("gives a viewer the indicators but not the responses", async () => {
    expect((await call(responsesLoader, responsesUrl(SLUG, "parent"), "viewerA")).status).toBe(404);
    const res = await call(indicatorsLoader, indicatorsUrl(SLUG), "viewerA");
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it("answers 404 for a survey the campaign does not offer", async () => {
    expect((await call(responsesLoader, responsesUrl(LANGUAGES_SLUG, "child"), "coordA")).status).toBe(404);
    expect((await call(responsesLoader, responsesUrl(SLUG, "nope"), "coordA")).status).toBe(404);
  });

  it("gives an admin any territory's responses", async () => {
    const res = await call(responsesLoader, responsesUrl(SLUG, "youth"), "admin");
    expect(res.status).toBe(200);
    expect(records(await csvText(res)).rows).toHaveLength(12);
  });
});

// ---------------------------------------------------------------------------------------
// Responses file
// ---------------------------------------------------------------------------------------

describe("responses CSV", () => {
  it("is a French-Excel file with one row per response, labels and scores", async () => {
    const res = await call(responsesLoader, responsesUrl(SLUG, "parent"), "coordA");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain('filename="reponses-export-a-parent.csv"');
    const text = await csvText(res);
    const firstLine = text.slice(0, text.indexOf("\r\n"));
    expect(firstLine.split(";").slice(0, 7)).toEqual([
      "n° de ligne",
      "questionnaire",
      "version",
      "public",
      "tranche d'âge",
      "langue",
      "jour de la réponse",
    ]);

    const def = getSurveyDefinition("parent", 1)!;
    const questions = questionsOf(def);
    const { header, rows } = records(text);
    // Questions in page order, by title with the name in brackets; then D1…D7.
    expect(header.slice(7, 7 + questions.length).map((h) => /\[([a-z0-9_]+)\]$/.exec(h)?.[1])).toEqual(
      questions.map((q) => q.name),
    );
    expect(header[7]).toBe(
      "On vous demande votre avis sur les projets pour les enfants du quartier. [d1_asked]",
    );
    expect(header.slice(7 + questions.length).map((h) => h.slice(0, 3))).toEqual([
      "D1 ",
      "D2 ",
      "D3 ",
      "D4 ",
      "D5 ",
      "D6 ",
      "D7 ",
    ]);

    // Numbered rows, one per response: the response ids are nowhere in the file.
    expect(rows.map((r) => r["n° de ligne"])).toEqual(posted.get("parent|")!.map((_id, i) => String(i + 1)));
    for (const id of posted.get("parent|")!) expect(text).not.toContain(id);
    for (const r of rows) {
      expect(r).toMatchObject({
        questionnaire: "parent",
        version: "1",
        public: AUDIENCE_LABELS.P,
        "tranche d'âge": "",
      });
      expect(r.langue).toBe("français");
      expect(r["jour de la réponse"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    // Labels, never codes.
    const asked = header[7]!;
    const labels = choicesOf(questions[0]!).map((c) => c.text);
    for (const r of rows) {
      expect(labels).toContain(r[asked]);
      expect(["1", "2", "3", "4", "nsp"]).not.toContain(r[asked]);
    }
    const allCells = rows.flatMap((r) => Object.values(r));
    expect(allCells).toContain("Plutôt d'accord");
    expect(allCells).toContain("Je ne sais pas / pas concerné·e");
    const continuum = header.find((h) => h.endsWith("[d2_continuum]"))!;
    for (const r of rows)
      expect(["informed", "consulted", "worked_with", "decided_together"]).not.toContain(r[continuum]);

    // Hostile free text: neutralised, quoted exactly, kept whole.
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`"${MULTILINE}"`);
    expect(text).toContain(`'  @SUM(1+1)`);
    const knowledge = header.find((h) => h.endsWith("[knowledge]"))!;
    expect(rows.map((r) => r[knowledge])).toEqual(expect.arrayContaining([`'${HYPERLINK}`, MULTILINE]));

    // Scores: 1 decimal with a comma, or empty; the same as stored.
    const d1 = header.find((h) => h.startsWith("D1 "))!;
    for (const r of rows) {
      for (const h of header.slice(7 + questions.length)) expect(r[h]).toMatch(/^(\d{1,3},\d)?$/);
    }
    const stored = await db
      .selectFrom("response_score")
      .select(["response_id", "score"])
      .where("dimension", "=", "D1")
      .where("response_id", "in", posted.get("parent|")!)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(
      rows
        .map((r) => r[d1])
        .filter((x) => x !== "")
        .sort(),
    ).toEqual(stored.map((s) => fmt1(s.score)).sort());
    expect(rows.some((r) => r[d1]!.includes(","))).toBe(true);
  });

  it("never holds a response id, in any file, only row numbers", async () => {
    const ids = (await db.selectFrom("response").select("id").execute()).map((r) => r.id);
    for (const surveyId of ["parent", "child", "youth", "young-adult"]) {
      const text = await csvText(await call(responsesLoader, responsesUrl(SLUG, surveyId), "coordA"));
      const { header, rows } = records(text);
      expect(header.join(" ")).not.toMatch(/identifiant/i);
      expect(text).not.toMatch(UUID_LIKE);
      for (const id of ids) expect(text.toLowerCase()).not.toContain(id);
      expect(rows.map((r) => r["n° de ligne"])).toEqual(rows.map((_r, i) => String(i + 1)));
    }
    const indicators = await csvText(await call(indicatorsLoader, indicatorsUrl(SLUG), "coordA"));
    expect(indicators).not.toMatch(UUID_LIKE);
  });

  it("masks the free text of a group the verbatims page hides, in every cell of its columns", async () => {
    const campaign = (await findCampaignBySlug(db, SLUG))!;
    const page = await listVerbatims(db, campaign.id, { limit: 1000, offset: 0 });
    expect(page.hiddenAudiences).toContain("A");

    // Young adults (7): the verbatims page lists none of their texts; the file masks them all,
    // answered or not, so an empty cell does not tell who wrote something.
    const adultsText = await csvText(
      await call(responsesLoader, responsesUrl(SLUG, "young-adult"), "coordA"),
    );
    const adults = records(adultsText);
    const adultTexts = questionRoles(getSurveyDefinition("young-adult", 1)!).texts;
    const textColumns = adults.header.filter((h) => adultTexts.some((q) => h.endsWith(`[${q}]`)));
    expect(textColumns).toHaveLength(adultTexts.length);
    expect(adults.rows).toHaveLength(7);
    for (const r of adults.rows) for (const h of textColumns) expect(r[h]).toBe(FREE_TEXT_HIDDEN);
    expect(adultsText).not.toContain(YOUNG_ADULT_TEXT);
    expect(page.items.some((v) => v.audience === "A")).toBe(false);

    // Parents (10): shown on the page, written out in the file: the same texts, as many.
    const parents = records(
      await csvText(await call(responsesLoader, responsesUrl(SLUG, "parent"), "coordA")),
    );
    const parentTexts = questionRoles(getSurveyDefinition("parent", 1)!).texts;
    const parentCells = parents.rows.flatMap((r) =>
      parents.header.filter((h) => parentTexts.some((q) => h.endsWith(`[${q}]`))).map((h) => r[h]!),
    );
    expect(parentCells).not.toContain(FREE_TEXT_HIDDEN);
    const listed = page.items.filter((v) => v.audience === "P");
    expect(parentCells.filter((c) => c !== "")).toHaveLength(listed.length);
    expect(listed.length).toBeGreaterThan(0);
    expect(parentCells).toContain(MULTILINE);
  });

  it("shows a group's free text in the file exactly when the verbatims page does (10 responses)", async () => {
    await createCampaign(db, {
      slug: "export-seuil",
      surveys: [{ surveyId: "young-adult", surveyVersion: 1 }],
    });
    const campaign = (await findCampaignBySlug(db, "export-seuil"))!;
    const def = getSurveyDefinition("young-adult", 1)!;
    const send = async (i: number) => {
      const res = await postResponse("export-seuil", {
        id: crypto.randomUUID(),
        surveyId: "young-adult",
        surveyVersion: 1,
        locale: "fr",
        ageBand: "18-25",
        answers: { ...syntheticAnswers(def, seededRandom(500 + i)), idea: `Idée numéro ${i}` },
      });
      expect(res.status).toBe(201);
    };
    const ideas = async () => {
      const { header, rows } = records(
        await csvText(await call(responsesLoader, responsesUrl("export-seuil"), "coordA")),
      );
      const idea = header.find((h) => h.endsWith("[idea]"))!;
      return rows.map((r) => r[idea]);
    };
    for (let i = 0; i < 9; i++) await send(i);
    expect((await listVerbatims(db, campaign.id, { limit: 100, offset: 0 })).items).toHaveLength(0);
    expect(await ideas()).toEqual(Array.from({ length: 9 }, () => FREE_TEXT_HIDDEN));

    await send(9);
    const listed = (await listVerbatims(db, campaign.id, { limit: 100, offset: 0 })).items;
    expect(listed.filter((v) => v.question === "idea")).toHaveLength(10);
    expect((await ideas()).sort()).toEqual(Array.from({ length: 10 }, (_x, i) => `Idée numéro ${i}`).sort());
  });

  it("never holds an erasure or content hash", async () => {
    const hashes = await db.selectFrom("response").select(["content_hash", "erasure_hash"]).execute();
    for (const surveyId of ["parent", "child", "youth", "young-adult"]) {
      const text = await csvText(await call(responsesLoader, responsesUrl(SLUG, surveyId), "coordA"));
      const { header, rows } = records(text);
      expect(header.join(" ")).not.toMatch(/hash|empreinte|effacement/i);
      for (const r of rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(HASH_LIKE);
      for (const h of hashes) {
        expect(text).not.toContain(h.content_hash);
        expect(text).not.toContain(h.erasure_hash);
      }
    }
  });

  it("masks the age band of small groups, with complementary suppression", async () => {
    // Youth: one band of 12, shown.
    const youth = records(
      await csvText(await call(responsesLoader, responsesUrl(SLUG, "youth"), "coordA")),
    ).rows;
    expect(youth).toHaveLength(12);
    for (const r of youth) expect(r["tranche d'âge"]).toBe(AGE_BAND_LABELS["15-17"]);

    // Young adults: a group of 7, masked.
    const adults = records(
      await csvText(await call(responsesLoader, responsesUrl(SLUG, "young-adult"), "coordA")),
    ).rows;
    expect(adults).toHaveLength(7);
    for (const r of adults) expect(r["tranche d'âge"]).toBe("masqué");

    // Children: 0-2 (7) masked, 3-5 (12) masked with it, 6-11 (12) shown; answers kept.
    const children = records(
      await csvText(await call(responsesLoader, responsesUrl(SLUG, "child"), "coordA")),
    ).rows;
    expect(children).toHaveLength(31);
    const bands = children.map((r) => r["tranche d'âge"]);
    expect(bands.filter((b) => b === "masqué")).toHaveLength(
      posted.get("child|0-2")!.length + posted.get("child|3-5")!.length,
    );
    expect(bands.filter((b) => b === AGE_BAND_LABELS["6-11"])).toHaveLength(posted.get("child|6-11")!.length);
    for (const r of children) expect(r[Object.keys(r).find((h) => h.endsWith("[d1_likes]"))!]).not.toBe("");

    // Masked rows come last, by day (then by id, which the file does not show), not grouped
    // by their (masked) band.
    const masked = children.filter((r) => r["tranche d'âge"] === "masqué");
    expect(children.slice(-masked.length)).toEqual(masked);
    const days = masked.map((r) => r["jour de la réponse"]);
    expect(days).toEqual([...days].sort());
  });

  it("masks small languages the way the dashboard does", async () => {
    const res = await call(responsesLoader, responsesUrl(LANGUAGES_SLUG), "coordA");
    const { rows } = records(await csvText(res));
    expect(rows).toHaveLength(45);
    const byLanguage = new Map<string, number>();
    for (const r of rows) byLanguage.set(r.langue!, (byLanguage.get(r.langue!) ?? 0) + 1);
    // 3 in Arabic are masked, and English (12) with them, or "masqué" would mean Arabic.
    expect(Object.fromEntries(byLanguage)).toEqual({ français: 30, masqué: 15 });
  });

  it("logs one export_responses entry, with who, the campaign and the survey", async () => {
    const before = await auditCount("export_responses");
    const res = await call(responsesLoader, responsesUrl(SLUG, "youth"), "coordA");
    // Logged before the body is read.
    expect(await auditCount("export_responses")).toBe(before + 1);
    await res.arrayBuffer();
    expect(await auditCount("export_responses")).toBe(before + 1);
    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "export_responses")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ user_email: "coorda@example.org", target: SLUG });
    expect(entry.user_id).toBeTypeOf("number");
    expect(JSON.parse(entry.details!)).toMatchObject({ surveyId: "youth", surveyVersion: 1 });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
  });
});

// ---------------------------------------------------------------------------------------
// Indicators file
// ---------------------------------------------------------------------------------------

describe("indicators CSV", () => {
  it("holds exactly campaignIndicators' figures, hidden groups without numbers", async () => {
    const before = await auditCount("export_indicators");
    const res = await call(indicatorsLoader, indicatorsUrl(SLUG), "coordA");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain('filename="indicateurs-export-a.csv"');
    const text = await csvText(res);
    expect(text.slice(0, text.indexOf("\r\n")).split(";")[0]).toBe("type");
    const { rows } = records(text);
    expect(await auditCount("export_indicators")).toBe(before + 1);
    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "export_indicators")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ user_email: "coorda@example.org", target: SLUG });

    const numeric = [
      "n",
      "moyenne (0-100)",
      "% favorable",
      "IC 95 % bas (%)",
      "IC 95 % haut (%)",
      "% des réponses",
    ];
    // Young adults: a group of 7: every row masked, no number anywhere.
    const adults = rows.filter((r) => r.public === AUDIENCE_LABELS.A);
    expect(adults.length).toBeGreaterThan(0);
    for (const r of adults) {
      expect(r.statut).toBe("masqué");
      for (const h of numeric) expect(r[h]).toBe("");
    }
    // Every masked row, whoever it is about, carries no number.
    for (const r of rows.filter((x) => x.statut === "masqué")) for (const h of numeric) expect(r[h]).toBe("");

    // Every indicator row is the dashboard's figure, formatted.
    const campaign = (await findCampaignBySlug(db, SLUG))!;
    const indicators = await campaignIndicators(db, campaign);
    const expected = new Map<string, string[]>();
    const cells = (f: (typeof indicators.groups)[number]["dimensions"][number]) =>
      f.status === "hidden"
        ? ["", "", "", "", "", "masqué"]
        : [
            String(f.n),
            // An indicative group's mean is rounded to whole points (decision 021).
            f.status === "indicative" ? String(f.mean) : fmt1(f.mean!),
            fmt1(f.favourable! * 100),
            fmt1(f.ci![0] * 100),
            fmt1(f.ci![1] * 100),
            f.status === "ok" ? "ok" : "indicatif",
          ];
    for (const g of indicators.groups) {
      for (const f of g.dimensions)
        expected.set(`${AUDIENCE_LABELS[g.audience]}|tous âges|${f.dimension}`, cells(f));
      for (const b of g.byAgeBand) {
        for (const f of b.dimensions)
          expected.set(
            `${AUDIENCE_LABELS[g.audience]}|${AGE_BAND_LABELS[b.ageBand]}|${f.dimension}`,
            cells(f),
          );
      }
    }
    const indicatorRows = rows.filter((r) => r.type === "indicateur");
    const seen = new Set<string>();
    for (const r of indicatorRows) {
      const key = `${r.public}|${r["tranche d'âge"]}|${r.dimension}`;
      seen.add(key);
      const got = [
        r.n,
        r["moyenne (0-100)"],
        r["% favorable"],
        r["IC 95 % bas (%)"],
        r["IC 95 % haut (%)"],
        r.statut,
      ];
      // Bands the dashboard does not list (a hidden group's) are masked rows.
      expect(got, key).toEqual(expected.get(key) ?? ["", "", "", "", "", "masqué"]);
      expect(r["nom de la dimension"]).not.toBe("");
    }
    for (const key of expected.keys()) expect(seen, key).toContain(key);

    // The young people's group (12 responses) is shown, as indicative, with numbers.
    const youthD1 = indicatorRows.find(
      (r) => r.public === AUDIENCE_LABELS.Y && r["tranche d'âge"] === "tous âges" && r.dimension === "D1",
    )!;
    expect(youthD1).toMatchObject({
      n: "12",
      statut: "indicatif",
      campagne: `Campagne ${SLUG}`,
      vague: "test",
    });
    // Indicative (12 responses): the mean in whole points (decision 021).
    expect(youthD1["moyenne (0-100)"]).toMatch(/^\d{1,3}$/);
    // Children: 0-2 (7) and 3-5 (12, complementary) hidden, as on the dashboard.
    for (const band of ["0-2", "3-5"] as const) {
      for (const r of indicatorRows.filter(
        (x) => x.public === AUDIENCE_LABELS.Px && x["tranche d'âge"] === AGE_BAND_LABELS[band],
      )) {
        expect(r.statut).toBe("masqué");
      }
    }

    // Distributions (the continuum item…) as further rows, from the same source.
    const distributions = rows.filter((r) => r.type === "répartition");
    const youth = indicators.groups.find((g) => g.audience === "Y")!;
    const continuum = youth.distributions.find((d) => d.question === "d2_continuum")!;
    for (const v of continuum.values) {
      const row = distributions.find(
        (r) => r.public === AUDIENCE_LABELS.Y && r.question === "d2_continuum" && r["réponse"] === v.label,
      )!;
      expect(row["n"]).toBe(v.n === null ? "" : String(v.n));
      expect(row["% des réponses"]).toBe(v.share === null ? "" : fmt1(v.share * 100));
      expect(row.statut).toBe(v.n === null ? "masqué" : "indicatif");
    }
    expect(distributions.some((r) => r.public === AUDIENCE_LABELS.A)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// A large export
// ---------------------------------------------------------------------------------------

function collectGarbage(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** Open descriptors of the database files (main file, WAL, shared memory); Linux only. */
function databaseDescriptors(): number {
  const file = path.resolve(process.env.DATABASE_PATH!);
  return fs.readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}
const hasProc = fs.existsSync("/proc/self/fd");

describe(`an export of ${BIG_COUNT.toLocaleString("en")} responses`, () => {
  beforeAll(async () => {
    const started = performance.now();
    await addSyntheticResponses(opened, BIG_SLUG, BIG_COUNT, { seed: 7 });
    console.log(`seeded ${BIG_COUNT} responses in ${Math.round(performance.now() - started)} ms`);
  }, 180_000);

  it("streams one data line per response", async () => {
    const started = performance.now();
    const res = await call(responsesLoader, responsesUrl(BIG_SLUG), "coordA");
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
    const elapsed = performance.now() - started;
    const text = Buffer.concat(chunks).subarray(3).toString("utf8");
    const { rows } = records(text);
    expect(rows).toHaveLength(BIG_COUNT);
    console.log(
      `streamed ${rows.length} rows (${(bytes / 1e6).toFixed(1)} MB, ${chunks.length} chunks) in ${Math.round(elapsed)} ms`,
    );
  }, 120_000);

  it("reads a chunk without loading the rest, and does not block the application meanwhile", async () => {
    const gc = collectGarbage();
    const fdsBefore = hasProc ? databaseDescriptors() : 0;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;

    const res = await call(responsesLoader, responsesUrl(BIG_SLUG), "coordA");
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const firstLines = new TextDecoder().decode(first.value).split("\r\n").length;
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(firstLines).toBeLessThan(BIG_COUNT / 20);
    if (hasProc) expect(databaseDescriptors()).toBeGreaterThan(fdsBefore); // its own connection

    // While the download is paused, the application reads and takes a submission at once.
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("blocked"), 2000));
    const query = db
      .selectFrom("campaign")
      .select("id")
      .execute()
      .then(() => "ok");
    expect(await Promise.race([query, timeout])).toBe("ok");
    const def = getSurveyDefinition("parent", 1)!;
    const submission = postResponse(BIG_SLUG, {
      id: crypto.randomUUID(),
      surveyId: "parent",
      surveyVersion: 1,
      locale: "fr",
      ageBand: null,
      answers: syntheticAnswers(def, seededRandom(5)),
    }).then((r) => String(r.status));
    expect(await Promise.race([submission, timeout])).toBe("201");

    // The export reads one snapshot: the response added meanwhile is not in this file.
    let lines = firstLines - 2; // header line, and the part after the chunk's last CRLF
    let bytes = first.value!.byteLength;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      lines += decoder.decode(value, { stream: true }).split("\r\n").length - 1;
    }
    expect(lines).toBe(BIG_COUNT);
    console.log(
      `first chunk: ${first.value!.byteLength} bytes, ~${firstLines} lines; ` +
        `heap growth after it ${Math.round(growth / 1024)} KiB; whole file ${Math.round(bytes / 1024)} KiB`,
    );
    // The file is ~14 MB of text (more as JS strings and row objects): reading one chunk
    // must cost a small fraction of it. Loading every row first costs more than the file.
    expect(growth).toBeLessThan(bytes / 10);
    if (hasProc) expect(databaseDescriptors()).toBe(fdsBefore); // connection closed at the end
  }, 120_000);

  it.skipIf(!hasProc)(
    "closes its connection when the download is abandoned",
    async () => {
      const fdsBefore = databaseDescriptors();
      const res = await call(responsesLoader, responsesUrl(BIG_SLUG), "coordA");
      const reader = res.body!.getReader();
      await reader.read();
      expect(databaseDescriptors()).toBeGreaterThan(fdsBefore);
      await reader.cancel();
      expect(databaseDescriptors()).toBe(fdsBefore);

      // The same when the client goes away (the request's signal aborts) without cancelling.
      const controller = new AbortController();
      const aborted = await responsesLoader(
        args(responsesUrl(BIG_SLUG), "coordA", { signal: controller.signal }),
      );
      const reader2 = (aborted as Response).body!.getReader();
      await reader2.read();
      controller.abort();
      let chunks = 0;
      while (!(await reader2.read()).done) chunks++;
      expect(chunks).toBeLessThan(3);
      expect(databaseDescriptors()).toBe(fdsBefore);
    },
    60_000,
  );
});
