/**
 * Version 2 of the questionnaires (issue 14) through the submission API, as a phone sends them:
 * questions hidden by a condition are skipped and an answer to one is refused; "Je ne sais pas"
 * and "Ce n'est pas mon cas" are stored and never scored; the demo's answer generator only
 * answers what the questionnaire shows, so every synthetic response is accepted.
 */
import nodeCrypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { scoreResponse } from "~/indicators/scoring";
import {
  createCampaign,
  getTestDb,
  LATEST_SURVEYS,
  postResponse,
  surveyDefinition,
  validAnswers,
} from "./fixtures";

const SLUG = "vague-v2";
const AGE_BAND: Record<string, string | null> = {
  parent: null,
  child: "0-2",
  youth: "15-17",
  "young-adult": "18-25",
};

let db: DB;
beforeAll(async () => {
  db = (await getTestDb()).db;
  await createCampaign(db, { slug: SLUG, surveys: LATEST_SURVEYS });
});

function body(surveyId: string, answers: Record<string, unknown>) {
  return {
    id: crypto.randomUUID(),
    secret: nodeCrypto.randomBytes(16).toString("base64url"),
    surveyId,
    surveyVersion: 2,
    locale: "fr",
    ageBand: AGE_BAND[surveyId] ?? null,
    answers,
  };
}

async function storedScores(id: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("response_score")
    .select(["dimension", "score"])
    .where("response_id", "=", id)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.dimension, r.score]));
}

// survey-core validates version 2 (conditions) on every response: slow, hence the longer timeout.
describe("version 2 responses", { timeout: 30_000 }, () => {
  it.each(["parent", "child", "youth", "young-adult"])(
    "stores a complete %s v2 response",
    async (surveyId) => {
      const sent = body(surveyId, validAnswers(surveyId, 2));
      const res = await postResponse(SLUG, sent);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    },
  );

  it("accepts a parent never asked for their opinion who skips d1_feedback, and refuses an answer to it", async () => {
    const answers: Record<string, unknown> = { ...validAnswers("parent", 2), d1_asked: 1 };
    delete answers.d1_feedback;
    delete answers.d1_changed;
    const ok = await postResponse(SLUG, body("parent", answers));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const refused = await postResponse(SLUG, body("parent", { ...answers, d1_feedback: 3 }));
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain(
      "Cette question n'était pas posée avec les réponses données.",
    );
  });

  it("stores 'Je ne sais pas' and 'Ce n'est pas mon cas' as given and scores neither", async () => {
    const answers = { ...validAnswers("parent", 2), d2_asked: "nsp", d2_area: "nc", d4_followup: "nc" };
    const sent = body("parent", answers);
    const res = await postResponse(SLUG, sent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const row = await db
      .selectFrom("response")
      .select("answers")
      .where("id", "=", sent.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toMatchObject({ d2_asked: "nsp", d2_area: "nc", d4_followup: "nc" });
    const scores = await storedScores(sent.id);
    // Every answered item is 3 ("plutôt d'accord": 66.7), the non-answers are left out of the means.
    expect(scores.D2).toBeCloseTo(scoreResponse(answers, surveyDefinition("parent", 2).scoring).D2!, 6);
    expect(scores.D4).toBeCloseTo(200 / 3, 6);
  });

  it.each(["parent", "child", "youth", "young-adult"])(
    "accepts the demo's synthetic %s answers (hidden questions unanswered, both non-answers present)",
    async (surveyId) => {
      const def = surveyDefinition(surveyId, 2);
      const random = seededRandom(14);
      const seen = new Set<unknown>();
      for (let i = 0; i < 20; i++) {
        const answers = syntheticAnswers(def, random);
        for (const value of Object.values(answers)) seen.add(value);
        const res = await postResponse(SLUG, body(surveyId, answers));
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      expect(seen).toContain("nsp");
      expect(seen).toContain("nc");
    },
    30_000,
  );
});
