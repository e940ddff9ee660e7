// The production server: the Remix build behind Express, as remix-serve does, with one
// difference that matters — responses are written with backpressure, so a large CSV export
// sent to a slow client never piles up in memory (remix-serve writes every chunk at once).
// See docs/decisions/010-own-server.md.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const root = path.dirname(url.fileURLToPath(import.meta.url));
const buildPath = path.join(root, "build/server/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
const handle = createRequestHandler(build, process.env.NODE_ENV);

/** Headers a client could set to pass for a proxy: read only with TRUST_PROXY. */
const FORWARDED_HEADERS = new Set(["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"]);

/**
 * The web Request for an Express request. Its URL says https only under the rule of `isHttps`
 * and names the host `authorityOf` checked; without TRUST_PROXY the X-Forwarded-* headers are
 * left out, so nothing in the app can read them. Its body is the one `server` read within the
 * route's limit.
 */
function toRequest(req, res) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (!TRUST_PROXY && FORWARDED_HEADERS.has(key)) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  const url = new URL(
    `${isHttps(req) ? "https" : "http"}://${authorityOf(req) || "localhost"}${req.originalUrl}`,
  );
  const controller = new AbortController();
  // Abort loaders and actions when the client leaves before the response is written.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") init.body = req[BOUNDED_BODY] ?? new Uint8Array(0);
  return new Request(url.href, init);
}

/**
 * Writes a web Response to Node's response, waiting for "drain" when the client is slow;
 * `overrides` replace the response's own headers of the same name.
 */
async function send(res, response, overrides = {}) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
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

/**
 * HTTPS: TLS here, or, with TRUST_PROXY, the proxy's X-Forwarded-Proto. The one rule for HSTS
 * and for the app (the web Request's URL is https only then: Secure, `__Host-` cookies).
 */
function isHttps(req) {
  if (req.socket.encrypted) return true;
  return TRUST_PROXY && /^\s*https\s*(,|$)/i.test(req.headers["x-forwarded-proto"] ?? "");
}

/** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing else is a Host. */
const HOST_PATTERN = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The host the client asked for: with TRUST_PROXY, the first X-Forwarded-Host entry when the
 * proxy sent one, else the Host header (as Express's req.hostname and Remix's origin check read
 * them). "" when the request names none (HTTP/1.0), null when it is malformed.
 */
function authorityOf(req) {
  const forwarded = TRUST_PROXY ? (req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() : "";
  const host = forwarded || req.headers.host || "";
  if (host === "") return req.httpVersion === "1.0" ? "" : null;
  if (!HOST_PATTERN.test(host)) return null;
  try {
    new URL(`http://${host}/`); // a port past 65535, an IPv6 address that is not one
    return host;
  } catch {
    return null;
  }
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

/**
 * Paths of the signed-in area and of signing in: their pages, their data requests (the same
 * path with "?_data="), exports and live streams are never kept by a browser or a proxy.
 */
const PRIVATE_PATH = /^\/(?:tableau|connexion|deconnexion)(?:\/|$)/i;
/** A 429 that did not say when to come back (a route's own Retry-After is kept). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Headers every answer of Remix gets on top of its own (docs/decisions/024-request-limits.md). */
function serverRules(req, response) {
  const overrides = {};
  if (PRIVATE_PATH.test(req.path)) overrides["Cache-Control"] = "no-store";
  if (response.status === 429 && !response.headers.has("Retry-After"))
    overrides["Retry-After"] = String(DEFAULT_RETRY_AFTER_SECONDS);
  return overrides;
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
    await send(res, inFrench(request, response), serverRules(req, response));
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
const { answerSubmission, classifyDbError, dbUnavailableAnswer, MAX_SUBMISSION_BYTES } = build.entry.module;
if (
  [answerSubmission, classifyDbError, dbUnavailableAnswer].some((f) => typeof f !== "function") ||
  typeof MAX_SUBMISSION_BYTES !== "number"
) {
  // A build older than this file: refuse to start rather than answer every submission with a 500.
  throw new Error("build/ does not match server.js: run `npm run build` again.");
}
if (build.future?.v3_singleFetch) {
  // Single fetch would make Remix encode answers with turbo-stream 2 (a high advisory) under
  // ".data" URLs that the front door below does not know (docs/decisions/025-single-fetch-off.md).
  throw new Error("build/ has Remix's single fetch on: server.js serves only ?_data= data requests.");
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
/** How long a client whose body was refused has to finish sending it, or to read its answer. */
const LINGER_MS = 5_000;
/** Set on a request whose body is being thrown away. */
const DISCARDING = Symbol("discarding");

/**
 * Throws away the rest of a body that will not be used (too large, or its request refused
 * before reading it). Closing at once would reset the connection under a client still
 * sending, which then loses its answer: the rest is read and dropped, up to
 * DISCARDED_BODY_LIMIT; past that reading stops (TCP then holds the client back) and the
 * connection is closed LINGER_MS after the refusal unless the body has ended by then. The
 * server never holds more than a chunk of it, whatever the client declared.
 */
function discardRest(req) {
  if (req.complete || req[DISCARDING]) return;
  req[DISCARDING] = true;
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  let discarded = 0;
  const onData = (chunk) => {
    discarded += chunk.length;
    if (discarded > DISCARDED_BODY_LIMIT) {
      req.off("data", onData);
      req.pause();
    }
  };
  req.on("data", onData);
  req.once("end", () => clearTimeout(timer));
  socket.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * Reads the body up to `maxBytes` into one buffer, or "too_large": from the declared length
 * without keeping anything, or at the first byte past the limit; the rest is discarded.
 */
function readLimitedBody(req, maxBytes) {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Refused from its declared length, before a byte of it is kept.
    discardRest(req);
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
        return readLimitedBody(req, maxBytes);
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
  if (!bodyRead) discardRest(req);
  res.writeHead(answer.status, headers);
  res.end(body);
  logLine(req, answer.status, headers["Content-Length"], started);
}

/** The access log line, as morgan's "tiny" format writes it for the requests Express answers. */
function logLine(req, status, length, started) {
  const ms = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(3);
  process.stdout.write(`${req.method} ${req.url} ${status} ${length} - ${ms} ms\n`);
}

// Every request passes here first (docs/decisions/024-request-limits.md): what no route can
// answer is refused at once, in French (a page, or JSON under /api/), and a body is read
// before Express only up to its route's limit, so that no form, data request or unknown path
// makes the server hold more than that.

const KiB = 1024;
/** The only methods served; any other is a 405 with `Allow`. */
const METHODS = ["GET", "HEAD", "POST"];
/**
 * Largest body per route: the first pattern matching the path (a data request, "?_data=", has
 * its page's path) wins, else DEFAULT_BODY_LIMIT. A field typed in a form takes up to 9 bytes
 * per character once URL-encoded (an Arabic or accented letter 4 to 6, a line break 6).
 */
const BODY_LIMITS = [
  // Submissions: the API's own limit (its POST is read by the fast lane below, through
  // answerSubmission, which answers its 413 in JSON).
  [/^\/api\/v1\/campaigns\/[^/]+\/responses\/?$/i, MAX_SUBMISSION_BYTES],
  // Coordinator forms with long texts: a council's record (3,000 + 9 × 300 characters), an
  // action (2 × 2,000), a published verbatim (5,000). At most ~52 KB encoded.
  [/^\/tableau\/campagnes\/[^/]+\/(?:actions|verbatims|conseils\/[^/]+)\/?$/i, 128 * KiB],
];
/** Every other form, public or not (consent, erasure, council codes, login, accounts, campaigns…). */
const DEFAULT_BODY_LIMIT = 64 * KiB;

function bodyLimitFor(path) {
  for (const [pattern, limit] of BODY_LIMITS) if (pattern.test(path)) return limit;
  return DEFAULT_BODY_LIMIT;
}

/** Where toRequest finds the body read here. */
const BOUNDED_BODY = Symbol("bounded body");

const hasBody = (req) =>
  req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

/**
 * A form posted by a page of another site. Remix refuses these itself, with an empty 500 and
 * under the same rule (Origin's host against Host, or a trusted proxy's X-Forwarded-Host):
 * answered here as the 403 it is.
 */
function isCrossOrigin(req) {
  const origin = req.headers.origin;
  if (req.method !== "POST" || origin === undefined) return false;
  const host = authorityOf(req);
  try {
    return origin === "null" || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** The page for refusals: no script, nothing loaded. */
const REFUSAL_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const page = (title, message) => `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Coéduc</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Retour à l'accueil de Coéduc</a></p>
</main>
</body>
</html>
`;

const REFUSALS = {
  badRequest: {
    status: 400,
    code: "bad_request",
    title: "Requête mal formée",
    message: "Adresse ou requête mal formée.",
  },
  crossOrigin: {
    status: 403,
    code: "cross_origin",
    title: "Formulaire expiré",
    message:
      "Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré. Rechargez la page, puis recommencez.",
  },
  method: {
    status: 405,
    code: "method_not_allowed",
    title: "Méthode non acceptée",
    message: "Cette méthode n'est pas acceptée ici : seules GET, HEAD et POST le sont.",
    headers: { Allow: METHODS.join(", ") },
  },
  tooLarge: (limit) => ({
    status: 413,
    code: "payload_too_large",
    title: "Envoi trop volumineux",
    message: `Ce qui a été envoyé dépasse ${limit / KiB} Ko : rien n'a été enregistré. Raccourcissez le texte, puis recommencez.`,
  }),
};

/** Answers a refusal: a French page, or JSON under /api/; an unread body is thrown away (discardRest). */
function refuse(req, res, refusal, started) {
  const api = /^\/api\//i.test(req.url ?? "");
  const body = api
    ? JSON.stringify({ error: { code: refusal.code, message: refusal.message } })
    : page(refusal.title, refusal.message);
  const headers = {
    "Content-Security-Policy": api ? API_POLICY : REFUSAL_POLICY,
    ...SECURITY_HEADERS,
    "Content-Type": api ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    ...refusal.headers,
  };
  if (isHttps(req)) headers["Strict-Transport-Security"] = "max-age=31536000";
  discardRest(req);
  res.writeHead(refusal.status, headers);
  res.end(body);
  logLine(req, refusal.status, headers["Content-Length"], started);
}

function frontDoor(req, res) {
  const started = process.hrtime.bigint();
  if (!METHODS.includes(req.method)) return refuse(req, res, REFUSALS.method, started);
  // A target that is not a path (absolute-form) or a malformed host would make no URL.
  if (!(req.url ?? "").startsWith("/") || authorityOf(req) === null)
    return refuse(req, res, REFUSALS.badRequest, started);
  const slug = submissionSlug(req);
  if (slug !== null) {
    answerSubmissionRequest(req, res, slug).catch((error) => {
      // A bug in the lines above: still a French answer, never a hanging request.
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(SERVER_ERROR.body));
    });
    return;
  }
  if (isCrossOrigin(req)) return refuse(req, res, REFUSALS.crossOrigin, started);
  if (!hasBody(req)) return app(req, res);
  const limit = bodyLimitFor((req.url ?? "").split("?")[0]);
  readLimitedBody(req, limit).then(
    (body) => {
      if (body === "too_large") return refuse(req, res, REFUSALS.tooLarge(limit), started);
      req[BOUNDED_BODY] = body;
      app(req, res);
    },
    (error) => {
      if (error !== CLIENT_GONE) console.error(error);
    },
  );
}

/** A plain-text French answer written on the socket itself, where Node gives no response object. */
function answerOnSocket(socket, status, reason, text, extra = "") {
  const body = Buffer.from(`${text}\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}

const server = http.createServer(frontDoor);
// What Node's parser refuses before there is a request (an unknown method, a broken header…):
// French too, with Allow for a method, instead of Node's bare status line.
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent)
    return socket.destroy();
  if (error.code === "HPE_INVALID_METHOD")
    answerOnSocket(
      socket,
      405,
      "Method Not Allowed",
      REFUSALS.method.message,
      `Allow: ${METHODS.join(", ")}\r\n`,
    );
  else if (error.code === "HPE_HEADER_OVERFLOW")
    answerOnSocket(socket, 431, "Request Header Fields Too Large", "En-têtes de la requête trop grands.");
  else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    answerOnSocket(socket, 408, "Request Timeout", "La requête a mis trop de temps à arriver.");
  else answerOnSocket(socket, 400, "Bad Request", REFUSALS.badRequest.message);
});
// CONNECT (a proxy tunnel) never reaches the request handler: Node would just close.
server.on("connect", (_req, socket) =>
  answerOnSocket(
    socket,
    405,
    "Method Not Allowed",
    REFUSALS.method.message,
    `Allow: ${METHODS.join(", ")}\r\n`,
  ),
);
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
