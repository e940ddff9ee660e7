// `npm run bench:dashboard` (also part of `npm run bench`): server time of the campaign
// dashboard, the indicators API and the national view, and the CSV exports' time and the
// server's peak memory, against the production build and the database in DATABASE_PATH
// (default ./data/coeduc.db). Meant to run after
// `npm run seed -- --responses 1000000 --territories 250`. Loopback only.
// A temporary admin account is created for the run and deleted at the end (its logins and
// exports stay in the audit log under its bench-… e-mail address).
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { signIn, waitFor } from "./http";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "skip-all-exports": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const root = path.resolve(import.meta.dirname, "..");
const databasePath = path.resolve(root, process.env.DATABASE_PATH ?? "./data/coeduc.db");
if (!fs.existsSync(databasePath)) {
  console.error(`No database at ${databasePath}. Run: npm run seed -- --responses 1000000 --territories 250`);
  process.exit(2);
}
process.env.DATABASE_PATH = databasePath;
process.env.DEMO_DATA = "false";

const { getDatabase } = await import("../app/db.server");
const { createUser } = await import("../app/accounts/user.server");
const opened = await getDatabase();
const { db } = opened;

const email = `bench-${crypto.randomBytes(4).toString("hex")}@coeduc.invalid`;
const password = crypto.randomBytes(18).toString("base64url");
const adminId = await createUser(db, { email, role: "admin", password, territorySlugs: [] });

const counts = await db
  .selectFrom("participation_daily")
  .innerJoin("campaign", "campaign.id", "participation_daily.campaign_id")
  .select((eb) => ["campaign.slug as slug", eb.fn.sum<number>("participation_daily.n").as("n")])
  .groupBy("campaign.slug")
  .orderBy("n", "desc")
  .execute();
const totalResponses = counts.reduce((s, c) => s + Number(c.n), 0);
const largest = counts[0];
if (!largest) {
  console.error("The database has no responses.");
  process.exit(2);
}
const surveysOf = async (slug: string) =>
  (
    await db
      .selectFrom("campaign_survey")
      .innerJoin("campaign", "campaign.id", "campaign_survey.campaign_id")
      .select("campaign_survey.survey_id as surveyId")
      .where("campaign.slug", "=", slug)
      .execute()
  ).map((r) => r.surveyId);

if (!fs.existsSync(path.join(root, "build/server/index.js")))
  execSync("npm run build", { cwd: root, stdio: "inherit" });
const port = 3210;
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["server.js"], {
  cwd: root,
  // Login attempts are limited per address; the script is one address. (No anonymous posts here.)
  env: { ...process.env, PORT: String(port), NODE_ENV: "production" },
  stdio: ["ignore", "ignore", "inherit"],
});

/** Peak resident memory of the server process so far (Linux /proc), in MiB. */
function serverPeakMiB(): number {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return hwm ? Math.round(Number(hwm[1]) / 1024) : Number.NaN;
}
function serverRssMiB(): number {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, "utf8");
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  return rss ? Math.round(Number(rss[1]) / 1024) : Number.NaN;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

try {
  await waitFor(`${base}/healthz`);
  const { cookie } = await signIn(base, email, password);
  const headers = { Cookie: cookie };

  async function timed(label: string, url: string) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${url}`, { headers });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t;
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      if (i >= 3) times.push(ms);
      bytes = body.byteLength;
    }
    return {
      label,
      url,
      runs: RUNS,
      medianMs: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
      bytes,
    };
  }

  const pages = [
    await timed("indicators API (largest territory)", `/api/v1/campaigns/${largest.slug}/indicators`),
    await timed("campaign dashboard (largest territory)", `/tableau/campagnes/${largest.slug}`),
    // What the browser asks when it navigates to the dashboard: the page route's loader data
    // (`?_data=`; root's and the layout's come in requests of their own).
    await timed(
      "campaign dashboard data only",
      `/tableau/campagnes/${largest.slug}?_data=${encodeURIComponent("routes/tableau.campagnes.$slug._index")}`,
    ),
    await timed("national view (250 territories)", `/tableau/national`),
  ];

  async function exportCampaign(slug: string) {
    let bytes = 0;
    let rows = 0;
    for (const surveyId of await surveysOf(slug)) {
      const res = await fetch(
        `${base}/tableau/campagnes/${slug}/export/reponses.csv?questionnaire=${surveyId}`,
        { headers },
      );
      if (!res.ok) throw new Error(`export ${slug}/${surveyId}: ${res.status}`);
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const b of value) if (b === 10) rows += 1;
      }
      rows -= 1; // header line
    }
    return { bytes, rows };
  }

  const rssBefore = serverRssMiB();
  let t = performance.now();
  const one = await exportCampaign(largest.slug);
  const largestExport = {
    campaign: largest.slug,
    responses: Number(largest.n),
    rows: one.rows,
    megabytes: Math.round(one.bytes / 1e6),
    seconds: Number(((performance.now() - t) / 1000).toFixed(1)),
    serverPeakMiB: serverPeakMiB(),
  };

  // A slow client (a town hall's weak connection): read the largest export at about
  // 300 KB/s for 15 s, then hang up. With backpressure the server's memory stays flat; without
  // it, the server would hold everything it had produced but not yet sent.
  const slow = await (async () => {
    const res = await fetch(
      `${base}/tableau/campagnes/${largest.slug}/export/reponses.csv?questionnaire=parent`,
      {
        headers: { ...headers, "Accept-Encoding": "identity" },
      },
    );
    const reader = res.body!.getReader();
    const started = performance.now();
    let bytes = 0;
    let maxRss = serverRssMiB();
    const startRss = maxRss;
    while (performance.now() - started < 15_000) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      maxRss = Math.max(maxRss, serverRssMiB());
      await new Promise((r) => setTimeout(r, Math.max(1, value.byteLength / 300)));
    }
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 500));
    return {
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      megabytesRead: Number((bytes / 1e6).toFixed(1)),
      serverRssAtStartMiB: startRss,
      serverRssMaxMiB: maxRss,
      serverRssAfterMiB: serverRssMiB(),
    };
  })();

  let allExport: Record<string, number> | null = null;
  if (!values["skip-all-exports"]) {
    t = performance.now();
    let bytes = 0;
    let rows = 0;
    for (const c of counts) {
      const r = await exportCampaign(c.slug);
      bytes += r.bytes;
      rows += r.rows;
    }
    allExport = {
      campaigns: counts.length,
      rows,
      megabytes: Math.round(bytes / 1e6),
      seconds: Number(((performance.now() - t) / 1000).toFixed(1)),
      serverPeakMiB: serverPeakMiB(),
    };
  }

  console.log(
    `\nDashboards and exports on ${totalResponses} responses, ${counts.length} campaigns (${os.cpus().length} cores, Node ${process.version})`,
  );
  console.table(
    pages.map((p) => ({
      what: p.label,
      "median ms": p.medianMs,
      "p95 ms": p.p95Ms,
      KB: Math.round(p.bytes / 1024),
    })),
  );
  console.log(`Server memory before exports: ${rssBefore} MiB resident.`);
  console.table([{ what: `responses CSV, largest territory (${largest.slug})`, ...largestExport }]);
  console.table([{ what: "slow client (~300 KB/s), largest territory, 15 s then hangs up", ...slow }]);
  if (allExport) console.table([{ what: "responses CSV, every campaign one after another", ...allExport }]);

  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  const out = path.join(
    root,
    "bench/results",
    `dashboard-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  );
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        totalResponses,
        campaigns: counts.length,
        pages,
        rssBefore,
        largestExport,
        allExport,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${path.relative(root, out)}`);
} finally {
  server.kill("SIGTERM");
  // The account goes; its audit lines stay (the log is never edited), naming it by e-mail.
  await db.deleteFrom("user").where("id", "=", adminId).execute();
  await db.destroy();
}
