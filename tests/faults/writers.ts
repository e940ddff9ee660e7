// writers: 4 processes writing through the app's submitResponse on the same database file,
// with short random pauses (FAULTS_WRITER_PAUSE_MS, mean 50 ms), while the server takes submissions from simulated respondents, for
// 20 s. No SQLITE_BUSY may reach anyone: no 5xx from the server, no throw in the writers;
// every acknowledged write present once.
import { fork } from "node:child_process";
import path from "node:path";
import {
  check,
  checkAcknowledged,
  checkConsistency,
  countInLog,
  freePort,
  integrity,
  newTally,
  openReadOnly,
  root,
  runCrowd,
  type Scenario,
  startServer,
  stopServer,
  tallyMetrics,
  track,
  workDir,
} from "./lib";

const WRITERS = 4;
const DURATION_MS = 20_000;
const RESPONDENTS = 100;
/**
 * Mean pause between two writes of a writer process. 0 makes every process write back to
 * back: five processes then fight for the lock without rest and SQLite's busy handler (not
 * fair, not queued) can leave one waiting past busy_timeout (see decision 017).
 */
const PAUSE_MS = Number(process.env.FAULTS_WRITER_PAUSE_MS ?? 50);

interface ChildReport {
  acknowledged: string[];
  outcomes: Record<string, number>;
  errors: { code: string; message: string }[];
}

export const writers: Scenario = {
  name: "writers",
  description: `${WRITERS} writer processes (submitResponse, mean pause ${PAUSE_MS} ms) + the server under ${RESPONDENTS} respondents, ${DURATION_MS / 1000} s, one database file`,
  timeoutMs: DURATION_MS + 120_000,
  async run(seed) {
    const dir = workDir("writers");
    const dbPath = path.join(dir, "coeduc.db");
    const logFile = path.join(dir, "server.log");
    const server = await startServer({ port: await freePort(), dbPath, logFile });
    const tally = newTally();
    const reports: Promise<ChildReport>[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const child = track(
        fork(
          path.join(import.meta.dirname, "writer-child.ts"),
          [dbPath, String(DURATION_MS), String(seed * 100 + i), String(PAUSE_MS)],
          {
            cwd: root,
            execArgv: ["--import", "tsx"],
            env: { ...process.env, DATABASE_PATH: dbPath, NODE_ENV: "production", DEMO_DATA: "false" },
            stdio: ["ignore", "inherit", "inherit", "ipc"],
          },
        ),
      );
      reports.push(
        new Promise((resolve, reject) => {
          child.once("message", (m) => resolve(m as ChildReport));
          child.once("exit", (code) => reject(new Error(`writer ${i} exited (${code}) without a report`)));
        }),
      );
    }
    let children: ChildReport[];
    try {
      [children] = await Promise.all([
        Promise.all(reports),
        runCrowd({
          base: () => server.base,
          respondents: RESPONDENTS,
          durationMs: DURATION_MS,
          graceMs: 20_000,
          seed,
          thinkMs: [500, 1500],
          tally,
        }),
      ]);
    } finally {
      await stopServer(server);
    }
    const writerAcks = children.flatMap((c) => c.acknowledged);
    const writerErrors = children.flatMap((c) => c.errors);
    const outcomes: Record<string, number> = {};
    for (const c of children)
      for (const [k, v] of Object.entries(c.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    // The writers' acknowledgements join the server's: all must be stored once.
    for (const id of writerAcks) tally.acknowledged.add(id);
    const sqlite = openReadOnly(dbPath);
    try {
      return {
        metrics: {
          ...tallyMetrics(tally),
          "writer processes": WRITERS,
          "writer mean pause ms": PAUSE_MS,
          "writer outcomes": JSON.stringify(outcomes),
          "writer writes/s": Math.round(writerAcks.length / (DURATION_MS / 1000)),
          "server log SQLite errors": countInLog(logFile, /SQLITE_[A-Z_]+/),
        },
        checks: [
          check(
            "no throw in the writer processes",
            writerErrors.length === 0,
            writerErrors.length
              ? `${writerErrors.length} errors, e.g. ${JSON.stringify([...new Map(writerErrors.map((e) => [e.code + e.message, e])).values()].slice(0, 3))}`
              : `${writerAcks.length} writes`,
          ),
          check("zero 5xx from the server", tally.serverErrors === 0, `${tally.serverErrors} 5xx answers`),
          check("no valid response refused", tally.refused.length === 0, `${tally.refused.length} refused`),
          ...checkAcknowledged(sqlite, tally),
          ...integrity(sqlite),
          ...(await checkConsistency(sqlite)),
        ],
      };
    } finally {
      sqlite.close();
    }
  },
};
