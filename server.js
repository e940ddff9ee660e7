// The production server: the Remix build behind Express, as remix-serve does, with one
// difference that matters — responses are written with backpressure, so a large CSV export
// sent to a slow client never piles up in memory (remix-serve writes every chunk at once).
// See docs/decisions/010-own-server.md.
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const root = path.dirname(url.fileURLToPath(import.meta.url));
const buildPath = path.join(root, "build/server/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
const handle = createRequestHandler(build, process.env.NODE_ENV);

/**
 * The web Request for an Express request (as @remix-run/express builds it); the body is the
 * request's stream, or `body` when it has already been read.
 */
function toRequest(req, res, body) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  // req.hostname follows the "trust proxy" setting; the port comes from the Host header.
  const port = (req.get("X-Forwarded-Host") ?? req.get("host") ?? "").split(":")[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  // Abort loaders and actions when the client leaves before the response is written.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  const init = { method: req.method, headers, signal: controller.signal };
  if (body) init.body = body;
  else if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/** Writes a web Response to Node's response, waiting for "drain" when the client is slow. */
async function send(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let closed = false;
  // One "drain" listener for the whole response: compression forwards res.on("drain") to its
  // gzip stream but not res.off(), so a listener per wait would pile up on that stream.
  let wake = null;
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
      if (!res.write(value) && !closed) await new Promise((resolve) => (wake = resolve));
      // compression buffers; streamed pages (SSR, server-sent events) must go out now.
      if (typeof res.flush === "function") res.flush();
    }
    if (!closed) res.end();
  } finally {
    res.off("close", onClose);
  }
}

// Security headers on every response, with a fresh CSP nonce for Remix's inline scripts
// (docs/decisions/014-web-security.md). Behind a reverse proxy, TRUST_PROXY=true makes the
// client address (rate limits) and HTTPS (HSTS) come from its X-Forwarded-* headers.
const TRUST_PROXY = /^(true|1|yes)$/i.test(process.env.TRUST_PROXY ?? "");
function securityHeaders(req, res, next) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set({
    "Content-Security-Policy":
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
      "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
      "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  });
  // req.secure: TLS here, or X-Forwarded-Proto https from a trusted proxy.
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000");
  next();
}

/**
 * Remix answers an error thrown outside a page (API, resource routes) with "Unexpected Server
 * Error": never a stack, but English. Say it in French (JSON for the API).
 */
function inFrench(request, response) {
  if (response.status !== 500 || !/^text\/plain/.test(response.headers.get("Content-Type") ?? ""))
    return response;
  const message = "Erreur du serveur. Rien n'a été enregistré. Réessayez plus tard.";
  response.body?.cancel().catch(() => {});
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  if (!new URL(request.url).pathname.startsWith("/api/"))
    return new Response(`${message}\n`, { status: 500, headers });
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify({ error: { code: "server_error", message } }), { status: 500, headers });
}

const app = express();
app.disable("x-powered-by");
if (TRUST_PROXY) app.set("trust proxy", 1); // the one proxy in front: its X-Forwarded-For entry
app.use(securityHeaders);
app.use(compression());
// Hashed file names under /assets never change: cache them for a year. Other public
// files (favicon…) keep their names across versions: an hour.
app.use(
  "/assets",
  express.static(path.join(build.assetsBuildDirectory, "assets"), { immutable: true, maxAge: "1y" }),
);
app.use(express.static(build.assetsBuildDirectory, { maxAge: "1h" }));
app.use(morgan("tiny"));

// The submission endpoint is the hot path (a campaign launched at every school gate the same
// morning): its route module's action is called here directly, with the body read into one
// buffer, instead of through Remix's router and a web stream over the Node request. Same
// action, same headers and error handling; it cost half of each submission's CPU time
// (docs/decisions/018-submission-throughput.md). Other methods and paths go through Remix.
const submissionRoute = build.routes["routes/api.v1.campaigns.$slug.responses"]?.module;
/** More than the action accepts (it answers 413 from its own limit), less than a memory risk. */
const BUFFERED_BODY_LIMIT = 1024 * 1024;
async function bufferedRequest(req, res) {
  // Read by hand, not with for await…break: leaving an async iterator destroys the request's
  // socket, and the client would get a reset instead of the 413.
  const chunks = [];
  const complete = await new Promise((resolve, reject) => {
    let size = 0;
    const onData = (chunk) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > BUFFERED_BODY_LIMIT) {
        // Enough to be refused (the action answers 413); the rest is left unread.
        req.off("data", onData);
        req.pause();
        resolve(false);
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(true));
    req.once("error", reject);
  });
  return { request: toRequest(req, res, Buffer.concat(chunks)), complete };
}
if (submissionRoute?.action) {
  app.post("/api/v1/campaigns/:slug/responses", async (req, res, next) => {
    try {
      const { request, complete } = await bufferedRequest(req, res);
      const context = { clientAddress: req.ip, cspNonce: res.locals.cspNonce };
      let response;
      try {
        response = await submissionRoute.action({ request, params: { slug: req.params.slug }, context });
      } catch (thrown) {
        if (thrown instanceof Response) response = thrown;
        else {
          // As Remix does for a resource route: its handleError logs it (and notes a database
          // that cannot write), the client gets a plain 500 that is then said in French.
          build.entry.module.handleError?.(thrown, { request, params: req.params, context });
          response = new Response("Unexpected Server Error", {
            status: 500,
            headers: { "Content-Type": "text/plain; charset=utf-8" },
          });
        }
      }
      // An unread rest of an oversized body would be read as the next request: close instead.
      if (!complete) res.set("Connection", "close");
      await send(res, inFrench(request, build.entry.module.adjustForUnavailableDatabase(request, response)));
    } catch (error) {
      next(error);
    }
  });
}

app.all("*", async (req, res, next) => {
  try {
    const request = toRequest(req, res);
    // Read by the app: the client's address (only ever hashed, for rate limits) and the CSP nonce.
    const context = { clientAddress: req.ip, cspNonce: res.locals.cspNonce };
    // A full or read-only disk is a 503 with Retry-After, not a 500 (docs/decisions/017-faults.md).
    const response = build.entry.module.adjustForUnavailableDatabase(request, await handle(request, context));
    await send(res, inFrench(request, response));
  } catch (error) {
    next(error);
  }
});
// Never a stack trace to the client: a plain French message, the details in the log.
app.use((error, _req, res, _next) => {
  console.error(error);
  if (!res.headersSent && build.entry.module.classifyDbError(error)) {
    res.status(503).set("Retry-After", "30").type("text/plain");
    res.send(
      "Le service est momentanément indisponible. Rien n'a été enregistré. Réessayez dans quelques minutes.\n",
    );
  } else if (!res.headersSent && error?.status === 400) {
    // Express's own refusals, e.g. an address with broken %-encoding: bad input, not a fault.
    res.status(400).type("text/plain").send("Adresse ou requête mal formée.\n");
  } else if (!res.headersSent)
    res.status(500).type("text/plain").send("Erreur du serveur. Réessayez plus tard.\n");
  else res.end();
});

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST, onListen) : app.listen(port, onListen);
function onListen() {
  console.log(`Coéduc: http://localhost:${port}`);
}
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold the close open: give in-flight requests 5 s.
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
