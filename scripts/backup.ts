// `npm run backup [-- FILE]`: a consistent copy of the database, taken while the server runs,
// to FILE or data/backups/coeduc-<time>.db; checked (integrity_check) before it is reported.
// Restoring is done by hand, server stopped: see docs/operations.md.
import SQLite from "better-sqlite3";
import { parseArgs } from "node:util";
import { getEnv } from "../app/env.server";
import { BackupError, backupDatabase, defaultBackupPath } from "../app/privacy/backup.server";

const USAGE = "Usage: npm run backup [-- FILE]";

function fail(message: string): never {
  console.error(`backup: ${message}\n${USAGE}`);
  process.exit(2);
}

let positionals: string[];
try {
  ({ positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (positionals.length > 1) fail("give at most one destination file");

const databasePath = getEnv().DATABASE_PATH;
const destination = positionals[0] ?? defaultBackupPath(databasePath);
// The raw handle, opened on the existing file only: a backup never creates or migrates a database.
let source: SQLite.Database;
try {
  source = new SQLite(databasePath, { fileMustExist: true });
} catch {
  fail(`no database at ${databasePath} (DATABASE_PATH)`);
}
source.pragma("busy_timeout = 5000");

try {
  const report = await backupDatabase(source, destination);
  const mb = (report.bytes / 1024 / 1024).toFixed(1);
  console.log(
    [
      `Backup written: ${report.file}`,
      `  size:       ${mb} MB (${report.bytes} bytes), in ${(report.milliseconds / 1000).toFixed(1)} s`,
      `  integrity:  ${report.integrity}`,
      `  holds:      ${report.counts.campaigns} campaigns, ${report.counts.responses} responses, ` +
        `${report.counts.verbatims} free texts, ${report.counts.users} accounts, ${report.counts.auditEntries} audit entries`,
      "It holds personal data: keep it as safe as the server, and delete it when it is no longer needed.",
    ].join("\n"),
  );
  if (report.integrity !== "ok") {
    console.error("backup: the copy FAILED its integrity check; do not rely on it.");
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`backup: ${error.message}. Nothing was written.`);
  process.exitCode = 2;
} finally {
  source.close();
}
