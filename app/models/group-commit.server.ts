import { sql } from "kysely";
import type { DB } from "../../db/client";

/** One unit of work of a group commit: its own reads and writes, inside the shared transaction. */
export type GroupWork<T> = (trx: DB) => Promise<T>;

interface Job {
  work: GroupWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Most jobs one transaction takes: bounds how long the first of them waits for its commit
 * (about 0.3 ms of work each for a response) and how long other queries wait for the connection.
 */
export const MAX_GROUP = 64;

// Group commit (docs/decisions/018-submission-throughput.md). With synchronous=FULL every
// commit waits for the disk (fsync of the WAL), and a response's transaction also rewrites
// the same running-total rows as the previous one: committed one by one, responses spent
// most of their time waiting for the disk (56 % of the submission path in a profile). Work
// that arrives while a transaction commits is queued and committed together in the next
// one: one fsync and one copy of each touched page for the whole group. Nothing is waited
// for beyond one turn of the event loop, so latency does not grow at low load. Each job runs inside a SAVEPOINT: a job that throws is undone alone and
// rejected, the others go on. A job's promise resolves only after the COMMIT has returned,
// so what is acknowledged is on disk; if the commit fails, every job of the group is
// rejected and nothing of it is stored.
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
        // Start after the current macrotask, not within it: better-sqlite3 is synchronous and
        // Kysely's awaits are microtasks, so a group started at once would run to its COMMIT
        // before Node reads the next request, and every group would hold one response.
        // setImmediate lets the requests already read in this turn of the event loop join.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        await this.commit(group);
        // Let Node read the requests that arrived during that commit, so they form the next group.
        if (this.queue.length === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // BEGIN/COMMIT by hand rather than db.transaction(): when SQLite has already rolled the
      // transaction back itself (a full disk, an I/O error), Kysely's ROLLBACK fails and its
      // "no transaction is active" would hide the cause; here the cause is what is thrown.
      await this.db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          for (const job of group) {
            await sql`savepoint group_job`.execute(conn);
            try {
              const value = await job.work(conn);
              await sql`release savepoint group_job`.execute(conn);
              outcomes.push({ ok: true, value });
            } catch (error) {
              try {
                // Undo this job's writes only; the transaction goes on for the others.
                await sql`rollback to savepoint group_job`.execute(conn);
                await sql`release savepoint group_job`.execute(conn);
              } catch {
                throw error; // the transaction is gone with it: the whole group fails
              }
              outcomes.push({ ok: false, error });
            }
          }
          await sql`commit`.execute(conn);
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {
            // Already rolled back by SQLite: nothing to undo.
          });
          throw error;
        }
      });
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
 * that transaction is committed. `work` must only use `trx`, and must not keep state between
 * its awaits that another job could change (jobs run one after the other, never interleaved).
 */
export function inGroupCommit<T>(db: DB, work: GroupWork<T>): Promise<T> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer.run(work);
}
