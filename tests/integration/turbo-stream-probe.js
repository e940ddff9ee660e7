// Loaded into a test server (`node --import`): writes a line to stderr whenever Remix calls
// turbo-stream, whose version 2 has a high advisory that single fetch makes reachable
// (docs/decisions/025-single-fetch-off.md). Remix 2 loads it as CommonJS from
// @remix-run/server-runtime and @remix-run/react; this wraps that one shared module.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const runtime = path.dirname(require.resolve("@remix-run/server-runtime"));
const turboStream = require(require.resolve("turbo-stream", { paths: [runtime] }));
for (const name of ["encode", "decode"]) {
  const original = turboStream[name];
  turboStream[name] = function (...args) {
    process.stderr.write(`turbo-stream ${name} called\n`);
    return original.apply(this, args);
  };
}
process.stdout.write("turbo-stream probe: watching\n");
