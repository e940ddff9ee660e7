import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  adjustForUnavailableDatabase,
  classifyDbError,
  DB_UNAVAILABLE_MESSAGES,
  dbUnavailableResponse,
  markUnavailable,
  RETRY_AFTER_SECONDS,
} from "./db-errors.server";

/** An error shaped like better-sqlite3's SqliteError (a `code` string). */
function sqliteError(code: string, message = "x"): Error {
  return Object.assign(new Error(message), { code });
}

describe("classifyDbError", () => {
  it.each([
    ["SQLITE_FULL", "full"],
    ["SQLITE_READONLY", "readonly"],
    ["SQLITE_READONLY_DBMOVED", "readonly"],
    ["SQLITE_READONLY_RECOVERY", "readonly"],
    ["SQLITE_IOERR", "io"],
    ["SQLITE_IOERR_WRITE", "io"],
    ["SQLITE_IOERR_FSYNC", "io"],
    ["SQLITE_CANTOPEN", "cantopen"],
    ["SQLITE_BUSY", "busy"],
    ["SQLITE_BUSY_SNAPSHOT", "busy"],
    ["SQLITE_LOCKED", "busy"],
    ["ENOSPC", "full"],
    ["EROFS", "readonly"],
  ])("%s is %s", (code, reason) => {
    expect(classifyDbError(sqliteError(code))).toBe(reason);
  });

  it.each([
    "SQLITE_CONSTRAINT_PRIMARYKEY",
    "SQLITE_CONSTRAINT_FOREIGNKEY",
    "SQLITE_ERROR",
    "SQLITE_MISMATCH",
    "SQLITE_FULLNESS", // a prefix is not enough: the code must be the name or name_EXTENSION
    "ENOENT",
  ])("%s is a bug, not unavailability", (code) => {
    expect(classifyDbError(sqliteError(code))).toBeNull();
  });

  it("recognises a commit rolled back by SQLite, whose failed ROLLBACK hides the first error", () => {
    expect(classifyDbError(sqliteError("SQLITE_ERROR", "cannot rollback - no transaction is active"))).toBe(
      "aborted",
    );
    expect(classifyDbError(sqliteError("SQLITE_ERROR", "no such table: response"))).toBeNull();
  });

  it("looks through causes and ignores what is not an error", () => {
    expect(classifyDbError(new Error("wrapped", { cause: sqliteError("SQLITE_FULL") }))).toBe("full");
    for (const value of [undefined, null, "SQLITE_FULL", 42, {}, new Error("SQLITE_FULL")]) {
      expect(classifyDbError(value)).toBeNull();
    }
  });

  it("classifies the real errors better-sqlite3 throws", () => {
    const db = new SQLite(":memory:");
    db.exec("create table t (id integer primary key, v text)");
    // A one-page limit: the first row that needs a new page hits SQLITE_FULL.
    db.pragma("max_page_count = 2");
    let full: unknown;
    try {
      for (let i = 0; i < 100; i++) db.prepare("insert into t (v) values (?)").run("x".repeat(1000));
    } catch (error) {
      full = error;
    }
    expect(classifyDbError(full)).toBe("full");
    let constraint: unknown;
    try {
      db.prepare("insert into t (id, v) values (1, 'a')").run();
      db.prepare("insert into t (id, v) values (1, 'a')").run();
    } catch (error) {
      constraint = error;
    }
    expect(classifyDbError(constraint)).toBeNull();
    db.close();
  });
});

describe("dbUnavailableResponse", () => {
  it("answers 503 with a French message, a reason and Retry-After", async () => {
    const response = dbUnavailableResponse(sqliteError("SQLITE_FULL"))!;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(await response.json()).toEqual({
      error: { code: "unavailable", reason: "full", message: DB_UNAVAILABLE_MESSAGES.full },
    });
    expect(DB_UNAVAILABLE_MESSAGES.full).toMatch(/indisponible.*n'est pas enregistrée.*Réessayez/);
  });

  it("is null for other errors, so the caller rethrows them", () => {
    expect(dbUnavailableResponse(new TypeError("oops"))).toBeNull();
  });
});

describe("adjustForUnavailableDatabase", () => {
  const page = () =>
    new Response("<html>Un problème est survenu</html>", {
      status: 500,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });

  it("turns the 500 of a request that met an unavailable database into a 503, keeping the page", async () => {
    const request = new Request("http://localhost/s/demo/parent");
    markUnavailable(request, sqliteError("SQLITE_READONLY"));
    const adjusted = adjustForUnavailableDatabase(request, page());
    expect(adjusted.status).toBe(503);
    expect(adjusted.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(await adjusted.text()).toContain("Un problème est survenu");
  });

  it("replaces Remix's English plain-text error with French (JSON under /api/)", async () => {
    const text = () =>
      new Response("Unexpected Server Error", { status: 500, headers: { "Content-Type": "text/plain" } });
    const resource = new Request("http://localhost/tableau/campagnes/demo/export/reponses.csv");
    markUnavailable(resource, sqliteError("SQLITE_IOERR_WRITE"));
    const plain = adjustForUnavailableDatabase(resource, text());
    expect(plain.status).toBe(503);
    expect(await plain.text()).toMatch(/momentanément indisponible/);
    const api = new Request("http://localhost/api/v1/campaigns/demo/indicators");
    markUnavailable(api, sqliteError("SQLITE_FULL"));
    const json = adjustForUnavailableDatabase(api, text());
    expect(json.status).toBe(503);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  });

  it("leaves other requests and other statuses alone", () => {
    const bug = new Request("http://localhost/a");
    markUnavailable(bug, new TypeError("a bug"));
    expect(adjustForUnavailableDatabase(bug, page()).status).toBe(500);
    const unmarked = new Request("http://localhost/b");
    expect(adjustForUnavailableDatabase(unmarked, page()).status).toBe(500);
    const ok = new Request("http://localhost/c");
    markUnavailable(ok, sqliteError("SQLITE_FULL"));
    const fine = new Response("ok", { status: 200 });
    expect(adjustForUnavailableDatabase(ok, fine)).toBe(fine);
  });
});
