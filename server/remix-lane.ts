import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import morgan from "morgan";
import type { ServerEntryContract } from "../app/entry.server";
import type { ClientRule } from "./client-address";
import { expressErrorHandler, inFrench } from "./errors";
import { newNonce, pagePolicy, setSecurityHeaders } from "./headers";
import { keptBody } from "./limits";
import { precompressed } from "./precompressed";

// Every request the fast lane and the front door leave: the Remix build behind Express, as
// remix-serve does, with one difference that matters — responses are written with
// backpressure, so a large CSV export sent to a slow client never piles up in memory
// (remix-serve writes every chunk at once). See docs/decisions/010-own-server.md.

/**
 * The web Request for an Express request. Its URL says https only under the rule of `isHttps`
 * and names the host `authorityOf` checked; without TRUST_PROXY the X-Forwarded-* headers are
 * left out, so nothing in the app can read them. Its body is the one the front door read within
 * the route's limit.
 */
function toRequest(rule: ClientRule, req: ExpressRequest, res: ExpressResponse): Request {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (rule.hides(key)) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  const url = new URL(
    `${rule.isHttps(req) ? "https" : "http"}://${rule.authorityOf(req) || "localhost"}${req.originalUrl}`,
  );
  const controller = new AbortController();
  // Abort loaders and actions when the client leaves before the response is written.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  const init: RequestInit = { method: req.method, headers, signal: controller.signal };
  // A Buffer over a plain ArrayBuffer (Buffer.concat), which TypeScript cannot tell from a shared one.
  if (req.method !== "GET" && req.method !== "HEAD")
    init.body = (keptBody(req) ?? new Uint8Array(0)) as BodyInit;
  return new Request(url.href, init);
}

/**
 * Writes a web Response to Node's response, waiting for "drain" when the client is slow;
 * `overrides` replace the response's own headers of the same name.
 */
async function send(
  res: ExpressResponse,
  response: Response,
  overrides: Record<string, string>,
): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // A route's own header replaces the server's default (a logo's Content-Security-Policy,
  // docs/decisions/030-territory-logo.md); only cookies add up.
  for (const [key, value] of response.headers.entries())
    if (key === "set-cookie") res.append(key, value);
    else res.setHeader(key, value);
  res.set(overrides);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let closed = false;
  // One "drain" listener for the whole response: compression forwards res.on("drain") to its
  // gzip stream but not res.off(), so a listener per wait would pile up on that stream.
  let wake: (() => void) | null = null;
  const resume = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  res.on("drain", resume);
  // A client that goes away cancels the body: a database cursor behind it is released.
  const onClose = () => {
    closed = true;
    reader.cancel().catch(() => {});
    resume();
  };
  res.on("close", onClose);
  try {
    while (!closed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !closed) await new Promise<void>((resolve) => (wake = resolve));
      // compression buffers; streamed pages (SSR, server-sent events) must go out now.
      if (typeof res.flush === "function") res.flush();
    }
    if (!closed) res.end();
  } finally {
    res.off("close", onClose);
  }
}

/**
 * Paths of the signed-in area and of signing in: their pages, their data requests (the same
 * path with "?_data="), exports and live streams are never kept by a browser or a proxy.
 */
const PRIVATE_PATH = /^\/(?:tableau|connexion|deconnexion)(?:\/|$)/i;
/** A 429 that did not say when to come back (a route's own Retry-After is kept). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Headers every answer of Remix gets on top of its own (docs/decisions/024-request-limits.md). */
function serverRules(req: ExpressRequest, response: Response): Record<string, string> {
  const overrides: Record<string, string> = {};
  if (PRIVATE_PATH.test(req.path)) overrides["Cache-Control"] = "no-store";
  if (response.status === 429 && !response.headers.has("Retry-After"))
    overrides["Retry-After"] = String(DEFAULT_RETRY_AFTER_SECONDS);
  return overrides;
}

/** The Express application serving the build's assets and, through Remix, every page and route. */
export function remixLane(
  build: ServerBuild,
  entry: ServerEntryContract,
  rule: ClientRule,
  mode: string,
): express.Express {
  const handle = createRequestHandler(build, mode);
  const app = express();
  app.disable("x-powered-by");
  // The one proxy in front (its X-Forwarded-For entry), under the same TRUST_PROXY as `rule`.
  if (rule.trustProxy) app.set("trust proxy", 1);
  // Security headers on every response, with a fresh CSP nonce for Remix's inline scripts.
  app.use((req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    setSecurityHeaders(res, pagePolicy(nonce), rule.isHttps(req));
    next();
  });
  app.use(compression());
  // Hashed file names under /assets never change: cache them for a year. Other public
  // files (favicon…) keep their names across versions: an hour.
  // Their brotli copies first, to clients that take br (decision 031).
  app.use("/assets", precompressed(path.join(build.assetsBuildDirectory, "assets")));
  app.use(
    "/assets",
    express.static(path.join(build.assetsBuildDirectory, "assets"), { immutable: true, maxAge: "1y" }),
  );
  app.use(express.static(build.assetsBuildDirectory, { maxAge: "1h" }));
  app.use(morgan("tiny"));

  app.all("*", async (req, res, next) => {
    try {
      const request = toRequest(rule, req, res);
      // Read by the app: the client's address (only ever hashed, for rate limits) and the CSP nonce.
      const context = { clientAddress: rule.addressOf(req), cspNonce: res.locals.cspNonce as string };
      // A full or read-only disk is a 503 with Retry-After, not a 500 (docs/decisions/017-faults.md).
      const response = entry.adjustForUnavailableDatabase(request, await handle(request, context));
      await send(res, inFrench(request, response), serverRules(req, response));
    } catch (error) {
      next(error);
    }
  });
  // Never a stack trace to the client: a plain French message, the details in the log.
  app.use(expressErrorHandler(entry.classifyDbError));
  return app;
}
