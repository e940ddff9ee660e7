// `npm run seed -- --responses N [--campaign SLUG | --territories T]`: adds N synthetic
// responses to a demo campaign, or spreads them over T synthetic territories (created if
// needed) for benchmarks.
import { parseArgs } from "node:util";
import { getDatabase } from "../app/db.server";
import { addSyntheticResponses, DEMO_SLUG } from "../app/demo/demo.server";
import {
  ensureSyntheticTerritories,
  seedAcross,
  SYNTHETIC_TERRITORY_PREFIX,
} from "../app/demo/synthetic.server";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000" },
    campaign: { type: "string" },
    territories: { type: "string" },
    "into-real-campaign": { type: "boolean", default: false },
  },
});
const count = Number(values.responses);
const territories = values.territories === undefined ? undefined : Number(values.territories);
if (!Number.isInteger(count) || count < 1) {
  console.error("--responses must be a positive whole number");
  process.exit(2);
}
if (territories !== undefined && (!Number.isInteger(territories) || territories < 1 || territories > 5000)) {
  console.error("--territories must be a whole number from 1 to 5000");
  process.exit(2);
}
if (territories !== undefined && values.campaign) {
  console.error("Use either --campaign or --territories.");
  process.exit(2);
}

const opened = await getDatabase();
const started = performance.now();
const progress = (done: number) => {
  if (done % 100_000 < 5000 || done === count) process.stdout.write(`\r${done} / ${count}`);
};

if (territories !== undefined) {
  const slugs = await ensureSyntheticTerritories(opened, territories);
  const spread = await seedAcross(opened, slugs, count, progress);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nAdded ${count} synthetic responses over ${territories} territories (${SYNTHETIC_TERRITORY_PREFIX}…) in ${seconds.toFixed(1)} s;` +
      ` largest: ${spread[0]!.slug} with ${spread[0]!.count}.`,
  );
} else {
  const slug = values.campaign ?? DEMO_SLUG;
  const territory = await opened.db
    .selectFrom("campaign")
    .innerJoin("territory", "territory.id", "campaign.territory_id")
    .select("territory.slug")
    .where("campaign.slug", "=", slug)
    .executeTakeFirst();
  if (!territory) {
    console.error(`No campaign with slug "${slug}".`);
    process.exit(2);
  }
  // Synthetic answers mixed into a real campaign would distort its figures.
  const synthetic = territory.slug === "demo" || territory.slug.startsWith(SYNTHETIC_TERRITORY_PREFIX);
  if (!synthetic && !values["into-real-campaign"]) {
    console.error(
      `"${slug}" is not a demo campaign. Synthetic responses would mix with real ones;` +
        " pass --into-real-campaign if that is really what you want (e.g. a test copy).",
    );
    process.exit(2);
  }
  const added = await addSyntheticResponses(opened, slug, count, {
    onProgress: (done) => {
      if (done % 100_000 === 0 || done === count) process.stdout.write(`\r${done} / ${count}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nAdded ${added} synthetic responses to "${slug}" in ${seconds.toFixed(1)} s.`);
}
await opened.db.destroy();
