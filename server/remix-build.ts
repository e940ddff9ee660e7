import url from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { ServerEntryContract } from "../app/entry.server";

// The typed contract between this server and the Remix build: Remix's own ServerBuild, plus
// what app/entry.server.tsx exports for the server (ServerEntryContract), checked once at
// start-up instead of read blindly from `build.entry.module` on each request.

/** What each member of the contract must be, checked at run time: a new member must be added here. */
const CONTRACT_KINDS: { readonly [K in keyof ServerEntryContract]: "function" | "number" } = {
  adjustForUnavailableDatabase: "function",
  classifyDbError: "function",
  dbUnavailableAnswer: "function",
  answerSubmission: "function",
  MAX_SUBMISSION_BYTES: "number",
};

/**
 * The server's part of a build's entry module, or an error when the build is older or newer
 * than this server: refuse to start rather than answer every submission with a 500.
 */
export function serverEntryOf(build: ServerBuild): ServerEntryContract {
  const module: Record<string, unknown> = { ...build.entry.module };
  const missing = Object.entries(CONTRACT_KINDS)
    .filter(([name, kind]) => typeof module[name] !== kind)
    .map(([name]) => name);
  if (missing.length > 0)
    throw new Error(`build/ does not match server/ (${missing.join(", ")}): run \`npm run build\` again.`);
  return module as unknown as ServerEntryContract;
}

/** Loads the Remix server build at `buildFile`, and its part of the contract. */
export async function loadRemixBuild(
  buildFile: string,
): Promise<{ build: ServerBuild; entry: ServerEntryContract }> {
  // The build opens, migrates and (when enabled) seeds the database as it loads.
  const build = (await import(url.pathToFileURL(buildFile).href)) as ServerBuild;
  if (typeof build.entry?.module !== "object")
    throw new Error(`${buildFile} is not a Remix server build: run \`npm run build\` again.`);
  if ((build.future as { v3_singleFetch?: boolean } | undefined)?.v3_singleFetch) {
    // Single fetch would make Remix encode answers with turbo-stream 2 (a high advisory) under
    // ".data" URLs that the front door does not know (docs/decisions/025-single-fetch-off.md).
    throw new Error("build/ has Remix's single fetch on: server/ serves only ?_data= data requests.");
  }
  return { build, entry: serverEntryOf(build) };
}
