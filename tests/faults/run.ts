// `npm run test:faults [-- name…]`: the load and fault scenarios against the production
// build, loopback only, each bounded in time. Prints a table, writes
// bench/results/faults-<date>.json, exits non-zero when a check fails.
// Options (environment): FAULTS_SEED, FAULTS_RESPONDENTS, FAULTS_DURATION_S (load and kill),
// FAULTS_KEEP=1 (keep the temporary databases and server logs).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { disk } from "./disk";
import { kill } from "./kill";
import { cleanupAll, ensureBuild, root, type Scenario, type ScenarioResult } from "./lib";
import { load } from "./load";
import { writers } from "./writers";

const all: Scenario[] = [load, kill, disk, writers];
const names = process.argv.slice(2).filter((a) => a !== "--");
const unknown = names.filter((n) => !all.some((s) => s.name === n));
if (unknown.length > 0) {
  console.error(
    `Unknown scenario: ${unknown.join(", ")}. Choose among: ${all.map((s) => s.name).join(", ")}.`,
  );
  process.exit(2);
}
const chosen = names.length > 0 ? all.filter((s) => names.includes(s.name)) : all;
const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1_000_000));

// Whatever happens, no server, child or mount outlives the run.
process.on("exit", cleanupAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    cleanupAll();
    process.exit(130);
  });
}
// A last guard: the whole run can never last longer than the sum of its scenarios' limits.
const total = chosen.reduce((s, x) => s + x.timeoutMs, 0) + 120_000;
setTimeout(() => {
  console.error(`The run exceeded ${Math.round(total / 1000)} s: stopping.`);
  cleanupAll();
  process.exit(1);
}, total).unref();

ensureBuild();
console.log(
  `Fault scenarios: ${chosen.map((s) => s.name).join(", ")}; seed ${seed}; loopback only; ` +
    `servers started with RATE_LIMIT_SUBMISSIONS_PER_MINUTE=0 (all simulated respondents share 127.0.0.1).`,
);

const results: ScenarioResult[] = [];
for (const scenario of chosen) {
  console.log(
    `\n▶ ${scenario.name}: ${scenario.description} (limit ${Math.round(scenario.timeoutMs / 1000)} s)`,
  );
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      scenario.run(seed),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${scenario.timeoutMs / 1000} s`)),
          scenario.timeoutMs,
        );
      }),
    ]);
    results.push({
      name: scenario.name,
      ok: outcome.checks.every((c) => c.ok),
      seconds: Math.round((Date.now() - started) / 1000),
      ...outcome,
    });
  } catch (error) {
    console.error(error);
    results.push({
      name: scenario.name,
      ok: false,
      seconds: Math.round((Date.now() - started) / 1000),
      metrics: {},
      checks: [
        { label: "scenario ran to the end", ok: false, detail: String((error as Error).message ?? error) },
      ],
    });
  } finally {
    clearTimeout(timer);
    // Each scenario leaves nothing running for the next one.
    cleanupAll();
  }
  const last = results.at(-1)!;
  for (const [k, v] of Object.entries(last.metrics)) console.log(`  ${k}: ${v}`);
  for (const c of last.checks) console.log(`  ${c.ok ? "✓" : "✗"} ${c.label}: ${c.detail}`);
}

console.log(`\nFault scenarios, seed ${seed}, ${os.cpus().length} cores, Node ${process.version}`);
console.table(
  results.map((r) => ({
    scenario: r.name,
    result: r.ok ? "pass" : "FAIL",
    seconds: r.seconds,
    checks: `${r.checks.filter((c) => c.ok).length}/${r.checks.length}`,
    acknowledged: r.metrics.acknowledged ?? "",
    "5xx": r.metrics["5xx"] ?? "",
    failed: r.checks
      .filter((c) => !c.ok)
      .map((c) => c.label)
      .join("; "),
  })),
);

const out = path.join(root, "bench/results", `faults-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), seed, node: process.version, cpus: os.cpus().length, results },
    null,
    2,
  ),
);
console.log(`Written to ${path.relative(root, out)}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
