import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { getDatabase } from "./db.server";
import { NonceProvider } from "./ui/nonce";
import { markUnavailable } from "./web/db-errors.server";

// server/ turns a 500 caused by an unavailable database (full or read-only disk…) into a
// 503 with Retry-After, and classifies errors that reach Express (docs/decisions/017-faults.md).
export { adjustForUnavailableDatabase, classifyDbError, dbUnavailableAnswer } from "./web/db-errors.server";
// server/ answers POST of the submission API itself, without Remix's router (decision 019),
// and bounds that route's bodies with the API's limit (decision 024).
export { answerSubmission } from "./responses/submission-api.server";
export { MAX_SUBMISSION_BYTES } from "./responses/submission";

/**
 * What the production server (server/) takes from this module besides Remix's own entry: the
 * exports above. server/remix-build.ts imports this type and checks the build against it at
 * start-up (docs/decisions/026-typed-server.md).
 */
export interface ServerEntryContract {
  adjustForUnavailableDatabase: typeof import("./web/db-errors.server").adjustForUnavailableDatabase;
  classifyDbError: typeof import("./web/db-errors.server").classifyDbError;
  dbUnavailableAnswer: typeof import("./web/db-errors.server").dbUnavailableAnswer;
  answerSubmission: typeof import("./responses/submission-api.server").answerSubmission;
  MAX_SUBMISSION_BYTES: number;
}

// Open, migrate and (when enabled) seed the database before the first request:
// a broken database stops the start-up instead of failing a respondent's submission.
await getDatabase();

const ABORT_DELAY = 5_000;

/** Remix's default logging, plus a note of requests that met an unavailable database. */
export function handleError(error: unknown, { request }: { request: Request }) {
  markUnavailable(request, isRouteErrorResponse(error) ? (error as { error?: unknown }).error : error);
  if (!request.signal.aborted) console.error(error);
}

/**
 * A page answered 429 (or 503) says when to come back. Remix builds a page's headers only from
 * the routes' `headers` exports (keeping just their Set-Cookie otherwise), so the Retry-After a
 * route's action or loader answered with `json()` would be lost: it is taken here from the
 * deepest route that set one. A data request (`?_data=`) needs none of this: it is the route's
 * own Response, headers and all.
 */
function retryAfterOfRoutes(status: number, headers: Headers, { staticHandlerContext }: EntryContext) {
  if ((status !== 429 && status !== 503) || headers.has("Retry-After")) return;
  for (const match of [...staticHandlerContext.matches].reverse()) {
    const id = match.route.id;
    const value =
      staticHandlerContext.actionHeaders?.[id]?.get("Retry-After") ??
      staticHandlerContext.loaderHeaders?.[id]?.get("Retry-After");
    if (value) {
      headers.set("Retry-After", value);
      return;
    }
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  retryAfterOfRoutes(responseStatusCode, responseHeaders, remixContext);
  // The CSP nonce server/ put in the load context (none under `remix vite:dev`).
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // Bots and no-JS clients get the whole page at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Logged on the server only; the client sees the French error page, never a stack.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
