/**
 * `npm run backup`: a copy taken while another connection keeps committing responses is
 * whole (integrity_check), holds every response committed before it began, and one committed
 * state only (each response with its running total); restored as docs/operations.md says, the
 * app's database layer starts on it and the dashboard shows the same figures.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type OpenedDatabase } from "../../db/client";
import { getEnv } from "~/env.server";
import { seededRandom } from "~/demo/seeded-random";
import { syntheticAnswers } from "~/demo/synthetic";
import { BackupError, backupDatabase, defaultBackupPath } from "~/privacy/backup.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { addSyntheticResponses } from "~/demo/demo.server";
import { campaignIndicators } from "~/indicators/indicators.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { createCampaign, getTestDb, postResponse } from "./fixtures";

const require = createRequire(import.meta.url);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-backup-"));
let opened: OpenedDatabase;

// Another connection, in its own thread, as the server would be: each response committed with
// its running total in one transaction. It reports how many it has committed.
const WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const crypto = require("node:crypto");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare(
  "INSERT INTO response (id, campaign_id, survey_id, survey_version, audience, age_band, locale, answers, content_hash, erasure_hash, submitted_at) " +
  "VALUES (?, ?, 'parent', 1, 'P', NULL, 'fr', '{}', ?, ?, ?)");
const total = db.prepare(
  "INSERT INTO participation_daily (campaign_id, day, audience, age_band, locale, n) VALUES (?, ?, 'P', '', 'fr', 1) " +
  "ON CONFLICT (campaign_id, day, audience, age_band, locale) DO UPDATE SET n = n + 1");
const one = db.transaction((campaignId) => {
  const now = new Date().toISOString();
  insert.run(crypto.randomUUID(), campaignId, crypto.randomBytes(32).toString("hex"), crypto.randomBytes(32).toString("hex"), now);
  total.run(campaignId, now.slice(0, 10));
});
let stop = false;
let committed = 0;
parentPort.on("message", (m) => { if (m === "stop") stop = true; });
function loop() {
  for (let i = 0; i < 5 && !stop; i++) { one(workerData.campaignId); committed++; }
  parentPort.postMessage(committed);
  if (stop) { db.close(); parentPort.postMessage("stopped"); } else setImmediate(loop);
}
loop();
`;

function startWriter(file: string, campaignId: number) {
  const worker = new Worker(WRITER, {
    eval: true,
    workerData: { file, campaignId, driver: require.resolve("better-sqlite3") },
  });
  const state = { committed: 0, error: null as unknown };
  worker.on("message", (m) => {
    if (typeof m === "number") state.committed = m;
  });
  worker.on("error", (e) => (state.error = e));
  const until = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!predicate()) {
      if (state.error) throw state.error;
      if (Date.now() > deadline) throw new Error(`writer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const stop = async () => {
    const stopped = new Promise<void>((resolve) => worker.on("message", (m) => m === "stopped" && resolve()));
    worker.postMessage("stop");
    await stopped;
    await worker.terminate();
  };
  return { state, until, stop };
}

const count = (db: SQLite.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(sql).get(...params) as { n: number }).n;

beforeAll(async () => {
  opened = await getTestDb();
  const { db } = opened;
  await createCampaign(db, { slug: "sauvegarde", title: "Questionnaire sauvegardé" });
  await createCampaign(db, { slug: "pendant", title: "Réponses pendant la sauvegarde" });
  // Real submissions (scores, totals, free texts), then enough bulk ones for a file of several
  // MB: the copy takes long enough for the writer to commit while it runs.
  const random = seededRandom(11);
  for (let i = 0; i < 40; i++) {
    const surveyId = (["parent", "youth", "young-adult"] as const)[i % 3]!;
    const res = await postResponse("sauvegarde", {
      id: crypto.randomUUID(),
      surveyId,
      surveyVersion: 1,
      locale: "fr",
      ageBand: { parent: null, youth: "15-17", "young-adult": "18-25" }[surveyId],
      answers: syntheticAnswers(getSurveyDefinition(surveyId, 1)!, random),
    });
    expect(res.status).toBe(201);
  }
  await addSyntheticResponses(opened, "sauvegarde", 6000, { seed: 12 });
}, 120_000);

describe("backup while responses keep arriving", () => {
  it(
    "is whole, holds what was committed before it, one state only, and restores",
    { timeout: 120_000 },
    async () => {
      const { db, sqlite } = opened;
      const campaign = (await findCampaignBySlug(db, "sauvegarde"))!;
      const during = (await findCampaignBySlug(db, "pendant"))!;
      const dashboardBefore = JSON.stringify(await campaignIndicators(db, campaign));

      const writer = startWriter(getEnv().DATABASE_PATH, during.id);
      await writer.until(() => writer.state.committed >= 50, "50 commits");
      // On a busy machine the writer thread may not run during a short copy: try again (a new
      // file each time) until one copy was taken while it committed.
      let attempt = 0;
      let committedBefore: Set<string>;
      let atStart: number;
      let destination: string;
      let report: Awaited<ReturnType<typeof backupDatabase>>;
      let duringBackup: number;
      do {
        attempt += 1;
        committedBefore = new Set(
          (sqlite.prepare("SELECT id FROM response").all() as { id: string }[]).map((r) => r.id),
        );
        atStart = writer.state.committed;
        destination = path.join(dir, `copie-${attempt}.db`);
        report = await backupDatabase(sqlite, destination);
        duringBackup = writer.state.committed - atStart;
      } while (duringBackup === 0 && attempt < 5);
      await writer.until(() => writer.state.committed >= atStart + duringBackup + 50, "50 more commits");
      await writer.stop();
      const finalCount = count(sqlite, "SELECT count(*) AS n FROM response");

      // The other connection committed while the copy was being taken.
      expect(duringBackup).toBeGreaterThan(0);
      expect(report.integrity).toBe("ok");
      expect(report.bytes).toBe(fs.statSync(destination).size);
      expect(report.bytes).toBeGreaterThan(2 * 1024 * 1024);
      expect((fs.statSync(destination).mode & 0o777).toString(8)).toBe("600");
      // One self-contained file: nothing beside it to forget when moving it.
      expect(fs.existsSync(`${destination}-wal`)).toBe(false);

      const copy = new SQLite(destination, { readonly: true });
      const inCopy = new Set(
        (copy.prepare("SELECT id FROM response").all() as { id: string }[]).map((r) => r.id),
      );
      expect([...committedBefore].filter((id) => !inCopy.has(id))).toEqual([]);
      expect(report.counts.responses).toBe(inCopy.size);
      // Later commits are left out, whole: each response copied came with its running total.
      expect(inCopy.size).toBeLessThan(finalCount);
      const writerRows = count(copy, "SELECT count(*) AS n FROM response WHERE campaign_id = ?", during.id);
      const writerTotal = count(
        copy,
        "SELECT coalesce(sum(n), 0) AS n FROM participation_daily WHERE campaign_id = ?",
        during.id,
      );
      expect(writerTotal).toBe(writerRows);
      copy.close();
      console.log(
        `backup: ${(report.bytes / 1024 / 1024).toFixed(1)} MB, ${report.counts.responses} responses in ${report.milliseconds} ms; ` +
          `${duringBackup} commits by the other connection while it ran, ${finalCount - inCopy.size} after the copy's state`,
      );

      // Restore as docs/operations.md says: (server stopped) the current file and its -wal/-shm
      // moved aside, the backup copied in place, then the server started (it migrates first).
      const live = path.join(dir, "data", "coeduc.db");
      fs.mkdirSync(path.dirname(live), { recursive: true });
      for (const f of [live, `${live}-wal`, `${live}-shm`]) fs.writeFileSync(f, "damaged");
      const aside = path.join(dir, "data", "avant-restauration");
      fs.mkdirSync(aside);
      for (const f of [live, `${live}-wal`, `${live}-shm`])
        if (fs.existsSync(f)) fs.renameSync(f, path.join(aside, path.basename(f)));
      fs.copyFileSync(destination, live);

      const restored = await openDatabase(live);
      await migrate(restored.db); // a second start: nothing to do, no error
      expect(restored.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      const restoredCampaign = (await findCampaignBySlug(restored.db, "sauvegarde"))!;
      expect(JSON.stringify(await campaignIndicators(restored.db, restoredCampaign))).toBe(dashboardBefore);
      expect(count(restored.sqlite, "SELECT count(*) AS n FROM response")).toBe(inCopy.size);
      expect(restored.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      await restored.db.destroy();
    },
  );

  it("never writes over an existing file or the database itself", async () => {
    const taken = path.join(dir, "deja-la.db");
    fs.writeFileSync(taken, "a file someone keeps");
    await expect(backupDatabase(opened.sqlite, taken)).rejects.toThrow(BackupError);
    expect(fs.readFileSync(taken, "utf8")).toBe("a file someone keeps");
    await expect(backupDatabase(opened.sqlite, getEnv().DATABASE_PATH)).rejects.toThrow(BackupError);
  });

  it("names default copies by date beside the database", () => {
    expect(defaultBackupPath("./data/coeduc.db", new Date("2026-11-27T03:40:12.345Z"))).toBe(
      path.resolve("data/backups/coeduc-2026-11-27T03-40-12Z.db"),
    );
  });

  it("npm run backup prints the copy's size, check and contents", { timeout: 60_000 }, () => {
    const file = path.join(dir, "cli", "copie-cli.db");
    const out = execFileSync("npx", ["tsx", "scripts/backup.ts", file], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_PATH: getEnv().DATABASE_PATH },
      timeout: 60_000,
    });
    expect(out).toContain(`Backup written: ${file}`);
    expect(out).toMatch(/size: +\d+\.\d MB \(\d+ bytes\)/);
    expect(out).toContain("integrity:  ok");
    expect(out).toMatch(/holds: +2 campaigns, \d+ responses/);
    expect(fs.existsSync(file)).toBe(true);
  });
});
