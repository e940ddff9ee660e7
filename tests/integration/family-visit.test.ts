/**
 * One erasure code per family visit (docs/decisions/028-family-visit-code.md), through the
 * submission API's route module and the /effacer action, on a real (temporary) database.
 */
import nodeCrypto from "node:crypto";
import type SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import { erasureCodeFor, hashErasureCode, hashVisitPart } from "~/privacy/erasure.server";
import { action as eraseAction } from "~/routes/effacer";
import {
  countRows,
  createCampaign,
  type CreatedCampaign,
  expectIndicatorTotalsMatch,
  getTestDb,
  postResponse,
  validAnswers,
} from "./fixtures";

const newSecret = () => nodeCrypto.randomBytes(16).toString("base64url");
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

interface Visit {
  id: string;
  secret: string;
}
const newVisit = (): Visit => ({ id: crypto.randomUUID(), secret: newSecret() });

/** A parent's own response (part 0) or a child's (part 1, 2…), in the visit. */
function part(visit: Visit | null, index: number, surveyId = index === 0 ? "parent" : "child") {
  return {
    id: crypto.randomUUID(),
    secret: newSecret(),
    surveyId,
    surveyVersion: 1,
    locale: "fr",
    ageBand: surveyId === "child" ? (index % 2 ? "3-5" : "6-11") : null,
    answers: validAnswers(surveyId),
    ...(visit ? { visit: { ...visit, part: index } } : {}),
  };
}

let db: DB;
let sqlite: SQLite.Database;
let campaign: CreatedCampaign;

beforeAll(async () => {
  ({ db, sqlite } = await getTestDb());
  campaign = await createCampaign(db, { slug: "visites" });
});

async function erasureHashOf(id: string) {
  const row = await db.selectFrom("response").select("erasure_hash").where("id", "=", id).executeTakeFirst();
  return row?.erasure_hash;
}

async function eraseRequest(fields: Record<string, string>) {
  const request = new Request("http://localhost/effacer", {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  const response = await eraseAction({ request, params: {}, context: {} });
  return { status: response.status, data: (await response.json()) as Record<string, unknown> };
}

/** A parent and two children answered in one visit: the three bodies and the code each got. */
async function familyOfThree() {
  const visit = newVisit();
  const bodies = [part(visit, 0), part(visit, 1), part(visit, 2)];
  const codes: string[] = [];
  for (const body of bodies) {
    const res = await postResponse("visites", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    codes.push(res.body!.erasureCode!);
  }
  return { visit, bodies, codes };
}

describe("one code for every response of a family visit", () => {
  it("gives the parent and both children the same code, stored as a different hash for each", async () => {
    const { bodies, codes } = await familyOfThree();
    expect(codes[0]).toMatch(CODE_FORMAT);
    expect(new Set(codes).size).toBe(1);
    const hashes = await Promise.all(bodies.map((b) => erasureHashOf(b.id)));
    // No value shared by two rows: nothing in the database ties the three responses together.
    expect(new Set(hashes).size).toBe(3);
    expect(hashes).toEqual([0, 1, 2].map((i) => hashVisitPart(codes[0]!, i)));
    // Neither the code's plain hash nor the visit id or secret is stored anywhere in the rows.
    expect(hashes).not.toContain(hashErasureCode(codes[0]!));
    const rows = await db
      .selectFrom("response")
      .selectAll()
      .where(
        "id",
        "in",
        bodies.map((b) => b.id),
      )
      .execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(bodies[0]!.visit!.id);
    expect(text).not.toContain(bodies[0]!.visit!.secret);
  });

  it("gives another visit another code", async () => {
    const a = await familyOfThree();
    const b = await familyOfThree();
    expect(a.codes[0]).not.toBe(b.codes[0]);
  });

  it("leaves a response without `visit` its own code, as before", async () => {
    const body = part(null, 0);
    const res = await postResponse("visites", body);
    expect(res.status).toBe(201);
    expect(res.body!.erasureCode).toBe(erasureCodeFor(body.id, getEnv().SESSION_SECRET));
    expect(await erasureHashOf(body.id)).toBe(hashErasureCode(res.body!.erasureCode!));
  });
});

describe("erasing with a visit's code", () => {
  it("finds and erases all three responses, and the running totals follow", async () => {
    const other = await familyOfThree();
    const { bodies, codes } = await familyOfThree();
    const before = countRows(sqlite);

    const checked = await eraseRequest({ intent: "check", code: codes[0]!.toLowerCase() });
    expect(checked.status).toBe(200);
    expect(checked.data).toMatchObject({ step: "confirm", count: 3 });
    expect(countRows(sqlite)).toEqual(before);

    const erased = await eraseRequest({ intent: "erase", code: codes[0]! });
    expect(erased.data).toEqual({ step: "done", count: 3 });
    for (const b of bodies) expect(await erasureHashOf(b.id)).toBeUndefined();
    expect(countRows(sqlite).responses).toBe(before.responses - 3);
    // The other family is untouched, and the totals equal what the remaining responses say.
    for (const b of other.bodies) expect(await erasureHashOf(b.id)).toBeDefined();
    await expectIndicatorTotalsMatch(db, campaign.id);
    const participation = await db
      .selectFrom("participation_daily")
      .select((eb) => eb.fn.sum<number>("n").as("n"))
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirstOrThrow();
    const remaining = await db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirstOrThrow();
    expect(Number(participation.n)).toBe(Number(remaining.n));

    // The responses cannot come back under their ids, and the code now finds nothing.
    const again = await postResponse("visites", bodies[1]);
    expect(again.status).toBe(409);
    expect((await eraseRequest({ intent: "check", code: codes[0]! })).status).toBe(404);
    const audit = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "response_erased")
      .where("target", "=", "visites")
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBeGreaterThanOrEqual(3);
  });
});

describe("retries in a visit", () => {
  it("gives the code back to a retry only with the response's and the visit's secrets", async () => {
    const visit = newVisit();
    const body = part(visit, 1);
    const first = await postResponse("visites", body);
    expect(first.status).toBe(201);
    const code = first.body!.erasureCode;

    const retried = await postResponse("visites", body);
    expect(retried.status).toBe(200);
    expect(retried.body!.erasureCode).toBe(code);

    // Right response secret, wrong visit secret: stored, but no code (and no other code either).
    const wrongVisit = await postResponse("visites", {
      ...body,
      visit: { ...body.visit, secret: newSecret() },
    });
    expect(wrongVisit.status).toBe(200);
    expect(wrongVisit.body).toMatchObject({ alreadyStored: true });
    expect(wrongVisit.body!.erasureCode).toBeUndefined();

    // Right visit, wrong response secret: no code.
    const wrongSecret = await postResponse("visites", { ...body, secret: newSecret() });
    expect(wrongSecret.body!.erasureCode).toBeUndefined();

    // Another part number for the same response: no code.
    const otherPart = await postResponse("visites", { ...body, visit: { ...body.visit, part: 2 } });
    expect(otherPart.body!.erasureCode).toBeUndefined();
  });

  it("refuses a second response numbered like another of the same visit, in French, storing nothing", async () => {
    const visit = newVisit();
    expect((await postResponse("visites", part(visit, 0))).status).toBe(201);
    const before = countRows(sqlite);
    const clash = await postResponse("visites", part(visit, 0, "child"));
    expect(clash.status).toBe(409);
    expect(JSON.stringify(clash.body)).toContain("numéro de partie");
    expect(countRows(sqlite)).toEqual(before);
  });
});

describe("hostile `visit` values are refused in French, storing nothing", () => {
  const visit = newVisit();
  it.each<[string, unknown, string]>([
    ["a part over the limit", { ...visit, part: 12 }, "de 0 à 11"],
    ["a negative part", { ...visit, part: -1 }, "de 0 à 11"],
    ["a fractional part", { ...visit, part: 1.5 }, "nombre entier"],
    ["a part as text", { ...visit, part: "1" }, "nombre entier"],
    ["no part", { id: visit.id, secret: visit.secret }, "« visit.part » manque"],
    ["a short secret", { ...visit, secret: "abc", part: 0 }, "« visit.secret »"],
    ["a secret with other characters", { ...visit, secret: "é".repeat(30), part: 0 }, "« visit.secret »"],
    ["an id that is not a UUID", { ...visit, id: "../../etc", part: 0 }, "« visit.id »"],
    ["an unknown key", { ...visit, part: 0, parent: "x" }, "Champ inconnu dans « visit »"],
    ["an array", [visit.id, visit.secret, 0], "« visit »"],
    ["a text", "famille", "« visit »"],
    ["null", null, "« visit »"],
  ])("%s", async (_name, value, message) => {
    const before = countRows(sqlite);
    const res = await postResponse("visites", { ...part(null, 0), visit: value });
    expect(res.status).toBe(400);
    const text = JSON.stringify(res.body);
    expect(text).toContain(message);
    expect(text).not.toMatch(/Invalid|expected|received/);
    expect(countRows(sqlite)).toEqual(before);
  });
});
