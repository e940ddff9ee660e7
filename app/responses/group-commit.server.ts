import type SQLite from "better-sqlite3";
import { type DB, prepareCached, sqliteOf } from "../../db/client";

/**
 * What a unit of work of a group commit can do inside the shared transaction: run statements
 * on the connection, and hand rows to a batch that is written once for the whole group.
 */
export interface GroupTransaction {
  sqlite: SQLite.Database;
  /**
   * Adds `item` to the group's batch `key`; once every job has run, `flush` is called once per
   * batch with the items of the jobs that succeeded, before the COMMIT. A throwing flush fails
   * the whole group (nothing of it is stored).
   */
  batch<T>(key: string, item: T, flush: (sqlite: SQLite.Database, items: T[]) => void): void;
}

/** One unit of work: synchronous statements only (better-sqlite3), inside the shared transaction. */
export type GroupWork<T> = (trx: GroupTransaction) => T;

interface Job {
  work: GroupWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  items: unknown[];
  flush: (sqlite: SQLite.Database, items: unknown[]) => void;
}

/**
 * Most jobs one transaction takes: bounds how long the first of them waits for its commit
 * (about 0.1 ms of work each for a response) and how long other queries wait for the connection.
 */
export const MAX_GROUP = 64;

// Group commit (docs/decisions/018-submission-throughput.md, 019-submission-fast-lane.md).
// With synchronous=FULL every commit waits for the disk (fsync of the WAL), and a response's
// transaction also rewrites the same running-total rows as the previous one: committed one by
// one, responses spent most of their time waiting for the disk. Work that arrives while a
// transaction commits is queued and committed together in the next one: one fsync and one
// copy of each touched page for the whole group, and the running totals summed across the
// group (batch). Nothing is waited for beyond one turn of the event loop, so latency does not
// grow at low load. Each job runs inside a SAVEPOINT: a job that throws is undone alone and
// rejected, the others go on. A job's promise resolves only after the COMMIT has returned, so
// what is acknowledged is on disk; if the commit fails, every job of the group is rejected
// and nothing of it is stored.
//
// The work is synchronous, on the raw connection: a group runs from BEGIN to COMMIT in one go,
// without the microtask hops of an async query builder (most of a response's database time
// was spent there). It holds Kysely's connection meanwhile, so no Kysely transaction (a
// coordinator's action, an erasure) can interleave with it.
class GroupCommitter {
  private queue: Job[] = [];
  private running = false;
  /** Transactions committed and jobs run (for tests and the benchmark). */
  readonly stats = { groups: 0, jobs: 0 };

  constructor(private readonly db: DB) {}

  run<T>(work: GroupWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Start after the current macrotask, not within it: the requests already read in this
        // turn of the event loop join the group instead of each committing alone.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.db.connection().execute(async () => this.commit(group));
        } catch (error) {
          // The connection could not be had (a database closed under us): every job of the
          // group is told, none is left waiting.
          for (const job of group) job.reject(error);
        }
        // Let Node read the requests that arrived during that commit, so they form the next group.
        if (this.queue.length === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private commit(group: Job[]): void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const batches = new Map<string, Batch>();
    try {
      const sqlite = sqliteOf(this.db);
      const run = (text: string) => prepareCached(sqlite, text).run();
      // BEGIN/COMMIT by hand: when SQLite has already rolled the transaction back itself (a
      // full disk, an I/O error), a ROLLBACK would fail and its "no transaction is active"
      // would hide the cause; here the cause is what is thrown.
      run("begin immediate");
      try {
        for (const job of group) {
          const pending: [string, unknown, Batch["flush"]][] = [];
          const trx: GroupTransaction = {
            sqlite,
            batch: (key, item, flush) => pending.push([key, item, flush as Batch["flush"]]),
          };
          run("savepoint group_job");
          try {
            const value = job.work(trx);
            run("release savepoint group_job");
            outcomes.push({ ok: true, value });
            for (const [key, item, flush] of pending) {
              const batch = batches.get(key) ?? { items: [], flush };
              batch.items.push(item);
              batches.set(key, batch);
            }
          } catch (error) {
            if (!sqlite.inTransaction) throw error; // the transaction is gone with it: the whole group fails
            try {
              // Undo this job's writes only; the transaction goes on for the others.
              run("rollback to savepoint group_job");
              run("release savepoint group_job");
            } catch {
              throw error; // the cause, not the failed undo
            }
            outcomes.push({ ok: false, error });
          }
        }
        for (const batch of batches.values()) batch.flush(sqlite, batch.items);
        run("commit");
      } catch (error) {
        if (sqlite.inTransaction) run("rollback"); // else already rolled back by SQLite
        throw error;
      }
      this.stats.groups += 1;
      this.stats.jobs += group.length;
    } catch (error) {
      // The commit (or the transaction) failed: nothing of the group is stored.
      for (const job of group) job.reject(error);
      return;
    }
    group.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}

const committers = new WeakMap<DB, GroupCommitter>();

/** How many transactions carried how many jobs so far on this database. */
export function groupCommitStats(db: DB): { groups: number; jobs: number } {
  return { ...(committers.get(db)?.stats ?? { groups: 0, jobs: 0 }) };
}

/**
 * Runs `work` in a transaction shared with the other work queued meanwhile, and resolves once
 * that transaction is committed. `work` is synchronous and must only use `trx`.
 */
export function inGroupCommit<T>(db: DB, work: GroupWork<T>): Promise<T> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer.run(work);
}
