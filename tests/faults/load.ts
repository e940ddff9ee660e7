// load: 200 simulated respondents for 60 s with retries. Zero 5xx; every acknowledged
// response stored exactly once; totals consistent with the rows.
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
  runCrowd,
  type Scenario,
  startServer,
  stopServer,
  tallyMetrics,
  workDir,
} from "./lib";

export const RESPONDENTS = Number(process.env.FAULTS_RESPONDENTS ?? 200);
export const DURATION_MS = Number(process.env.FAULTS_DURATION_S ?? 60) * 1000;
/** Think time between steps: about one submission per respondent every 4 s. */
export const THINK_MS: [number, number] = [1000, 3000];

export const load: Scenario = {
  name: "load",
  description: `${RESPONDENTS} respondents for ${DURATION_MS / 1000} s with retries`,
  timeoutMs: DURATION_MS + 150_000,
  async run(seed) {
    const dir = workDir("load");
    const dbPath = path.join(dir, "coeduc.db");
    const logFile = path.join(dir, "server.log");
    const server = await startServer({ port: await freePort(), dbPath, logFile });
    const tally = newTally();
    try {
      await runCrowd({
        base: () => server.base,
        respondents: RESPONDENTS,
        durationMs: DURATION_MS,
        graceMs: 30_000,
        seed,
        thinkMs: THINK_MS,
        tally,
      });
    } finally {
      await stopServer(server);
    }
    const sqlite = openReadOnly(dbPath);
    try {
      return {
        metrics: {
          ...tallyMetrics(tally),
          "server log SQLite errors": countInLog(logFile, /SqliteError|SQLITE_/),
        },
        checks: [
          check("zero 5xx", tally.serverErrors === 0, `${tally.serverErrors} 5xx answers`),
          check(
            "no valid response refused",
            tally.refused.length === 0,
            `${tally.refused.length} refused ${JSON.stringify(tally.refused.slice(0, 2))}`,
          ),
          check(
            "some load actually went through",
            tally.acknowledged.size > RESPONDENTS,
            `${tally.acknowledged.size} acknowledged`,
          ),
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
