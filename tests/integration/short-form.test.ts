/**
 * The short form of a questionnaire through the submission API (issue 14, part 3): stored with
 * its form, scored on the short form's items only, refused where the campaign or the file does
 * not offer it, idempotent on retry; and taken back out of the totals on erasure.
 */
import "../fixtures/short-surveys-env";
import nodeCrypto from "node:crypto";
import type SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { scoreResponse } from "~/indicators/scoring";
import { eraseResponse } from "~/privacy/erasure.server";
import { formOf } from "~/surveys/forms";
import { placedQuestionsOf } from "~/surveys/questions";
import {
  countRows,
  createCampaign,
  getTestDb,
  postResponse,
  surveyDefinition,
  validAnswers,
} from "./fixtures";
import { TEST_SHORT_FORMS } from "../fixtures/short-surveys";

const NOT_IN_SHORT = "Cette question ne fait pas partie de la version courte du questionnaire.";

let db: DB;
let sqlite: SQLite.Database;

beforeAll(async () => {
  ({ db, sqlite } = await getTestDb());
  const surveys = [
    { surveyId: "parent", surveyVersion: 1 },
    { surveyId: "youth", surveyVersion: 1 },
  ];
  await createCampaign(db, { slug: "au-choix", surveys, formOffer: "choice" });
  await createCampaign(db, { slug: "complete", surveys, formOffer: "long" });
  await createCampaign(db, { slug: "courte", surveys: [surveys[0]!], formOffer: "short" });
});

/** Every question of the parent's short form answered (3 where it is a choice, else the first). */
function shortAnswers(): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const { question } of placedQuestionsOf(formOf(surveyDefinition("parent"), "short"))) {
    const values = (question.choices ?? []).map((c) => (typeof c === "object" ? c.value : c));
    if (values.length > 0) answers[question.name!] = values.includes(3) ? 3 : values[0];
  }
  return answers;
}

function body(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    secret: nodeCrypto.randomBytes(16).toString("base64url"),
    surveyId: "parent",
    surveyVersion: 1,
    locale: "fr",
    ageBand: null,
    form: "short",
    answers: shortAnswers(),
    ...overrides,
  };
}

async function stored(id: string) {
  const row = await db.selectFrom("response").selectAll().where("id", "=", id).executeTakeFirst();
  const scores = await db
    .selectFrom("response_score")
    .select(["dimension", "score"])
    .where("response_id", "=", id)
    .execute();
  return { row, scores: Object.fromEntries(scores.map((s) => [s.dimension, s.score])) };
}

async function totals(slug: string) {
  return db
    .selectFrom("indicator_aggregate")
    .innerJoin("campaign", "campaign.id", "indicator_aggregate.campaign_id")
    .select(["dimension", "n", "sum"])
    .where("campaign.slug", "=", slug)
    .orderBy("dimension")
    .execute();
}

async function expectRefused(slug: string, sent: unknown, status: number) {
  const before = countRows(sqlite);
  const res = await postResponse(slug, sent, {});
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(countRows(sqlite)).toEqual(before);
  return res;
}

describe("a short response", () => {
  it("is stored with its form and scored on the short form's items only", async () => {
    const sent = body({ answers: { ...shortAnswers(), d1_asked: 4, d1_listened: 1 } });
    const res = await postResponse("au-choix", sent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { row, scores } = await stored(sent.id);
    expect(row?.form).toBe("short");
    expect(Object.keys(JSON.parse(row!.answers) as object).sort()).toEqual(Object.keys(sent.answers).sort());
    // D1 is the mean of its two short items (4 → 100, 1 → 0), on the long form's 0–100 scale.
    expect(scores.D1).toBeCloseTo(50);
    expect(scores).toEqual(scoreResponse(sent.answers, formOf(surveyDefinition("parent"), "short").scoring));
    // D7 has no item in this short form: no D7 score rather than a score on nothing.
    expect(scores).not.toHaveProperty("D7");
    expect(Object.keys(scores).sort()).toEqual(["D1", "D2", "D3", "D4", "D5", "D6"]);
  });

  it("keeps a long response long when no form is sent (older pages)", async () => {
    const sent = body({ answers: validAnswers("parent") });
    delete (sent as Record<string, unknown>).form;
    expect((await postResponse("au-choix", sent)).status).toBe(201);
    const { row, scores } = await stored(sent.id);
    expect(row?.form).toBe("long");
    expect(scores).toHaveProperty("D7");
  });

  it("refuses an answer to a question that is not in the short form, and stores nothing", async () => {
    const res = await expectRefused("au-choix", body({ answers: { ...shortAnswers(), d7_members: 3 } }), 422);
    expect(res.body?.errors).toEqual([{ question: "d7_members", message: NOT_IN_SHORT }]);
  });

  it("refuses the long answers sent as the short form", async () => {
    const res = await expectRefused("au-choix", body({ answers: validAnswers("parent") }), 422);
    const questions = res.body?.errors?.map((e) => e.question) ?? [];
    expect(questions.length).toBe(
      Object.keys(validAnswers("parent")).filter((q) => !TEST_SHORT_FORMS["parent.v1.json"]!.includes(q))
        .length,
    );
    expect(new Set(res.body?.errors?.map((e) => e.message))).toEqual(new Set([NOT_IN_SHORT]));
  });

  it("is refused by a campaign that offers only the long form", async () => {
    const res = await expectRefused("complete", body(), 422);
    expect(res.body?.errors).toEqual([
      { question: "form", message: "Cette campagne propose seulement la version complète du questionnaire." },
    ]);
  });

  it("is the only form a short-only campaign takes", async () => {
    const res = await expectRefused("courte", body({ form: "long", answers: validAnswers("parent") }), 422);
    expect(res.body?.errors).toEqual([
      { question: "form", message: "Cette campagne propose seulement la version courte du questionnaire." },
    ]);
    expect((await postResponse("courte", body())).status).toBe(201);
  });

  it("is refused, clearly, for a questionnaire that has no short form", async () => {
    const sent = body({ surveyId: "youth", ageBand: "15-17", answers: validAnswers("youth") });
    const res = await expectRefused("au-choix", sent, 422);
    expect(res.body?.errors).toEqual([
      { question: "form", message: "Ce questionnaire n'a pas de version courte." },
    ]);
  });

  it("refuses a form that is neither long nor short, in French", async () => {
    const res = await expectRefused("au-choix", body({ form: "courte" }), 400);
    expect(res.body?.error?.fields).toEqual([
      {
        field: "form",
        message: "Le champ « form » doit être « long » (version complète) ou « short » (version courte).",
      },
    ]);
  });

  it("is stored once when retried, and a retry with the other form is a conflict", async () => {
    const sent = body();
    const first = await postResponse("au-choix", sent);
    expect(first.status).toBe(201);
    const again = await postResponse("au-choix", sent);
    expect(again.status).toBe(200);
    expect(again.body?.erasureCode).toBe(first.body?.erasureCode);
    const before = countRows(sqlite);
    const otherForm = await postResponse("au-choix", { ...sent, form: "long" });
    expect(otherForm.status).toBe(409);
    expect(countRows(sqlite)).toEqual(before);
    expect((await stored(sent.id)).row?.form).toBe("short");
  });

  it("is taken back out of the running totals when erased", async () => {
    await createCampaign(db, {
      slug: "effacement",
      surveys: [{ surveyId: "parent", surveyVersion: 1 }],
      formOffer: "choice",
    });
    const long = body({ form: "long", answers: validAnswers("parent") });
    expect((await postResponse("effacement", long)).status).toBe(201);
    const before = await totals("effacement");
    const short = body({ answers: { ...shortAnswers(), d2_asked: 4, d2_expert: 4 } });
    const res = await postResponse("effacement", short);
    expect(res.status).toBe(201);
    expect(await totals("effacement")).not.toEqual(before);
    expect(await eraseResponse(db, res.body!.erasureCode!)).toBe(true);
    const after = await totals("effacement");
    // Rows the short response created stay at n = 0; every other row is back where it was.
    expect(after.filter((t) => t.n > 0)).toEqual(before);
  });
});
