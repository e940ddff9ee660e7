// `npm run seed -- --responses N [--campaign SLUG]`: adds N synthetic responses.
import { parseArgs } from "node:util";
import { getDatabase } from "../app/db.server";
import { addSyntheticResponses, DEMO_SLUG } from "../app/models/demo.server";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000" },
    campaign: { type: "string", default: DEMO_SLUG },
    "into-real-campaign": { type: "boolean", default: false },
  },
});
const count = Number(values.responses);
if (!Number.isInteger(count) || count < 1) {
  console.error("--responses must be a positive whole number");
  process.exit(2);
}

const opened = await getDatabase();
const territory = await opened.db
  .selectFrom("campaign")
  .innerJoin("territory", "territory.id", "campaign.territory_id")
  .select("territory.slug")
  .where("campaign.slug", "=", values.campaign!)
  .executeTakeFirst();
if (!territory) {
  console.error(`No campaign with slug "${values.campaign}".`);
  process.exit(2);
}
// Synthetic answers mixed into a real campaign would distort its figures.
if (territory.slug !== "demo" && !values["into-real-campaign"]) {
  console.error(
    `"${values.campaign}" is not a demo campaign. Synthetic responses would mix with real ones;` +
      " pass --into-real-campaign if that is really what you want (e.g. a test copy).",
  );
  process.exit(2);
}
const started = performance.now();
const added = await addSyntheticResponses(opened, values.campaign!, count, {
  onProgress: (done) => {
    if (done % 100_000 === 0 || done === count) process.stdout.write(`\r${done} / ${count}`);
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(`\nAdded ${added} synthetic responses to "${values.campaign}" in ${seconds.toFixed(1)} s.`);
await opened.db.destroy();
