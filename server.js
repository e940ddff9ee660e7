// The production server: the Remix build behind Express, as remix-serve does, with one
// difference that matters — responses are written with backpressure, so a large CSV export
// sent to a slow client never piles up in memory (remix-serve writes every chunk at once).
// See docs/decisions/010-own-server.md.
import crypto from "node:crypto";
import http from "node:http";
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

/** The web Request for an Express request (as @remix-run/express builds it). */
function toRequest(req, res) {
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
  if (req.method !== "GET" && req.method !== "HEAD") {
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
const SECURITY_HEADERS = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};
const pagePolicy = (nonce) =>
  `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
  "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/** A JSON answer loads nothing, runs nothing and may be framed by no one. */
const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The client's address: with TRUST_PROXY, the one the proxy saw (its X-Forwarded-For entry, the last). */
function clientAddressOf(req) {
  if (TRUST_PROXY) {
    const hops = (req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean); // as Express's proxy-addr: empty entries are skipped
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return req.socket.remoteAddress ?? null;
}

/** HTTPS: TLS here, or, with TRUST_PROXY, the proxy's X-Forwarded-Proto. */
function isHttps(req) {
  if (req.socket.encrypted) return true;
  return TRUST_PROXY && /^\s*https\s*(,|$)/i.test(req.headers["x-forwarded-proto"] ?? "");
}

function securityHeaders(req, res, next) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set({ "Content-Security-Policy": pagePolicy(nonce), ...SECURITY_HEADERS });
  if (isHttps(req)) res.set("Strict-Transport-Security", "max-age=31536000");
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

app.all("*", async (req, res, next) => {
  try {
    const request = toRequest(req, res);
    // Read by the app: the client's address (only ever hashed, for rate limits) and the CSP nonce.
    const context = { clientAddress: clientAddressOf(req), cspNonce: res.locals.cspNonce };
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

// The submission endpoint is the hot path (a campaign launched at every school gate the same
// morning). Its POST is answered here, before Express: answerSubmission is the endpoint itself
// (the route module calls it too), given the few headers it reads and the body on demand, and
// its plain answer is written as JSON. Express's middleware, Remix's router and the web
// Request/Response objects cost more than the submission's own work
// (docs/decisions/019-submission-fast-lane.md). Every other request goes to Express.
const { answerSubmission, classifyDbError, dbUnavailableAnswer } = build.entry.module;
if ([answerSubmission, classifyDbError, dbUnavailableAnswer].some((f) => typeof f !== "function")) {
  // A build older than this file: refuse to start rather than answer every submission with a 500.
  throw new Error("build/ does not match server.js: run `npm run build` again.");
}
// Case-insensitive, as Remix matches paths.
const SUBMISSION_PATH = /^\/api\/v1\/campaigns\/([^/?#]+)\/responses\/?(?:\?.*)?$/i;

/** The campaign's slug when `req` posts a submission, else null (a broken %-encoding is Express's 400). */
function submissionSlug(req) {
  if (req.method !== "POST") return null;
  const match = SUBMISSION_PATH.exec(req.url ?? "");
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Thrown when the client went away before its body was read: there is no one to answer. */
const CLIENT_GONE = Symbol("client gone");

/** Past the limit, how much more of a body is read and thrown away so that the client gets its 413. */
const DISCARDED_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Reads and drops the rest of a refused body: a client still sending when the connection
 * closes gets a broken pipe, not the 413. One sending more than that is cut off.
 */
function discardRest(req) {
  let discarded = 0;
  req.on("data", (chunk) => {
    discarded += chunk.length;
    if (discarded > DISCARDED_BODY_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/**
 * Reads the body up to `maxBytes` into one buffer, or "too_large": from the declared length
 * without keeping anything, or at the first byte past the limit; the rest is discarded.
 */
function readLimitedBody(req, res, maxBytes) {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Too much to read for nothing: the answer closes the connection instead.
    if (declared - maxBytes > DISCARDED_BODY_LIMIT) res.setHeader("Connection", "close");
    else discardRest(req);
    return Promise.resolve("too_large");
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        discardRest(req);
        resolve("too_large");
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onGone = () => {
      cleanup();
      reject(CLIENT_GONE);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("close", onGone);
  });
}

const SERVER_ERROR = {
  status: 500,
  body: {
    error: {
      code: "server_error",
      message: "Erreur du serveur. Rien n'a été enregistré. Réessayez plus tard.",
    },
  },
};

async function answerSubmissionRequest(req, res, slug) {
  const started = process.hrtime.bigint();
  let bodyRead = false;
  let answer;
  try {
    answer = await answerSubmission({
      slug,
      contentType: req.headers["content-type"] ?? null,
      cookie: req.headers.cookie ?? null,
      clientAddress: clientAddressOf(req),
      readBody: (maxBytes) => {
        bodyRead = true;
        return readLimitedBody(req, res, maxBytes);
      },
    });
  } catch (error) {
    if (error === CLIENT_GONE) return;
    // As for any other route (Express's error handler): the details in the log, a French
    // answer to the client; an unavailable database is a 503 the phone retries later.
    console.error(error);
    const reason = classifyDbError(error);
    answer = reason ? dbUnavailableAnswer(reason) : SERVER_ERROR;
  }
  const body = JSON.stringify(answer.body);
  const headers = {
    "Content-Security-Policy": API_POLICY,
    ...SECURITY_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...answer.headers,
  };
  if (isHttps(req)) headers["Strict-Transport-Security"] = "max-age=31536000";
  // Refused before its body was read (415, 429): Node would read all of it, however large.
  // Read and drop it within the same bound as an oversized body, or close.
  if (!bodyRead && !req.complete) {
    const declared = Number(req.headers["content-length"] ?? "NaN");
    if (Number.isFinite(declared) && declared > DISCARDED_BODY_LIMIT) headers.Connection = "close";
    else discardRest(req);
  }
  res.writeHead(answer.status, headers);
  res.end(body);
  // The access log line, as morgan's "tiny" format writes it for every other request.
  const ms = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(3);
  process.stdout.write(`POST ${req.url} ${answer.status} ${headers["Content-Length"]} - ${ms} ms\n`);
}

const server = http.createServer((req, res) => {
  const slug = submissionSlug(req);
  if (slug === null) app(req, res);
  else
    answerSubmissionRequest(req, res, slug).catch((error) => {
      // A bug in the lines above: still a French answer, never a hanging request.
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(SERVER_ERROR.body));
    });
});
const port = Number(process.env.PORT ?? 3000);
if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
else server.listen(port, onListen);
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
