// `npm run seed -- --responses N [--campaign SLUG]`: adds N synthetic responses.
import { parseArgs } from "node:util";
import { getDatabase } from "../app/db.server";
import { addSyntheticResponses, DEMO_SLUG } from "../app/models/demo.server";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000" },
    campaign: { type: "string", default: DEMO_SLUG },
  },
});
const count = Number(values.responses);
if (!Number.isInteger(count) || count < 1) {
  console.error("--responses must be a positive whole number");
  process.exit(2);
}

const opened = await getDatabase();
const started = performance.now();
const added = await addSyntheticResponses(opened, values.campaign!, count, {
  onProgress: (done) => {
    if (done % 100_000 === 0 || done === count) process.stdout.write(`\r${done} / ${count}`);
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(`\nAdded ${added} synthetic responses to "${values.campaign}" in ${seconds.toFixed(1)} s.`);
await opened.db.destroy();
