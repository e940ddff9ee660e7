/**
 * A full disk through the submission API: SQLite's `max_page_count` caps the (temporary) database
 * at its current size, so the next write meets SQLITE_FULL exactly as on a full disk. The API must
 * answer 503 with a French message and Retry-After (not a 500), store nothing of the response (no
 * row, no score, no total, no free text) and accept the same id once there is room again.
 */
import type SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { DB_UNAVAILABLE_MESSAGES } from "~/web/db-errors.server";
import { createCampaign, getTestDb, postResponse, validAnswers } from "./fixtures";

let sqlite: SQLite.Database;

/** Everything a stored response leaves behind, to compare before and after a refused write. */
function footprint() {
  const one = (q: string) => (sqlite.prepare(q).get() as { n: number | null }).n ?? 0;
  return {
    responses: one("select count(*) as n from response"),
    scores: one("select count(*) as n from response_score"),
    verbatims: one("select count(*) as n from verbatim"),
    indicatorN: one("select sum(n) as n from indicator_aggregate"),
    participation: one("select sum(n) as n from participation_daily"),
    choices: one("select sum(n) as n from choice_count"),
  };
}

function parent(id = crypto.randomUUID()) {
  return {
    id,
    surveyId: "parent",
    surveyVersion: 1,
    locale: "fr",
    ageBand: null,
    // Two long free texts: the response needs new pages, whatever room the last page has left.
    answers: { ...validAnswers("parent"), knowledge: "é".repeat(1900), idea: "a".repeat(1900) },
  };
}

/** Caps the database at its current number of pages (0 lifts the cap back to SQLite's default). */
function capAtCurrentSize(on: boolean) {
  const pages = sqlite.pragma("page_count", { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${on ? pages : 1073741823}`);
}

beforeAll(async () => {
  const opened = await getTestDb();
  sqlite = opened.sqlite;
  await createCampaign(opened.db, { slug: "pleine" });
  // One stored response first, so that totals exist and must stay as they are.
  expect((await postResponse("pleine", parent())).status).toBe(201);
  // The checkpoint folds the WAL into the file, so page_count is the real size.
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
});

describe("a full database", () => {
  it("answers 503 in French with Retry-After, stores nothing, and takes the same id once there is room", async () => {
    const before = footprint();
    const body = parent();
    capAtCurrentSize(true);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const refused = await postResponse("pleine", body);
        expect(refused.status).toBe(503);
        expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
        expect(refused.body?.error?.code).toBe("unavailable");
        // "aborted": SQLite rolled the transaction back itself and Kysely's ROLLBACK error hid
        // SQLITE_FULL (decision 017); either way the message says the response is not stored.
        const reason = (refused.body?.error as { reason?: "full" | "aborted" } | undefined)?.reason;
        expect(["full", "aborted"]).toContain(reason);
        expect(refused.body?.error?.message).toBe(DB_UNAVAILABLE_MESSAGES[reason!]);
        expect(refused.body?.error?.message).toMatch(/n'est pas enregistrée/);
        expect(footprint()).toEqual(before);
      }
    } finally {
      capAtCurrentSize(false);
    }

    // Room again, same connection, no restart: the same id is stored, once, with its totals.
    const accepted = await postResponse("pleine", body);
    expect(accepted.status).toBe(201);
    const after = footprint();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.scores).toBeGreaterThan(before.scores);
    expect(after.verbatims).toBe(before.verbatims + 2);
    expect(after.participation).toBe(before.participation + 1);
    expect((await postResponse("pleine", body)).status).toBe(200);
    expect(footprint()).toEqual(after);
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("still answers what needs no writing: a bad request stays a 400, a retry of a stored response a 200", async () => {
    const stored = parent();
    expect((await postResponse("pleine", stored)).status).toBe(201);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    capAtCurrentSize(true);
    try {
      expect((await postResponse("pleine", stored)).status).toBe(200);
      expect((await postResponse("pleine", { ...parent(), surveyId: 3 })).status).toBe(400);
    } finally {
      capAtCurrentSize(false);
    }
  });

  it("lets other errors through as errors (a bug stays visible)", async () => {
    // A dropped table is a bug, not a full disk: the action throws, Remix answers 500 and logs it.
    sqlite.exec("alter table verbatim rename to verbatim_gone");
    try {
      await expect(postResponse("pleine", parent())).rejects.toThrow(/verbatim/);
    } finally {
      sqlite.exec("alter table verbatim_gone rename to verbatim");
    }
  });
});
