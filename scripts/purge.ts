// `npm run purge [-- --dry-run] [--batch N]`: deletes the responses of campaigns whose retention
// has passed (closing date + retention months), with everything made from them. `--dry-run`
// lists what would go and changes nothing. Safe beside a running server: small transactions.
// The rules live in app/privacy/retention.server.ts; this file only reads the command line.
import { parseArgs } from "node:util";
import { getEnv } from "../app/env.server";
import { parisDayOf } from "../app/campaigns/campaign-form";
import {
  DEFAULT_PURGE_BATCH,
  type ExpiredCampaign,
  findExpiredCampaigns,
  purgeExpiredResponses,
} from "../app/privacy/retention.server";
import { openDatabase } from "../db/client";

const USAGE = "Usage: npm run purge [-- --dry-run] [--batch N]";

function fail(message: string): never {
  console.error(`purge: ${message}\n${USAGE}`);
  process.exit(2);
}

let values: { "dry-run"?: boolean; batch?: string };
try {
  values = parseArgs({
    options: { "dry-run": { type: "boolean" }, batch: { type: "string" } },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const batchSize = values.batch === undefined ? DEFAULT_PURGE_BATCH : Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000)
  fail("--batch must be a whole number from 1 to 5000");

const describe = (c: ExpiredCampaign) =>
  `"${c.title}" (${c.slug}, ${c.territoryName}): closed ${parisDayOf(c.closesAt)}, ` +
  `kept ${c.retentionMonths} months (until ${parisDayOf(c.keptUntil)})`;

// Opened directly, not through app/db.server: a purge must never seed demo data.
const { db } = await openDatabase(getEnv().DATABASE_PATH);
try {
  if (values["dry-run"]) {
    const expired = await findExpiredCampaigns(db);
    console.log("Dry run: nothing is deleted.");
    if (expired.length === 0) console.log("No campaign is past its retention.");
    for (const c of expired) {
      console.log(
        `- ${describe(c)}: ${c.responses} responses, ${c.councilAnswers} council answers would go.`,
      );
    }
    if (expired.length > 0) console.log("Run `npm run purge` without --dry-run to delete them.");
  } else {
    const started = performance.now();
    const purged = await purgeExpiredResponses(db, {
      batchSize,
      onProgress: (c, done) => {
        process.stdout.write(`\r${c.slug}: ${done} / ${c.responses}`);
      },
    });
    if (purged.length > 0) process.stdout.write("\n");
    if (purged.length === 0) console.log("No campaign is past its retention: nothing deleted.");
    for (const c of purged) {
      console.log(
        `- ${describe(c)}: deleted ${c.responses} responses, ${c.verbatims} free texts, ` +
          `${c.councilAnswers} council answers from ${c.councilParticipants} phones.`,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    const total = purged.reduce((n, c) => n + c.responses, 0);
    if (purged.length > 0)
      console.log(
        `Purged ${purged.length} campaign(s), ${total} responses, in ${seconds.toFixed(1)} s. See /tableau/journal.`,
      );
  }
} finally {
  await db.destroy();
}
