// The production server (`npm start`, `node server.js`): compiled by `npm run build` into
// build/server/main.js, beside the Remix server build it serves (docs/decisions/026-typed-server.md).
import http from "node:http";
import path from "node:path";
import url from "node:url";
import { getEnv } from "../app/env.server";
import { clientRule } from "./client-address";
import { frontDoor } from "./front-door";
import { bodyLimits } from "./limits";
import { answerClientError, answerConnect } from "./refusals";
import { loadRemixBuild } from "./remix-build";
import { remixLane } from "./remix-lane";
import { submissionLane } from "./submission-lane";

// The one write to the environment: the server runs in production unless told otherwise, set
// before anything reads it (React in the build, Express, getEnv). Everything else is read
// through getEnv(), checked by app/env.server.ts's schema.
process.env.NODE_ENV ??= "production";
const env = getEnv();

const here = path.dirname(url.fileURLToPath(import.meta.url));
const { build, entry } = await loadRemixBuild(path.join(here, "index.js"));
const rule = clientRule(env.TRUST_PROXY);
const app = remixLane(build, entry, rule, env.NODE_ENV);

const server = http.createServer(
  frontDoor({
    rule,
    submissionLane: submissionLane(entry, rule),
    bodyLimitFor: bodyLimits(entry.MAX_SUBMISSION_BYTES),
    remixLane: app,
  }),
);
server.on("clientError", answerClientError);
server.on("connect", answerConnect);

const onListen = () => console.log(`Coéduc: http://localhost:${env.PORT}`);
if (env.HOST) server.listen(env.PORT, env.HOST, onListen);
else server.listen(env.PORT, onListen);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold the close open: give in-flight requests 5 s.
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
