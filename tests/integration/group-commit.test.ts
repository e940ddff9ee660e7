import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { type DB, openDatabase } from "../../db/client";
import {
  type GroupTransaction,
  groupCommitStats,
  inGroupCommit,
  MAX_GROUP,
} from "~/responses/group-commit.server";
import { getTestDb } from "./fixtures";

// Group commit: work queued while a transaction commits shares the next one. What a user
// would notice if it were wrong: an acknowledged response missing, a refused one stored,
// one failing response taking others down with it.

let db: DB;
beforeAll(async () => {
  db = (await getTestDb()).db;
  await sql`create table if not exists gc_probe (id integer primary key, label text not null)`.execute(db);
});

async function labels(): Promise<string[]> {
  const rows = await sql<{ label: string }>`select label from gc_probe order by id`.execute(db);
  return rows.rows.map((r) => r.label);
}

function insert(label: string) {
  return ({ sqlite }: GroupTransaction) => {
    sqlite.prepare("insert into gc_probe (label) values (?)").run(label);
    return label;
  };
}

describe("inGroupCommit", () => {
  it("runs work arriving together in fewer transactions, and every acknowledged write is there", async () => {
    await sql`delete from gc_probe`.execute(db);
    const before = groupCommitStats(db);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => inGroupCommit(db, insert(`r${i}`))),
    );
    const after = groupCommitStats(db);
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    expect((await labels()).sort()).toEqual(results.slice().sort());
    expect(after.jobs - before.jobs).toBe(40);
    // The first job starts at once; the 39 queued behind it share one or two transactions.
    expect(after.groups - before.groups).toBeLessThanOrEqual(3);
  });

  it("groups work that arrives in separate callbacks of one turn of the event loop, as HTTP requests do", async () => {
    // Each request is its own callback, with the microtasks run in between: a group that
    // started at once would commit before the next request is even read.
    const before = groupCommitStats(db);
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          new Promise<string>((resolve, reject) =>
            setTimeout(() => inGroupCommit(db, insert(`t${i}`)).then(resolve, reject), 0),
          ),
      ),
    );
    const after = groupCommitStats(db);
    expect(results).toHaveLength(20);
    expect(after.jobs - before.jobs).toBe(20);
    expect(after.groups - before.groups).toBeLessThanOrEqual(2);
  });

  it("never puts more than MAX_GROUP jobs in one transaction", async () => {
    const before = groupCommitStats(db);
    await Promise.all(
      Array.from({ length: MAX_GROUP * 2 + 1 }, (_, i) => inGroupCommit(db, insert(`m${i}`))),
    );
    const after = groupCommitStats(db);
    expect(after.groups - before.groups).toBeGreaterThanOrEqual(3);
  });

  it("undoes and rejects only the job that throws; the others of its group are stored", async () => {
    await sql`delete from gc_probe`.execute(db);
    const outcomes = await Promise.allSettled([
      inGroupCommit(db, insert("a")),
      inGroupCommit(db, insert("b")),
      inGroupCommit(db, (trx) => {
        insert("half-done")(trx);
        throw new Error("refused midway");
      }),
      inGroupCommit(db, insert("c")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error("refused midway"));
    expect(await labels()).toEqual(["a", "b", "c"]);
  });

  it("rejects every job of a group whose commit fails, and stores none of them", async () => {
    await sql`delete from gc_probe`.execute(db);
    await sql`create table if not exists gc_parent (id integer primary key)`.execute(db);
    await sql`create table if not exists gc_child (parent integer not null references gc_parent(id))`.execute(
      db,
    );
    // A deferred foreign key violation fails at COMMIT, after every job has run.
    await sql`pragma defer_foreign_keys = on`.execute(db);
    // Queued in one turn of the event loop: the three form one group.
    const group = [
      inGroupCommit(db, insert("x")),
      inGroupCommit(db, ({ sqlite }) => {
        sqlite.pragma("defer_foreign_keys = on");
        sqlite.prepare("insert into gc_child (parent) values (999)").run();
        return "orphan";
      }),
      inGroupCommit(db, insert("y")),
    ];
    const outcomes = await Promise.allSettled(group);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await labels()).toEqual([]);
    // The writer goes on afterwards.
    await expect(inGroupCommit(db, insert("after"))).resolves.toBe("after");
    expect(await labels()).toEqual(["after"]);
  });

  it("writes a batch once per group, with the items of the jobs that succeeded only", async () => {
    await sql`delete from gc_probe`.execute(db);
    const flushes: string[][] = [];
    const flush = (sqlite: GroupTransaction["sqlite"], items: string[]) => {
      flushes.push(items);
      sqlite.prepare("insert into gc_probe (label) values (?)").run(`sum:${items.join("+")}`);
    };
    const job =
      (label: string, fail = false) =>
      (trx: GroupTransaction) => {
        insert(label)(trx);
        trx.batch("sum", label, flush);
        if (fail) throw new Error("refused");
        return label;
      };
    const outcomes = await Promise.allSettled([
      inGroupCommit(db, job("a")),
      inGroupCommit(db, job("b", true)),
      inGroupCommit(db, job("c")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(flushes).toEqual([["a", "c"]]);
    expect(await labels()).toEqual(["a", "c", "sum:a+c"]);
  });

  it("a batch that fails takes its whole group with it", async () => {
    await sql`delete from gc_probe`.execute(db);
    const outcomes = await Promise.allSettled(
      ["p", "q"].map((label) =>
        inGroupCommit(db, (trx) => {
          insert(label)(trx);
          trx.batch("broken", label, () => {
            throw new Error("totals could not be written");
          });
          return label;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(await labels()).toEqual([]);
  });

  it("rejects the jobs of a database that was closed, instead of leaving them waiting", async () => {
    const closed = await openDatabase(":memory:");
    await closed.db.destroy();
    await expect(inGroupCommit(closed.db, () => "never")).rejects.toThrow(/destroyed/);
  });

  it("a full database fails with SQLITE_FULL (the cause, not a rollback error); what resolved is stored", async () => {
    await sql`delete from gc_probe`.execute(db);
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count;
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(db);
    try {
      await inGroupCommit(db, insert("first"));
      const group = [
        inGroupCommit(db, insert("small")),
        inGroupCommit(db, (trx) => insert("x".repeat(200_000))(trx)),
        inGroupCommit(db, insert("after-big")),
      ];
      const outcomes = await Promise.allSettled(group);
      const big = outcomes[1]!;
      expect(big.status).toBe("rejected");
      expect((big as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_FULL" });
      for (const o of outcomes) {
        if (o.status === "rejected") expect((o.reason as { code?: string }).code).toBe("SQLITE_FULL");
      }
      const stored = await labels();
      const resolved = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      expect(stored).toEqual(["first", ...resolved]);
      expect(stored).not.toContain("x".repeat(200_000));
    } finally {
      await sql`pragma max_page_count = 1073741823`.execute(db);
    }
  });
});
