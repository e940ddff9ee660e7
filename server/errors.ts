import type { ErrorRequestHandler } from "express";
import type { ServerEntryContract } from "../app/entry.server";
import { DB_UNAVAILABLE_PAGE_TEXT, RETRY_AFTER_SECONDS } from "../app/web/db-errors.server";

// The French answers to a fault: never a stack trace to the client, the details in the log.

/** What a person reads when something of ours broke (a 500), on every path of the server. */
const SERVER_ERROR_MESSAGE = "Erreur du serveur. Rien n'a été enregistré. Réessayez plus tard.";

/** Express's own refusals (e.g. an address with broken %-encoding) and the front door's 400. */
export const BAD_REQUEST_MESSAGE = "Adresse ou requête mal formée.";

export const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";

/** Paths that answer JSON (the API), matched without regard to case, as Remix matches routes. */
export const isApiPath = (path: string): boolean => /^\/api\//i.test(path);

/** The 500 as an API answer (`{ error: { code: "server_error", message } }`), for the fast lane. */
export const SERVER_ERROR_ANSWER = {
  status: 500,
  body: { error: { code: "server_error", message: SERVER_ERROR_MESSAGE } },
} as const;

/** The one 500 body: JSON under /api/, plain text elsewhere. */
export function serverErrorBody(api: boolean): { contentType: string; body: string } {
  return api
    ? { contentType: JSON_TYPE, body: JSON.stringify(SERVER_ERROR_ANSWER.body) }
    : { contentType: TEXT_TYPE, body: `${SERVER_ERROR_MESSAGE}\n` };
}

/**
 * Remix answers an error thrown outside a page (API, resource routes) with "Unexpected Server
 * Error": never a stack, but English. Say it in French (JSON for the API).
 */
export function inFrench(request: Request, response: Response): Response {
  if (response.status !== 500 || !/^text\/plain/.test(response.headers.get("Content-Type") ?? ""))
    return response;
  response.body?.cancel().catch(() => {});
  const { contentType, body } = serverErrorBody(isApiPath(new URL(request.url).pathname));
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.set("Content-Type", contentType);
  return new Response(body, { status: 500, headers });
}

/**
 * Express's error handler, for what the Remix lane throws: an unavailable database is a 503
 * with Retry-After (docs/decisions/017-faults.md), Express's own 400s stay 400s, anything else
 * is the one 500.
 */
export function expressErrorHandler(
  classifyDbError: ServerEntryContract["classifyDbError"],
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    console.error(error);
    if (res.headersSent) {
      res.end();
    } else if (classifyDbError(error)) {
      res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).type("text/plain");
      res.send(`${DB_UNAVAILABLE_PAGE_TEXT}\n`);
    } else if ((error as { status?: unknown } | null)?.status === 400) {
      res.status(400).type("text/plain").send(`${BAD_REQUEST_MESSAGE}\n`);
    } else {
      const { contentType, body } = serverErrorBody(isApiPath(req.path));
      res.status(500).type(contentType).send(body);
    }
  };
}
