// One writer process of the "writers" scenario: submits responses through the app's own
// model function, on its own connection to the shared database file, with a short random
// pause between writes, until the deadline. Any throw is a failure (an SQLITE_BUSY that would reach a user).
import { openDatabase } from "../../db/client";
import { submitResponse } from "../../app/responses/response.server";
import { parentPayload, rng, SECRET, SLUG } from "./lib";

const [dbPath, durationMs, seed, pauseMs] = process.argv.slice(2);
const { db, sqlite } = await openDatabase(dbPath!);
const random = rng(Number(seed));
const deadline = Date.now() + Number(durationMs);
const acknowledged: string[] = [];
const outcomes: Record<string, number> = {};
const errors: { code: string; message: string }[] = [];
while (Date.now() < deadline) {
  const payload = parentPayload(random);
  try {
    const result = await submitResponse(db, SLUG, payload, SECRET);
    outcomes[result.kind] = (outcomes[result.kind] ?? 0) + 1;
    if (result.kind === "created" || result.kind === "retried") acknowledged.push(payload.id);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    errors.push({ code: e.code ?? "?", message: String(e.message).slice(0, 200) });
    outcomes.thrown = (outcomes.thrown ?? 0) + 1;
  }
  // A pause of 0 to 2×pauseMs between writes (0: back to back, the lock never rests).
  const pause = Number(pauseMs) * 2 * random();
  if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
}
sqlite.close();
process.send!({ acknowledged, outcomes, errors }, () => process.exit(0));
