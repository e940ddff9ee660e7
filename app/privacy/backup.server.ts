// A consistent copy of the live database, taken while the server runs, then checked
// (docs/operations.md, docs/decisions/015-retention-and-backup.md). `npm run backup` drives it.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

export interface BackupReport {
  file: string;
  bytes: number;
  /** `PRAGMA integrity_check` on the copy: "ok" or SQLite's first problems. */
  integrity: string;
  counts: { campaigns: number; responses: number; verbatims: number; users: number; auditEntries: number };
  milliseconds: number;
}

/** `data/backups/coeduc-2026-11-27T03-40-12Z.db` beside the database: a name that sorts by date. */
export function defaultBackupPath(databasePath: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return path.join(path.dirname(path.resolve(databasePath)), "backups", `coeduc-${stamp}.db`);
}

export class BackupError extends Error {}

/**
 * Copies the database with SQLite's online backup API into `destination` (never over an
 * existing file), then checks the copy. The first step copies a few pages; every later step
 * copies all that remain, inside one read transaction: a write by the server in between only
 * restarts the copy, which then sees one committed state, all of it. The server's writers
 * are never blocked (WAL: a reader does not stop a writer).
 */
export async function backupDatabase(source: SQLite.Database, destination: string): Promise<BackupReport> {
  const started = performance.now();
  const target = path.resolve(destination);
  if (source.name && path.resolve(source.name) === target)
    throw new BackupError("the backup cannot be written over the database itself");
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose another name`);
  // Responses are personal data: the folder and the copy are readable by this account only.
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // A file made beforehand gets the 0600 mode; SQLite writes into it.
  fs.closeSync(fs.openSync(target, "wx", 0o600));
  try {
    await source.backup(target, { progress: ({ totalPages }) => totalPages + 1000 });
    const report = checkCopy(target);
    return { ...report, milliseconds: Math.round(performance.now() - started) };
  } catch (error) {
    // A half-written copy must not be mistaken for a backup.
    for (const f of [target, `${target}-wal`, `${target}-shm`, `${target}-journal`])
      fs.rmSync(f, { force: true });
    throw error;
  }
}

/**
 * Opens a copy, makes it one self-contained file (rollback journal: no -wal beside it to
 * forget when moving it), and returns its integrity check and what it holds.
 */
export function checkCopy(file: string): Omit<BackupReport, "milliseconds"> {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const problems = copy.pragma("integrity_check") as { integrity_check: string }[];
    const integrity = problems.map((p) => p.integrity_check).join("; ");
    const count = (table: string) =>
      (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return {
      file,
      bytes: fs.statSync(file).size,
      integrity,
      counts: {
        campaigns: count("campaign"),
        responses: count("response"),
        verbatims: count("verbatim"),
        users: count("user"),
        auditEntries: count("audit_log"),
      },
    };
  } finally {
    copy.close();
  }
}
