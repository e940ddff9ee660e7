// kill: the load scenario, with the server killed (SIGKILL, no chance to flush or close) at a
// seeded random moment and restarted on the same database file while respondents keep
// retrying. Every acknowledged response present once, integrity ok, totals consistent.
import path from "node:path";
import { DURATION_MS, RESPONDENTS, THINK_MS } from "./load";
import {
  check,
  checkAcknowledged,
  checkConsistency,
  countInLog,
  freePort,
  integrity,
  newTally,
  openReadOnly,
  rng,
  runCrowd,
  type Scenario,
  type Server,
  sleep,
  startServer,
  stopServer,
  tallyMetrics,
  workDir,
} from "./lib";

export const kill: Scenario = {
  name: "kill",
  description: `${RESPONDENTS} respondents for ${DURATION_MS / 1000} s; SIGKILL and restart of the server during the load`,
  timeoutMs: DURATION_MS + 180_000,
  async run(seed) {
    const dir = workDir("kill");
    const dbPath = path.join(dir, "coeduc.db");
    const logFile = path.join(dir, "server.log");
    const port = await freePort();
    let server: Server = await startServer({ port, dbPath, logFile });
    const tally = newTally();
    // Between 20 % and 70 % of the run: the load is established and continues after.
    const killAtMs = Math.round(DURATION_MS * (0.2 + 0.5 * rng(seed)()));
    let acknowledgedBeforeKill = 0;
    let downMs = 0;
    let restartError: unknown = null;
    const crowd = runCrowd({
      base: () => server.base,
      respondents: RESPONDENTS,
      durationMs: DURATION_MS,
      graceMs: 45_000,
      seed,
      thinkMs: THINK_MS,
      tally,
    });
    const killer = (async () => {
      await sleep(killAtMs);
      acknowledgedBeforeKill = tally.acknowledged.size;
      const killed = Date.now();
      await stopServer(server, "SIGKILL");
      try {
        server = await startServer({ port, dbPath, logFile });
      } catch (error) {
        restartError = error;
      }
      downMs = Date.now() - killed;
    })();
    try {
      await Promise.all([crowd, killer]);
    } finally {
      await stopServer(server);
    }
    const sqlite = openReadOnly(dbPath);
    try {
      return {
        metrics: {
          ...tallyMetrics(tally),
          "killed at s": killAtMs / 1000,
          "acknowledged before kill": acknowledgedBeforeKill,
          "down (kill → healthy) ms": downMs,
          "server log SQLite errors": countInLog(logFile, /SqliteError|SQLITE_/),
        },
        checks: [
          check("server restarted on the same file", restartError === null, String(restartError ?? "yes")),
          check(
            "acknowledgements before and after the kill",
            acknowledgedBeforeKill > 0 && tally.acknowledged.size > acknowledgedBeforeKill,
            `${acknowledgedBeforeKill} before, ${tally.acknowledged.size} in all`,
          ),
          check(
            "zero 5xx",
            tally.serverErrors === 0,
            `${tally.serverErrors} 5xx answers (connection errors while down: ${tally.networkErrors})`,
          ),
          check(
            "no valid response refused",
            tally.refused.length === 0,
            `${tally.refused.length} refused ${JSON.stringify(tally.refused.slice(0, 2))}`,
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
