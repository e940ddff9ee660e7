// `npm run bench`: the submission endpoint's throughput and latency against the
// production build, beside a bare node:http + better-sqlite3 floor, on loopback only.
// Prints a table and writes JSON under bench/results/.
import { type ChildProcess, execSync, fork, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { waitFor } from "./http";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
  },
});
const duration = Number(values.duration);
const connectionCounts = values.connections!.split(",").map(Number);
const root = path.resolve(import.meta.dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-bench-"));

/** A complete valid parent response, built from the survey file (answers 3 everywhere). */
function parentPayload() {
  const def = JSON.parse(fs.readFileSync(path.join(root, "surveys/parent.v1.json"), "utf8")) as {
    version: number;
    survey: {
      pages: {
        elements: { name: string; type: string; isRequired?: boolean; choices?: { value: unknown }[] }[];
      }[];
    };
  };
  const answers: Record<string, unknown> = {};
  for (const page of def.survey.pages)
    for (const q of page.elements) {
      if (q.type === "comment") answers[q.name] = "Plus d'activités le mercredi après-midi.";
      else if (q.choices) answers[q.name] = q.choices[Math.min(2, q.choices.length - 1)]!.value;
    }
  return { surveyId: "parent", surveyVersion: def.version, locale: "fr", ageBand: null, answers };
}

async function load(url: string, connections: number) {
  const payload = parentPayload();
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ ...payload, id: crypto.randomUUID() }) }),
      },
    ],
  });
  return {
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.log("Building the app first (npm run build)…");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}

const appPort = 3200;
const floorPort = 3201;
const appDb = path.join(work, "app.db");
const app = spawn(process.execPath, ["server.js"], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(appPort),
    DATABASE_PATH: appDb,
    DEMO_DATA: "true",
    NODE_ENV: "production",
    // autocannon's connections all come from 127.0.0.1: the per-address limit would refuse them.
    RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0",
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const floor = fork(
  path.join(import.meta.dirname, "floor-server.ts"),
  [path.join(work, "floor.db"), String(floorPort)],
  {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  },
);

try {
  await waitFor(`http://127.0.0.1:${appPort}/healthz`);
  await new Promise<void>((resolve) => floor.once("message", () => resolve()));
  const rows = [];
  for (const connections of connectionCounts) {
    // Warm up both servers (JIT, SurveyJS model cache) before measuring.
    await autocannon({ url: `http://127.0.0.1:${appPort}/healthz`, connections: 2, amount: 200 });
    const appResult = await load(`http://127.0.0.1:${appPort}/api/v1/campaigns/demo/responses`, connections);
    const floorResult = await load(`http://127.0.0.1:${floorPort}/`, connections);
    rows.push({
      connections,
      app: appResult,
      floor: floorResult,
      ratio: Number((appResult.requestsPerSecond / floorResult.requestsPerSecond).toFixed(3)),
    });
  }

  // Nothing acknowledged is lost: every 2xx is a row. Requests still in flight when a run
  // ends are stored but never counted by autocannon, so up to one per connection is extra.
  const sqlite = new SQLite(appDb, { readonly: true });
  // Demo data is marked synthetic; what the benchmark sent is not.
  const stored = (
    sqlite.prepare("select count(*) as n from response where synthetic = 0").get() as { n: number }
  ).n;
  sqlite.close();
  const acknowledged = rows.reduce((s, r) => s + r.app.ok, 0);

  console.log(
    `\nSubmission endpoint, ${duration} s per run, loopback, ${os.cpus().length} cores, Node ${process.version}`,
  );
  console.table(
    rows.map((r) => ({
      connections: r.connections,
      "app req/s": r.app.requestsPerSecond,
      "app p50 ms": r.app.p50ms,
      "app p99 ms": r.app.p99ms,
      "app non-2xx": r.app.non2xx + r.app.errors,
      "floor req/s": r.floor.requestsPerSecond,
      "floor p99 ms": r.floor.p99ms,
      "app / floor": r.ratio,
    })),
  );
  // Requests that timed out on the client may still have been stored.
  const inFlight =
    connectionCounts.reduce((a, b) => a + b, 0) + rows.reduce((s, r) => s + r.app.errors + r.app.timeouts, 0);
  console.log(
    `Acknowledged: ${acknowledged}; rows stored: ${stored} (at most ${inFlight} unacknowledged in flight).`,
  );

  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  const out = path.join(
    root,
    "bench/results",
    `submission-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  );
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        duration,
        rows,
        acknowledged,
        stored,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${path.relative(root, out)}`);
  if (stored < acknowledged || stored > acknowledged + inFlight) {
    console.error("Acknowledged responses and stored rows do not match!");
    process.exitCode = 1;
  }
} finally {
  await Promise.all([stop(app), stop(floor)]);
  fs.rmSync(work, { recursive: true, force: true });
}
