/**
 * Issue 12, "erasure codes stay with the respondent" (docs/decisions/023-erasure-code-secret.md),
 * played as the attacker review played it: a coordinator (or whoever gets hold of a file)
 * downloads the responses CSV, rebuilds submission bodies from its rows and the stored answers,
 * posts them to the submission API and tries whatever comes back at /effacer. Before the fix,
 * the file carried each response's id and a replayed row got its erasure code back (19 of 20),
 * then /effacer deleted the response in the respondent's name.
 */
import nodeCrypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { erasureCodeFor, normalizeErasureCode } from "~/privacy/erasure.server";
import { action as eraseAction } from "~/routes/effacer";
import { loader as responsesLoader } from "~/routes/tableau.campagnes.$slug.export.reponses[.]csv";
import {
  type ApiBody,
  createCampaign,
  getTestDb,
  parseCsv,
  postResponse,
  signInPeople,
  validAnswers,
} from "./fixtures";

const SLUG = "rejeu";
const PHONES = 20;
/** Responses stored before the update (no secret): an older export may hold their ids. */
const OLDER = 5;
const UUID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let db: DB;
const cookies = { coord: "" };
/** What each phone knows of its own response: the body it sent (with its secret) and its code. */
const phones: { body: Record<string, unknown> & { id: string }; code: string }[] = [];

const newSecret = () => nodeCrypto.randomBytes(16).toString("base64url");

/** A parent's answers, varied per response (the free text), as a phone would send them. */
function parentBody(i: number, secret: string | undefined) {
  return {
    id: crypto.randomUUID(),
    ...(secret ? { secret } : {}),
    surveyId: "parent",
    surveyVersion: 1,
    locale: "fr",
    ageBand: null,
    answers: { ...validAnswers("parent"), idea: `Une idée de parent numéro ${i}` },
  };
}

beforeAll(async () => {
  ({ db } = await getTestDb());
  await createCampaign(db, { slug: SLUG, surveys: [{ surveyId: "parent", surveyVersion: 1 }] });
  await signInPeople(db, { coord: { role: "coordinator", territorySlugs: ["territoire-test"] } }, cookies);
  for (let i = 0; i < PHONES + OLDER; i++) {
    const body = parentBody(i, i < PHONES ? newSecret() : undefined);
    const res = await postResponse(SLUG, body);
    expect(res.status).toBe(201);
    phones.push({ body, code: res.body!.erasureCode! });
  }
});

async function downloadCsv(): Promise<string> {
  const url = `/tableau/campagnes/${SLUG}/export/reponses.csv`;
  const request = new Request(`http://localhost${url}`, { headers: { Cookie: cookies.coord } });
  const res = (await responsesLoader({ request, params: { slug: SLUG }, context: {} })) as Response;
  expect(res.status).toBe(200);
  return new TextDecoder().decode(await res.arrayBuffer()).replace(/^\uFEFF/, "");
}

/** Every string inside a JSON value (keys and values). */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

async function erase(intent: "check" | "erase", code: string) {
  const request = new Request("http://localhost/effacer", {
    method: "POST",
    body: new URLSearchParams({ intent, code }),
  });
  const response = await eraseAction({ request, params: {}, context: {} });
  return { status: response.status, data: await response.json() };
}

async function storedCount(): Promise<number> {
  const row = await db
    .selectFrom("response")
    .innerJoin("campaign", "campaign.id", "response.campaign_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign.slug", "=", SLUG)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function erasures(): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", "response_erased")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("export, then replay at the submission API (issue 12)", () => {
  /** Every answer body the API gave to the replays, and every cell of the file. */
  const obtained = new Set<string>();

  it("the responses file numbers its rows and holds no response id", async () => {
    const text = await downloadCsv();
    const [header, ...rows] = parseCsv(text);
    expect(header![0]).toBe("n° de ligne");
    expect(rows).toHaveLength(PHONES + OLDER);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_r, i) => String(i + 1)));
    expect(text).not.toMatch(UUID_LIKE);
    for (const { body } of phones) expect(text.toLowerCase()).not.toContain(body.id);
    for (const cell of rows.flat()) obtained.add(cell);
  });

  it("a body rebuilt from any row of the file gets no erasure code back", async () => {
    const [, ...rows] = parseCsv(await downloadCsv());
    const before = await storedCount();
    let codes = 0;
    for (const row of rows) {
      // The row's free text says whose answers they are; the stored answers give the rest.
      const phone = phones.find((p) => row.includes((p.body.answers as { idea: string }).idea))!;
      expect(phone).toBeDefined();
      // The only candidates for an id the file offers: its cells (the row number first).
      for (const cell of new Set(row)) {
        const res = await postResponse(SLUG, { ...phone.body, secret: undefined, id: cell });
        for (const s of stringsIn(res.body)) obtained.add(s); // whatever came back, for /effacer
        if (res.body?.erasureCode) codes++;
        expect(res.status, cell).toBe(400);
        expect(res.body).not.toHaveProperty("erasureCode");
      }
    }
    expect(codes).toBe(0);
    expect(await storedCount()).toBe(before);
  });

  it("even with the ids of an older export, a replay without the phone's secret gets no code", async () => {
    // The file of the previous version gave the id of every response: replay all of them,
    // without a secret and with a made-up one. They are stored already: 200, and nothing more.
    const before = await storedCount();
    const answers: ApiBody[] = [];
    for (const { body, code } of phones) {
      const { secret: _own, ...rebuilt } = body;
      for (const attempt of [rebuilt, { ...rebuilt, secret: newSecret() }]) {
        const res = await postResponse(SLUG, attempt);
        for (const s of stringsIn(res.body)) obtained.add(s); // whatever came back, for /effacer
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: body.id, alreadyStored: true });
        expect(res.body).not.toHaveProperty("erasureCode");
        expect(JSON.stringify(res.body)).not.toContain(code);
        expect(JSON.stringify(res.body)).not.toContain(erasureCodeFor(body.id, getEnv().SESSION_SECRET));
        answers.push(res.body!);
      }
    }
    expect(answers.filter((a) => a.erasureCode !== undefined)).toHaveLength(0);
    expect(answers).toHaveLength(2 * (PHONES + OLDER));
    expect(await storedCount()).toBe(before);
  });

  it("nothing obtained that way opens /effacer: every response stays, no erasure is logged", async () => {
    expect(obtained.size).toBeGreaterThan(PHONES);
    const before = await storedCount();
    const logged = await erasures();
    for (const candidate of obtained) {
      for (const intent of ["check", "erase"] as const) {
        const res = await erase(intent, candidate);
        expect(res.data, candidate).toMatchObject({ step: "error" });
      }
    }
    // Not even by chance: no candidate has the shape of a code.
    expect([...obtained].filter((s) => normalizeErasureCode(s) !== null)).toEqual([]);
    expect(await storedCount()).toBe(before);
    expect(await erasures()).toBe(logged);
  });

  it("the phone that sent a response gets the same code on its retry, and that code erases it", async () => {
    const phone = phones[0]!;
    const retry = await postResponse(SLUG, phone.body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ id: phone.body.id, erasureCode: phone.code });

    const before = await storedCount();
    const logged = await erasures();
    expect((await erase("check", phone.code)).data).toMatchObject({ step: "confirm" });
    expect((await erase("erase", phone.code)).data).toEqual({ step: "done", count: 1 });
    expect(await storedCount()).toBe(before - 1);
    expect(await erasures()).toBe(logged + 1);
  });
});
