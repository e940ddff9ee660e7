/**
 * The contract of `POST /api/v1/campaigns/:slug/responses`, through the route module's
 * action with real Requests and a real (temporary) SQLite database; and the erasure flow
 * of `/effacer`.
 */
import nodeCrypto from "node:crypto";
import type SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { grantJointConsent } from "~/privacy/consent.server";
import { scoreResponse } from "~/indicators/scoring";
import { MAX_SUBMISSION_BYTES } from "~/responses/submission";
import { erasureCodeFor, hashErasureCode, hashSubmissionSecret } from "~/privacy/erasure.server";
import { action as eraseAction } from "~/routes/effacer";
import {
  action as responsesAction,
  loader as responsesLoader,
} from "~/routes/api.v1.campaigns.$slug.responses";
import {
  countRows,
  createCampaign,
  type CreatedCampaign,
  getTestDb,
  postResponse,
  RESPONSES_URL,
  surveyDefinition,
  validAnswers,
} from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

const MSG = {
  required: "La réponse à cette question est obligatoire.",
  unknown: "Cette question n'existe pas dans ce questionnaire.",
  notAChoice: "Cette réponse ne fait pas partie des choix proposés.",
  notText: "La réponse doit être un texte.",
  tooLong: "Le texte est trop long : 2000 caractères au plus.",
  ageBandWrong: "Cette tranche d'âge ne correspond pas à ce questionnaire.",
  ageBandMissing: "La tranche d'âge manque pour ce questionnaire.",
  locale: "Ce questionnaire n'existe pas dans cette langue.",
};

/** The age band each survey's audience declares by default. */
const DEFAULT_AGE_BAND: Record<string, string | null> = {
  parent: null,
  child: "3-5",
  youth: "15-17",
  "young-adult": "18-25",
};

interface SubmissionBody {
  id: string;
  surveyId: string;
  surveyVersion: number;
  locale: string;
  ageBand: string | null;
  answers: Record<string, unknown>;
  secret?: string;
}

/** A secret as a phone makes one: 128 random bits, base64url. */
const newSecret = () => nodeCrypto.randomBytes(16).toString("base64url");

/**
 * A valid submission body for a survey, with a fresh id and secret (as the phone sends it);
 * fields may be overridden.
 */
function submission(surveyId = "parent", overrides: Partial<SubmissionBody> = {}): SubmissionBody {
  return {
    id: crypto.randomUUID(),
    secret: newSecret(),
    surveyId,
    surveyVersion: 1,
    locale: "fr",
    ageBand: DEFAULT_AGE_BAND[surveyId] ?? null,
    answers: validAnswers(surveyId),
    ...overrides,
  };
}

/** A body with some fields removed (to test missing fields). */
function without(body: SubmissionBody, ...keys: (keyof SubmissionBody)[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  for (const key of keys) delete copy[key];
  return copy;
}

let db: DB;
let sqlite: SQLite.Database;
let open: CreatedCampaign;
let secret: string;

beforeAll(async () => {
  ({ db, sqlite } = await getTestDb());
  secret = getEnv().SESSION_SECRET;
  const now = Date.now();
  open = await createCampaign(db, { slug: "ouverte" });
  await createCampaign(db, {
    slug: "parents-seulement",
    surveys: [{ surveyId: "parent", surveyVersion: 1 }],
  });
  await createCampaign(db, { slug: "fermee", status: "closed" });
  await createCampaign(db, { slug: "terminee", closesAt: new Date(now - DAY) });
  await createCampaign(db, { slug: "bientot", opensAt: new Date(now + 7 * DAY) });
  await createCampaign(db, { slug: "brouillon", status: "draft" });
  // Offers a version that has no file in surveys/.
  await createCampaign(db, { slug: "version-absente", surveys: [{ surveyId: "parent", surveyVersion: 9 }] });
});

async function storedRow(id: string) {
  return db.selectFrom("response").selectAll().where("id", "=", id).executeTakeFirst();
}

async function storedScores(id: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("response_score")
    .select(["dimension", "score"])
    .where("response_id", "=", id)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.dimension, r.score]));
}

/** Expects an error answer that stored nothing. */
async function expectRefused(
  slug: string,
  body: unknown,
  status: number,
  init?: Parameters<typeof postResponse>[2],
) {
  const before = countRows(sqlite);
  const res = await postResponse(slug, body, init);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(countRows(sqlite)).toEqual(before);
  return res;
}

describe("201: a valid response is stored with its scores", () => {
  it.each([
    ["parent", "P", null],
    ["child", "Px", "3-5"],
    ["youth", "Y", "15-17"],
    ["young-adult", "A", "18-25"],
  ] as const)("stores a %s response (audience %s, age band %s)", async (surveyId, audience, ageBand) => {
    const body = submission(surveyId, { ageBand });
    const before = countRows(sqlite);
    const startedAt = Date.now();
    const res = await postResponse("ouverte", body);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: body.id, erasureCode: erasureCodeFor(body.id, secret) });
    expect(res.body?.erasureCode).toMatch(CODE_FORMAT);
    expect(res.headers.get("cache-control")).toBe("no-store");

    const row = await storedRow(body.id);
    expect(row).toBeDefined();
    expect(row).toMatchObject({
      id: body.id,
      campaign_id: open.id,
      survey_id: surveyId,
      survey_version: 1,
      audience,
      age_band: ageBand,
      locale: "fr",
      erasure_hash: hashErasureCode(res.body!.erasureCode!),
    });
    expect(JSON.parse(row!.answers)).toEqual(body.answers);
    expect(row!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    // Stored to the day only (no time of day that could single someone out).
    expect(row!.submitted_at).toBe(`${new Date(startedAt).toISOString().slice(0, 10)}T00:00:00.000Z`);

    const expected = scoreResponse(body.answers, surveyDefinition(surveyId).scoring);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(await storedScores(body.id)).toEqual(expected);
    expect(countRows(sqlite)).toEqual({
      responses: before.responses + 1,
      scores: before.scores + Object.keys(expected).length,
    });
  });

  it("stores the scores of varied answers: 'nsp' as missing, the half rule, reverse coding", async () => {
    const answers = {
      ...validAnswers("parent"),
      // D1: 3 of 5 answered → (100 + 0 + 33.33) / 3.
      d1_asked: 4,
      d1_easy: 1,
      d1_listened: 2,
      d1_feedback: "nsp",
      d1_changed: "nsp",
      // D3: 1 of 3 answered → no score.
      d3_school: 4,
      d3_centre: "nsp",
      d3_teachers: "nsp",
      // D5: belong 4 → 100, language 4 → 100, judged 4 (reversed) → 0.
      d5_belong: 4,
      d5_language: 4,
      d5_judged: 4,
      knowledge: "Je connais bien les familles de l'immeuble.",
    };
    const body = submission("parent", { answers });
    const res = await postResponse("ouverte", body);
    expect(res.status).toBe(201);

    const scores = await storedScores(body.id);
    expect(scores).toEqual(scoreResponse(answers, surveyDefinition("parent").scoring));
    expect(scores).not.toHaveProperty("D3");
    expect(scores.D1).toBeCloseTo((100 + 0 + 100 / 3) / 3, 9);
    expect(scores.D5).toBeCloseTo(200 / 3, 9);
    expect(scores.D2).toBeCloseTo(200 / 3, 9);
    expect(Object.keys(scores).sort()).toEqual(["D1", "D2", "D4", "D5", "D6", "D7"]);
  });

  it("stores a response whose every item is 'nsp' with no score rows", async () => {
    const answers = Object.fromEntries(
      Object.entries(validAnswers("parent")).map(([k, v]) => [k, typeof v === "number" ? "nsp" : v]),
    );
    const body = submission("parent", { answers });
    const res = await postResponse("ouverte", body);
    expect(res.status).toBe(201);
    expect(await storedRow(body.id)).toBeDefined();
    expect(await storedScores(body.id)).toEqual({});
  });

  it("accepts every age band allowed for the proxy (child) survey", async () => {
    for (const ageBand of ["0-2", "3-5", "6-11"]) {
      const body = submission("child", { ageBand });
      const res = await postResponse("ouverte", body);
      expect(res.status, ageBand).toBe(201);
      expect((await storedRow(body.id))?.age_band).toBe(ageBand);
    }
  });

  it("accepts application/json with a charset and in upper case", async () => {
    expect(
      (await postResponse("ouverte", submission(), { contentType: "application/json; charset=utf-8" }))
        .status,
    ).toBe(201);
    expect((await postResponse("ouverte", submission(), { contentType: "Application/JSON" })).status).toBe(
      201,
    );
  });
});

describe("200: a retry with the same id and content", () => {
  it("answers 200 with the identical body and still stores one row", async () => {
    const body = submission("youth");
    const first = await postResponse("ouverte", body);
    expect(first.status).toBe(201);
    const after = countRows(sqlite);

    const retry = await postResponse("ouverte", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("cache-control")).toBe("no-store");
    const third = await postResponse("ouverte", body);
    expect(third.status).toBe(200);
    expect(third.body).toEqual(first.body);

    expect(countRows(sqlite)).toEqual(after);
    const rows = await db.selectFrom("response").select("id").where("id", "=", body.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("treats the same content with keys in another order as a retry", async () => {
    const body = submission("parent");
    expect((await postResponse("ouverte", body)).status).toBe(201);
    const reversedAnswers = Object.fromEntries(Object.entries(body.answers).reverse());
    const reordered = {
      answers: reversedAnswers,
      ageBand: body.ageBand,
      locale: body.locale,
      surveyVersion: body.surveyVersion,
      surveyId: body.surveyId,
      id: body.id,
      secret: body.secret,
    };
    const before = countRows(sqlite);
    const retry = await postResponse("ouverte", reordered);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ id: body.id, erasureCode: erasureCodeFor(body.id, secret) });
    expect(countRows(sqlite)).toEqual(before);
  });

  it("still acknowledges a retry after the campaign has closed (the first send was stored)", async () => {
    await createCampaign(db, { slug: "ferme-bientot" });
    const body = submission("parent");
    const first = await postResponse("ferme-bientot", body);
    expect(first.status).toBe(201);
    await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", "ferme-bientot").execute();
    const before = countRows(sqlite);
    const retry = await postResponse("ferme-bientot", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(countRows(sqlite)).toEqual(before);
    // A new response is refused there now.
    await expectRefused("ferme-bientot", submission("parent"), 410);
  });
});

describe("retries and the phone's secret (decision 023)", () => {
  const ALREADY_STORED = {
    alreadyStored: true,
    message:
      "Cette réponse est déjà enregistrée. Son code d'effacement n'est redonné qu'à l'appareil qui l'a envoyée.",
  };

  it("stores only a hash of the secret, and gives the code back to a retry that carries it", async () => {
    const body = submission("parent");
    const first = await postResponse("ouverte", body);
    expect(first.status).toBe(201);
    const row = await storedRow(body.id);
    expect(row!.secret_hash).toBe(hashSubmissionSecret(body.secret!));
    expect(JSON.stringify(row)).not.toContain(body.secret);

    const retry = await postResponse("ouverte", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ id: body.id, erasureCode: first.body!.erasureCode });
  });

  it.each([
    ["without a secret", (b: SubmissionBody) => without(b, "secret")],
    ["with another secret", (b: SubmissionBody) => ({ ...b, secret: newSecret() })],
    [
      "with the secret's stored hash",
      (b: SubmissionBody) => ({ ...b, secret: hashSubmissionSecret(b.secret!) }),
    ],
    [
      "with the secret in other letter case",
      (b: SubmissionBody) => ({
        ...b,
        secret: b.secret!.toUpperCase() === b.secret ? `${b.secret!.slice(1)}a` : b.secret!.toUpperCase(),
      }),
    ],
  ])("answers a retry %s: 200, stored, no erasure code, nothing written", async (_label, replay) => {
    const body = submission("youth");
    const first = await postResponse("ouverte", body);
    expect(first.status).toBe(201);
    const rowBefore = await storedRow(body.id);
    const before = countRows(sqlite);

    const res = await postResponse("ouverte", replay(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: body.id, ...ALREADY_STORED });
    expect(JSON.stringify(res.body)).not.toContain(first.body!.erasureCode!);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(countRows(sqlite)).toEqual(before);
    // The stored secret is not replaced: the phone's own retry still gets its code.
    expect(await storedRow(body.id)).toEqual(rowBefore);
    expect((await postResponse("ouverte", body)).body).toEqual(first.body);
  });

  it("gives a client without a secret its code on the first send, and never again", async () => {
    // An older page, or a kiosk built before the secret: its first answer is its only chance.
    const body = without(submission("parent"), "secret");
    const first = await postResponse("ouverte", body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: body.id, erasureCode: erasureCodeFor(body.id as string, secret) });
    expect((await storedRow(body.id as string))!.secret_hash).toBeNull();

    for (const retry of [body, { ...body, secret: newSecret() }]) {
      const res = await postResponse("ouverte", retry);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: body.id, ...ALREADY_STORED });
    }
    expect((await storedRow(body.id as string))!.secret_hash).toBeNull();
  });

  it("never gives back the code of a response stored before secrets existed", async () => {
    // Stored by the previous version: the migration leaves secret_hash empty.
    const body = submission("parent");
    expect((await postResponse("ouverte", body)).status).toBe(201);
    await db.updateTable("response").set({ secret_hash: null }).where("id", "=", body.id).execute();
    const res = await postResponse("ouverte", body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: body.id, ...ALREADY_STORED });
  });

  it("still says 409 conflict for the same id with other content, secret or not", async () => {
    const body = submission("parent");
    expect((await postResponse("ouverte", body)).status).toBe(201);
    const changed = { ...body, answers: { ...body.answers, d1_asked: 1 } };
    for (const attempt of [changed, without(changed, "secret")]) {
      const res = await expectRefused("ouverte", attempt, 409);
      expect(res.body?.error?.code).toBe("conflict");
    }
  });

  it.each([
    ["too short", "abc"],
    ["a number", 42],
    ["null", null],
    ["not base64url", "é".repeat(22)],
    ["too long", "a".repeat(129)],
  ])("refuses a secret that is %s with a French 400, storing nothing", async (_label, value) => {
    const res = await expectRefused("ouverte", { ...submission("parent"), secret: value }, 400);
    expect(res.body?.error?.code).toBe("invalid_body");
    expect(res.body?.error?.fields).toEqual([
      {
        field: "secret",
        message:
          "Le champ « secret » doit être un texte aléatoire de 22 à 128 caractères (lettres, chiffres, « - » et « _ »).",
      },
    ]);
  });
});

describe("12–14: joint consent first", () => {
  it("refuses a 12–14 response without the consent cookie, in French, storing nothing", async () => {
    const res = await expectRefused("ouverte", submission("youth", { ageBand: "12-14" }), 422);
    expect(res.body).toEqual({
      errors: [
        {
          question: "ageBand",
          message: "Avant 15 ans, il faut ton accord et celui d'un parent. Passe par la page d'accord.",
        },
      ],
    });
  });

  it("stores a 12–14 response sent with the consent given on this device", async () => {
    const consent = await grantJointConsent(new Request("http://localhost/s/ouverte/accord"), "ouverte");
    const res = await postResponse("ouverte", submission("youth", { ageBand: "12-14" }), {
      headers: { Cookie: consent.split(";")[0]! },
    });
    expect(res.status).toBe(201);
  });

  it("does not accept the consent given for another campaign", async () => {
    const consent = await grantJointConsent(new Request("http://localhost/s/autre/accord"), "autre");
    await expectRefused("ouverte", submission("youth", { ageBand: "12-14" }), 422, {
      headers: { Cookie: consent.split(";")[0]! },
    });
  });
});

describe("ids are case-insensitive", () => {
  it("stores an upper-case id in lower case, and its lower-case retry is the same response", async () => {
    const body = submission("parent");
    const upper = { ...body, id: body.id.toUpperCase() };
    const first = await postResponse("ouverte", upper);
    expect(first.status).toBe(201);
    expect(first.body!.id).toBe(body.id);
    const before = countRows(sqlite);
    const retry = await postResponse("ouverte", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(countRows(sqlite)).toEqual(before);
  });
});

describe("409: the same id with other content", () => {
  it.each([
    ["other answers", (b: SubmissionBody) => ({ ...b, answers: { ...b.answers, d1_asked: 1 } })],
    [
      "one more free text",
      (b: SubmissionBody) => ({ ...b, answers: { ...b.answers, idea: "Un local le soir." } }),
    ],
    ["another survey", (b: SubmissionBody) => ({ ...submission("young-adult"), id: b.id })],
  ])("refuses %s and leaves the stored row unchanged", async (_label, change) => {
    const body = submission("parent");
    expect((await postResponse("ouverte", body)).status).toBe(201);
    const rowBefore = await storedRow(body.id);
    const scoresBefore = await storedScores(body.id);

    const res = await expectRefused("ouverte", change(body), 409);
    expect(res.body?.error?.code).toBe("conflict");
    expect(res.body).not.toHaveProperty("erasureCode");
    expect(await storedRow(body.id)).toEqual(rowBefore);
    expect(await storedScores(body.id)).toEqual(scoresBefore);
  });

  it("refuses the same id and content sent to another campaign", async () => {
    const body = submission("parent");
    expect((await postResponse("ouverte", body)).status).toBe(201);
    const rowBefore = await storedRow(body.id);
    await expectRefused("parents-seulement", body, 409);
    expect(await storedRow(body.id)).toEqual(rowBefore);
  });
});

describe("422: answers that fail against the survey definition (French messages)", () => {
  const cases: [string, () => SubmissionBody, { question: string; message: string }[]][] = [
    [
      "a required question missing",
      () => {
        const body = submission("parent");
        delete body.answers.d4_help;
        return body;
      },
      [{ question: "d4_help", message: MSG.required }],
    ],
    [
      "a required question set to null",
      () => submission("youth", { answers: { ...validAnswers("youth"), d1_asked: null } }),
      [{ question: "d1_asked", message: MSG.required }],
    ],
    [
      "a number not among the choices",
      () => submission("parent", { answers: { ...validAnswers("parent"), d1_asked: 5 } }),
      [{ question: "d1_asked", message: MSG.notAChoice }],
    ],
    [
      "a string not among the choices",
      () => submission("parent", { answers: { ...validAnswers("parent"), d2_continuum: "everything" } }),
      [{ question: "d2_continuum", message: MSG.notAChoice }],
    ],
    [
      "a value out of range on the three-point scale (4)",
      () => submission("child", { answers: { ...validAnswers("child"), d1_likes: 4 } }),
      [{ question: "d1_likes", message: MSG.notAChoice }],
    ],
    [
      "a value out of range below the scale (0)",
      () => submission("parent", { answers: { ...validAnswers("parent"), d3_school: 0 } }),
      [{ question: "d3_school", message: MSG.notAChoice }],
    ],
    [
      "a number written as a string",
      () => submission("parent", { answers: { ...validAnswers("parent"), d1_asked: "3" } }),
      [{ question: "d1_asked", message: MSG.notAChoice }],
    ],
    [
      "an array for a single choice",
      () => submission("parent", { answers: { ...validAnswers("parent"), d1_asked: [3] } }),
      [{ question: "d1_asked", message: MSG.notAChoice }],
    ],
    [
      "a number for free text",
      () => submission("parent", { answers: { ...validAnswers("parent"), knowledge: 12 } }),
      [{ question: "knowledge", message: MSG.notText }],
    ],
    [
      "free text over 2000 characters",
      () =>
        submission("young-adult", { answers: { ...validAnswers("young-adult"), idea: "a".repeat(2001) } }),
      [{ question: "idea", message: MSG.tooLong }],
    ],
    [
      "an unknown question name",
      () => submission("parent", { answers: { ...validAnswers("parent"), d9_unknown: 3 } }),
      [{ question: "d9_unknown", message: MSG.unknown }],
    ],
    [
      "a question of another survey (d2_area is in young-adult only)",
      () => submission("parent", { answers: { ...validAnswers("parent"), d2_area: 3 } }),
      [{ question: "d2_area", message: MSG.unknown }],
    ],
    [
      "the age band 15-17 for the parent survey",
      () => submission("parent", { ageBand: "15-17" }),
      [{ question: "ageBand", message: MSG.ageBandWrong }],
    ],
    [
      "no age band for the child survey",
      () => submission("child", { ageBand: null }),
      [{ question: "ageBand", message: MSG.ageBandMissing }],
    ],
    [
      "the age band 12-14 for the child survey",
      () => submission("child", { ageBand: "12-14" }),
      [{ question: "ageBand", message: MSG.ageBandWrong }],
    ],
    [
      "the age band 6-11 for the youth survey",
      () => submission("youth", { ageBand: "6-11" }),
      [{ question: "ageBand", message: MSG.ageBandWrong }],
    ],
    [
      "no age band for the young-adult survey",
      () => submission("young-adult", { ageBand: null }),
      [{ question: "ageBand", message: MSG.ageBandMissing }],
    ],
    [
      "a locale the survey is not written in",
      () => submission("parent", { locale: "tr" }),
      [{ question: "locale", message: MSG.locale }],
    ],
  ];

  it.each(cases)("refuses %s and stores nothing", async (_label, make, errors) => {
    const res = await expectRefused("ouverte", make(), 422);
    expect(res.body).toEqual({ errors });
  });

  it("reports the age band, the locale and the answers together", async () => {
    const body = submission("parent", {
      ageBand: "18-25",
      locale: "tr",
      answers: { ...validAnswers("parent"), d1_asked: 7 },
    });
    const res = await expectRefused("ouverte", body, 422);
    expect(res.body?.errors).toEqual([
      { question: "ageBand", message: MSG.ageBandWrong },
      { question: "locale", message: MSG.locale },
      { question: "d1_asked", message: MSG.notAChoice },
    ]);
  });

  it("refuses a '__proto__' answer key as an unknown question", async () => {
    const body = submission("parent");
    const raw = JSON.stringify(body).replace('"answers":{', '"answers":{"__proto__":{"d1_asked":3},');
    const res = await expectRefused("ouverte", raw, 422);
    expect(res.body).toEqual({ errors: [{ question: "__proto__", message: MSG.unknown }] });
    expect(({} as Record<string, unknown>).d1_asked).toBeUndefined();
  });

  it("lists every missing required question of an empty answer set", async () => {
    const res = await expectRefused("ouverte", submission("child", { answers: {} }), 422);
    const required = Object.keys(validAnswers("child")).sort();
    expect(res.body?.errors?.map((e) => e.question).sort()).toEqual(required);
    expect(res.body?.errors?.every((e) => e.message === MSG.required)).toBe(true);
  });

  it("then accepts the corrected response with the same id (nothing was stored before)", async () => {
    const body = submission("parent", { answers: { ...validAnswers("parent"), d1_asked: 5 } });
    await expectRefused("ouverte", body, 422);
    const corrected = { ...body, answers: validAnswers("parent") };
    expect((await postResponse("ouverte", corrected)).status).toBe(201);
  });
});

describe("400: malformed JSON or body shape", () => {
  it("refuses malformed JSON with the invalid_json code", async () => {
    const res = await expectRefused("ouverte", '{"id": "x",', 400);
    expect(res.body?.error).toMatchObject({ code: "invalid_json" });
    expect(res.body?.error?.message).toBe("Le corps de la requête n'est pas un JSON valide.");
  });

  it("refuses invalid UTF-8 bytes with the invalid_encoding code", async () => {
    const json = JSON.stringify(
      submission("parent", { answers: { ...validAnswers("parent"), idea: "ÉCOLE" } }),
    );
    const bytes = new TextEncoder().encode(json);
    // Replace the two bytes of "É" (C3 89) with a lone continuation byte and an invalid byte.
    const at = bytes.findIndex((b, i) => b === 0xc3 && bytes[i + 1] === 0x89);
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0xff;
    bytes[at + 1] = 0x80;
    const res = await expectRefused("ouverte", bytes, 400);
    expect(res.body?.error?.code).toBe("invalid_encoding");
  });

  it.each([
    ["the id missing", () => without(submission(), "id"), "id"],
    ["an id that is not a UUID", () => ({ ...submission(), id: "not-a-uuid" }), "id"],
    ["surveyVersion as a string", () => ({ ...submission(), surveyVersion: "1" }), "surveyVersion"],
    ["an extra top-level field", () => ({ ...submission(), campaign: "ouverte" }), "(corps)"],
    ["answers as an array", () => ({ ...submission(), answers: [3, 3, 3] }), "answers"],
    ["answers missing", () => without(submission(), "answers"), "answers"],
    [
      "ageBand missing (it must be given, null for guardians)",
      () => without(submission(), "ageBand"),
      "ageBand",
    ],
    ["an age band outside the list", () => ({ ...submission(), ageBand: "16" }), "ageBand"],
  ])("refuses %s, naming the field", async (_label, make, field) => {
    const res = await expectRefused("ouverte", make(), 400);
    expect(res.body?.error?.code).toBe("invalid_body");
    expect(res.body?.error?.message).toBe("La forme de la requête n'est pas correcte.");
    expect(res.body?.error?.fields?.map((f) => f.field)).toContain(field);
  });
});

describe("404: unknown campaign or survey", () => {
  it("refuses an unknown campaign", async () => {
    const res = await expectRefused("nulle-part", submission(), 404);
    expect(res.body?.error?.code).toBe("campaign_not_found");
  });

  it("treats a draft campaign as unknown (not published yet)", async () => {
    const res = await expectRefused("brouillon", submission(), 404);
    expect(res.body?.error?.code).toBe("campaign_not_found");
  });

  it("refuses a survey the campaign does not offer", async () => {
    const res = await expectRefused("parents-seulement", submission("youth"), 404);
    expect(res.body?.error?.code).toBe("survey_not_found");
    // The survey it offers works.
    expect((await postResponse("parents-seulement", submission("parent"))).status).toBe(201);
  });

  it("refuses an unknown survey version and an unknown survey id", async () => {
    expect(
      (await expectRefused("ouverte", submission("parent", { surveyVersion: 2 }), 404)).body?.error?.code,
    ).toBe("survey_not_found");
    expect(
      (await expectRefused("ouverte", submission("parent", { surveyId: "inconnu" }), 404)).body?.error?.code,
    ).toBe("survey_not_found");
  });

  it("refuses a version the campaign lists but no file defines", async () => {
    const res = await expectRefused("version-absente", submission("parent", { surveyVersion: 9 }), 404);
    expect(res.body?.error?.code).toBe("survey_not_found");
  });
});

describe("410: campaign closed or not open yet", () => {
  async function campaignDates(slug: string) {
    return db
      .selectFrom("campaign")
      .select(["opens_at", "closes_at"])
      .where("slug", "=", slug)
      .executeTakeFirstOrThrow();
  }

  it.each([
    ["closed by its status", "fermee", "closed", "Ce questionnaire est fermé."],
    ["past its closing date", "terminee", "closed", "Ce questionnaire est fermé."],
    [
      "not open yet (opens next week)",
      "bientot",
      "not_yet_open",
      "Ce questionnaire n'est pas encore ouvert.",
    ],
  ])("refuses a campaign %s, with its dates", async (_label, slug, code, message) => {
    const res = await expectRefused(slug, submission("parent"), 410);
    const dates = await campaignDates(slug);
    expect(res.body).toEqual({
      error: { code, message, opensAt: dates.opens_at, closesAt: dates.closes_at },
    });
  });
});

describe("413: body over 256 KB", () => {
  /** A valid submission padded with JSON white space to exactly `size` bytes. */
  function paddedBody(size: number): Uint8Array {
    const json = JSON.stringify(submission("parent"));
    const length = new TextEncoder().encode(json).byteLength;
    expect(size).toBeGreaterThan(length);
    return new TextEncoder().encode(json + " ".repeat(size - length));
  }

  it("accepts a body of exactly 256 KB", async () => {
    const res = await postResponse("ouverte", paddedBody(MAX_SUBMISSION_BYTES));
    expect(res.status).toBe(201);
  });

  it("refuses a body one byte over, with a Content-Length header", async () => {
    const body = paddedBody(MAX_SUBMISSION_BYTES + 1);
    const res = await expectRefused("ouverte", body, 413, {
      headers: { "content-length": String(body.byteLength) },
    });
    expect(res.body?.error?.code).toBe("payload_too_large");
  });

  it("refuses on the declared Content-Length alone, before reading", async () => {
    const res = await expectRefused("ouverte", submission(), 413, {
      headers: { "content-length": String(10 * 1024 * 1024) },
    });
    expect(res.body?.error?.code).toBe("payload_too_large");
  });

  it("refuses a body larger than its Content-Length claims", async () => {
    const body = paddedBody(MAX_SUBMISSION_BYTES + 4096);
    await expectRefused("ouverte", body, 413, { headers: { "content-length": "100" } });
  });

  it("refuses a streamed body without Content-Length (duplex: half)", async () => {
    const body = paddedBody(MAX_SUBMISSION_BYTES + 1);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.byteLength; i += 16 * 1024) controller.enqueue(body.slice(i, i + 16 * 1024));
        controller.close();
      },
    });
    const res = await expectRefused("ouverte", stream, 413);
    expect(res.body?.error?.code).toBe("payload_too_large");
  });

  it("stops reading an endless stream soon after the limit", async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    await expectRefused("ouverte", stream, 413);
    expect(pulled).toBeLessThanOrEqual(MAX_SUBMISSION_BYTES + 3 * chunk.byteLength);
    expect(cancelled).toBe(true);
  });

  it("accepts a small streamed body without Content-Length", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(submission("child")));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    expect((await postResponse("ouverte", stream)).status).toBe(201);
  });
});

describe("415: not JSON", () => {
  it.each([
    ["text/plain", "text/plain"],
    ["form data", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["a JSON-like type", "application/json-patch+json"],
  ])("refuses %s", async (_label, contentType) => {
    const res = await expectRefused("ouverte", JSON.stringify(submission()), 415, { contentType });
    expect(res.body?.error?.code).toBe("unsupported_media_type");
  });

  it("refuses a request without a content type", async () => {
    const res = await expectRefused("ouverte", JSON.stringify(submission()), 415, { contentType: null });
    expect(res.body?.error?.code).toBe("unsupported_media_type");
  });
});

describe("405: other methods", () => {
  it("answers 405 to PUT through the action and to GET through the loader", async () => {
    const before = countRows(sqlite);
    const request = new Request(RESPONSES_URL("ouverte"), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(submission()),
    });
    const res = await responsesAction({ request, params: { slug: "ouverte" }, context: {} });
    expect(res?.status).toBe(405);
    expect((await responsesLoader()).status).toBe(405);
    expect(countRows(sqlite)).toEqual(before);
  });
});

describe("concurrent submissions", () => {
  it("stores exactly one row for two concurrent submissions of one id; both succeed with the same code", async () => {
    const body = submission("parent");
    const before = countRows(sqlite);
    const [a, b] = await Promise.all([postResponse("ouverte", body), postResponse("ouverte", body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    expect(a.body?.erasureCode).toBe(erasureCodeFor(body.id, secret));
    const scores = Object.keys(scoreResponse(body.answers, surveyDefinition("parent").scoring)).length;
    expect(countRows(sqlite)).toEqual({ responses: before.responses + 1, scores: before.scores + scores });
  });

  it("stores one row for ten concurrent submissions of one id", async () => {
    const body = submission("youth");
    const before = countRows(sqlite);
    const results = await Promise.all(Array.from({ length: 10 }, () => postResponse("ouverte", body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body?.erasureCode)).size).toBe(1);
    expect(countRows(sqlite).responses).toBe(before.responses + 1);
  });

  it("stores the first of two concurrent, different contents under one id and refuses the other", async () => {
    const first = submission("parent");
    const second = { ...first, answers: { ...first.answers, d1_asked: 1 } };
    const before = countRows(sqlite);
    const [a, b] = await Promise.all([postResponse("ouverte", first), postResponse("ouverte", second)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(countRows(sqlite).responses).toBe(before.responses + 1);
    const winner = a.status === 201 ? first : second;
    expect(JSON.parse((await storedRow(first.id))!.answers)).toEqual(winner.answers);
  });

  it("stores every one of many concurrent distinct responses", async () => {
    const bodies = Array.from({ length: 20 }, (_, i) =>
      submission(["parent", "child", "youth", "young-adult"][i % 4]),
    );
    const before = countRows(sqlite);
    const results = await Promise.all(bodies.map((b) => postResponse("ouverte", b)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(countRows(sqlite).responses).toBe(before.responses + 20);
  });
});

describe("malformed and hostile inputs: always a 4xx, never a 500, and nothing stored", () => {
  const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
  const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
  const validJson = () => JSON.stringify(submission("parent"));
  /** A valid parent submission where the answer `name` holds raw JSON text. */
  const withAnswer = (name: string, rawValue: string) =>
    JSON.stringify(submission("parent", { answers: { ...validAnswers("parent"), [name]: "@RAW@" } })).replace(
      '"@RAW@"',
      () => rawValue,
    );
  const conflictId = "6f0d3b58-2c4e-4d7a-9a35-0f1e2d3c4b5a";

  beforeAll(async () => {
    const res = await postResponse("ouverte", submission("parent", { id: conflictId }));
    expect(res.status).toBe(201);
  });

  type Case = [
    label: string,
    status: number,
    body: unknown,
    init?: Parameters<typeof postResponse>[2],
    slug?: string,
  ];
  const cases: Case[] = [
    // Not JSON at all, or not an object.
    ["an empty body", 400, ""],
    ["truncated JSON", 400, '{"id":'],
    ["only white space", 400, "   \n "],
    ["JSON null", 400, "null"],
    ["a JSON array", 400, "[]"],
    ["a JSON number", 400, "42"],
    ["a JSON string", 400, '"réponse"'],
    ["JSON true", 400, "true"],
    ["an empty object", 400, "{}"],
    ["a trailing comma", 400, validJson().replace(/}$/, ",}")],
    ["single quotes", 400, validJson().replace(/"/g, "'")],
    ["a NaN literal", 400, withAnswer("d1_asked", "NaN")],
    ["a comment", 400, "/* hi */" + validJson()],
    ["two JSON documents", 400, validJson() + validJson()],
    ["UTF-16 text declared as JSON", 400, new Uint8Array(Buffer.from(validJson(), "utf16le"))],
    ["invalid UTF-8 bytes", 400, new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
    ["an overlong UTF-8 encoding", 400, new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
    // Wrong body shape.
    ["no id", 400, without(submission(), "id")],
    ["a numeric id", 400, { ...submission(), id: 12345 }],
    ["an id in braces", 400, { ...submission(), id: `{${crypto.randomUUID()}}` }],
    ["an id with SQL in it", 400, { ...submission(), id: "'; DROP TABLE response; --" }],
    ["no surveyId", 400, without(submission(), "surveyId")],
    ["an empty surveyId", 400, { ...submission(), surveyId: "" }],
    ["a surveyId of 101 characters", 400, { ...submission(), surveyId: "p".repeat(101) }],
    ["a numeric surveyId", 400, { ...submission(), surveyId: 1 }],
    ["surveyVersion as a string", 400, { ...submission(), surveyVersion: "1" }],
    ["surveyVersion 0", 400, { ...submission(), surveyVersion: 0 }],
    ["a negative surveyVersion", 400, { ...submission(), surveyVersion: -1 }],
    ["a fractional surveyVersion", 400, { ...submission(), surveyVersion: 1.5 }],
    ["surveyVersion null", 400, { ...submission(), surveyVersion: null }],
    ["a huge surveyVersion", 400, { ...submission(), surveyVersion: 1e300 }],
    ["no locale", 400, without(submission(), "locale")],
    ["an upper-case locale", 400, { ...submission(), locale: "FR" }],
    ["an empty locale", 400, { ...submission(), locale: "" }],
    ["a numeric locale", 400, { ...submission(), locale: 33 }],
    ["no ageBand", 400, without(submission(), "ageBand")],
    ["a numeric ageBand", 400, { ...submission(), ageBand: 15 }],
    ["an ageBand outside the list", 400, { ...submission(), ageBand: "0-25" }],
    ["no answers", 400, without(submission(), "answers")],
    ["answers null", 400, { ...submission(), answers: null }],
    ["answers as an array", 400, { ...submission(), answers: [] }],
    ["answers as a string", 400, { ...submission(), answers: "d1_asked=3" }],
    ["answers as a number", 400, { ...submission(), answers: 3 }],
    ["an extra top-level field", 400, { ...submission(), submittedAt: "2026-01-01" }],
    ["a top-level __proto__ key", 400, validJson().replace(/^{/, '{"__proto__":{"admin":true},')],
    ["the id given twice (the last is not a UUID)", 400, validJson().replace(/}$/, ',"id":"x"}')],
    ["arrays nested 100 000 deep in an answer", 400, withAnswer("d1_asked", deepArray(100_000))],
    ["arrays nested 100 000 deep under an unknown name", 400, withAnswer("zzz", deepArray(100_000))],
    ["objects nested 40 000 deep in an answer", 400, withAnswer("knowledge", deepObject(40_000))],
    [
      "arrays nested 100 000 deep in an extra field",
      400,
      validJson().replace(/}$/, `,"x":${deepArray(100_000)}}`),
    ],
    // Answers that fail the survey definition.
    ["an unknown question", 422, withAnswer("unknown_question", "3")],
    ["a __proto__ answer", 422, withAnswer("__proto__", '{"d1_asked":3}')],
    ["a constructor answer", 422, withAnswer("constructor", "3")],
    ["a number too large for a double", 422, withAnswer("knowledge", "1e999")],
    ["an object for a single choice", 422, withAnswer("d1_asked", '{"value":3}')],
    ["a nested (but shallow) array for a single choice", 422, withAnswer("d1_asked", "[[[[3]]]]")],
    ["free text of 100 000 characters", 422, withAnswer("idea", JSON.stringify("x".repeat(100_000)))],
    [
      "100 unknown questions",
      422,
      { ...submission(), answers: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`q${i}`, i])) },
    ],
    ["a locale not offered", 422, { ...submission(), locale: "tr" }],
    ["an age band not allowed for the audience", 422, { ...submission(), ageBand: "6-11" }],
    // Other refusals.
    [
      "an id already used with other content",
      409,
      { ...submission(), id: conflictId, answers: { ...validAnswers("parent"), idea: "autre" } },
    ],
    ["an unknown campaign", 404, validJson(), undefined, "inconnue"],
    ["an empty campaign slug", 404, validJson(), undefined, ""],
    ["a campaign slug with SQL in it", 404, validJson(), undefined, "x' OR '1'='1"],
    ["an unknown survey", 404, { ...submission(), surveyId: "__proto__" }],
    ["a closed campaign", 410, validJson(), undefined, "fermee"],
    ["a campaign not open yet", 410, validJson(), undefined, "bientot"],
    ["a body of 300 KB", 413, validJson() + " ".repeat(300 * 1024)],
    [
      "a declared Content-Length of 1 GB",
      413,
      validJson(),
      { headers: { "content-length": String(2 ** 30) } },
    ],
    ["text/plain", 415, validJson(), { contentType: "text/plain" }],
    ["no content type", 415, validJson(), { contentType: null }],
    ["an empty content type", 415, validJson(), { contentType: "" }],
    ["text/json", 415, validJson(), { contentType: "text/json" }],
  ];

  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s → %i", async (_label, status, body, init, slug = "ouverte") => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    const before = countRows(sqlite);
    let res: Awaited<ReturnType<typeof postResponse>>;
    try {
      res = await postResponse(slug, body, init);
    } catch (error) {
      // A throw from the action would be a 500 in production.
      throw new Error(`the action threw (a 500 in production): ${String(error)}`);
    }
    expect(res.status, JSON.stringify(res.body)?.slice(0, 300)).toBe(status);
    expect(res.body, "a JSON error body").not.toBeNull();
    expect(countRows(sqlite)).toEqual(before);
  });

  it("left the database intact", async () => {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["territory", "campaign", "campaign_survey", "response", "response_score"]),
    );
    expect(await storedRow(conflictId)).toBeDefined();
  });
});

describe("erasure through /effacer", () => {
  async function eraseRequest(fields: Record<string, string>) {
    const request = new Request("http://localhost/effacer", {
      method: "POST",
      body: new URLSearchParams(fields),
    });
    const response = await eraseAction({ request, params: {}, context: {} });
    return { status: response.status, data: await response.json() };
  }

  async function storeOne(surveyId = "parent") {
    const body = submission(surveyId);
    const res = await postResponse("ouverte", body);
    expect(res.status).toBe(201);
    return { id: body.id, code: res.body!.erasureCode! };
  }

  it("checks the code, then erases the response and its scores, and nothing else", async () => {
    const mine = await storeOne("parent");
    const other = await storeOne("youth");
    expect(Object.keys(await storedScores(mine.id)).length).toBeGreaterThan(0);
    const before = countRows(sqlite);

    const checked = await eraseRequest({ intent: "check", code: mine.code });
    expect(checked.status).toBe(200);
    const row = await storedRow(mine.id);
    expect(checked.data).toEqual({
      step: "confirm",
      code: mine.code,
      submittedAt: row!.submitted_at,
      campaignTitle: "Campagne ouverte",
      count: 1,
    });
    // Checking erases nothing.
    expect(countRows(sqlite)).toEqual(before);

    const erased = await eraseRequest({ intent: "erase", code: mine.code });
    expect(erased.status).toBe(200);
    expect(erased.data).toEqual({ step: "done", count: 1 });
    expect(await storedRow(mine.id)).toBeUndefined();
    expect(await storedScores(mine.id)).toEqual({});
    const scoresOfMine = Object.keys(
      scoreResponse(validAnswers("parent"), surveyDefinition("parent").scoring),
    ).length;
    expect(countRows(sqlite)).toEqual({
      responses: before.responses - 1,
      scores: before.scores - scoresOfMine,
    });

    // The other response is untouched.
    expect(await storedRow(other.id)).toBeDefined();
    expect(Object.keys(await storedScores(other.id)).length).toBeGreaterThan(0);

    // The same code again: nothing left to erase.
    const again = await eraseRequest({ intent: "erase", code: mine.code });
    expect(again.status).toBe(404);
    expect(again.data).toMatchObject({ step: "error", code: mine.code });
  });

  it("does not let a late retry bring an erased response back", async () => {
    const body = submission("parent");
    const first = await postResponse("ouverte", body);
    expect(first.status).toBe(201);
    const erased = await eraseRequest({ intent: "erase", code: first.body!.erasureCode! });
    expect(erased.data).toEqual({ step: "done", count: 1 });

    const before = countRows(sqlite);
    const retry = await postResponse("ouverte", body);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ error: { code: "erased" } });
    expect(countRows(sqlite)).toEqual(before);
    expect(await storedRow(body.id)).toBeUndefined();
  });

  it("accepts the code typed in lower case, with spaces and look-alike letters", async () => {
    const mine = await storeOne("child");
    const typed = mine.code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    const checked = await eraseRequest({ intent: "check", code: typed });
    expect(checked.data).toMatchObject({ step: "confirm" });
    const erased = await eraseRequest({ intent: "erase", code: typed });
    expect(erased.data).toEqual({ step: "done", count: 1 });
    expect(await storedRow(mine.id)).toBeUndefined();
  });

  it("answers a wrong (well-formed) code with a 404 error step and erases nothing", async () => {
    const mine = await storeOne("parent");
    const wrong = erasureCodeFor(crypto.randomUUID(), secret);
    const before = countRows(sqlite);

    for (const intent of ["check", "erase"]) {
      const res = await eraseRequest({ intent, code: wrong });
      expect(res.status).toBe(404);
      expect(res.data).toEqual({
        step: "error",
        code: wrong,
        message: "Ce code ne correspond à aucune réponse. Vérifiez le code.",
      });
    }
    expect(countRows(sqlite)).toEqual(before);
    expect(await storedRow(mine.id)).toBeDefined();
  });

  it("refuses a code computed with another secret", async () => {
    const mine = await storeOne("parent");
    const forged = erasureCodeFor(mine.id, "another-secret-another-secret-another-9");
    const before = countRows(sqlite);
    const res = await eraseRequest({ intent: "erase", code: forged });
    expect(res.status).toBe(404);
    expect(countRows(sqlite)).toEqual(before);
  });

  it("answers a malformed code with 422 and a missing field with 400, erasing nothing", async () => {
    const before = countRows(sqlite);
    const malformed = await eraseRequest({ intent: "erase", code: "ABCD-1234" });
    expect(malformed.status).toBe(422);
    expect(malformed.data).toEqual({
      step: "error",
      code: "ABCD-1234",
      message: "Le code a 16 lettres et chiffres, par exemple ABCD-1234-EFGH-5678.",
    });
    const noCode = await eraseRequest({ intent: "erase" });
    expect(noCode.status).toBe(400);
    expect(noCode.data).toEqual({ step: "error", message: "Écrivez votre code.", code: "" });
    const badIntent = await eraseRequest({ intent: "delete-all", code: "ABCD-EFGH-JKMN-PQRS" });
    expect(badIntent.status).toBe(400);
    expect(countRows(sqlite)).toEqual(before);
  });
});
