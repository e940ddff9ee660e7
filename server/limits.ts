import type { IncomingMessage } from "node:http";

// Request bodies are read here, before Express and Remix, and never past their route's limit
// (docs/decisions/024-request-limits.md); a refused body is thrown away without being held.

export const KiB = 1024;

/** Thrown when the client went away before its body was read: there is no one to answer. */
export const CLIENT_GONE = Symbol("client gone");

/** Past the limit, how much more of a body is read and thrown away so that the client gets its 413. */
const DISCARDED_BODY_LIMIT = 4 * 1024 * 1024;
/** How long a client whose body was refused has to finish sending it, or to read its answer. */
const LINGER_MS = 5_000;

/** Every other form, public or not (consent, erasure, council codes, login, accounts, campaigns…). */
const DEFAULT_BODY_LIMIT = 64 * KiB;

/**
 * Largest body per route: the first pattern matching the path (a data request, "?_data=", has
 * its page's path) wins, else DEFAULT_BODY_LIMIT. A field typed in a form takes up to 9 bytes
 * per character once URL-encoded (an Arabic or accented letter 4 to 6, a line break 6).
 * `maxSubmissionBytes`: the submission API's own limit (MAX_SUBMISSION_BYTES of the build).
 */
export function bodyLimits(maxSubmissionBytes: number): (path: string) => number {
  const limits: readonly (readonly [RegExp, number])[] = [
    // Submissions: the API's own limit (its POST is read by the fast lane, through
    // answerSubmission, which answers its 413 in JSON).
    [/^\/api\/v1\/campaigns\/[^/]+\/responses\/?$/i, maxSubmissionBytes],
    // Coordinator forms with long texts: a council's record (3,000 + 9 × 300 characters), an
    // action (2 × 2,000), a published verbatim (5,000). At most ~52 KB encoded.
    [/^\/tableau\/campagnes\/[^/]+\/(?:actions|verbatims|conseils\/[^/]+)\/?$/i, 128 * KiB],
    // A territory's logo (200 KB at most, docs/decisions/030-territory-logo.md): up to 1 MiB
    // reaches the form, which answers on its own page with the size allowed; past it, the 413 page.
    [/^\/tableau\/territoires\/[^/]+\/logo\/?$/i, 1024 * KiB],
  ];
  return (path) => {
    for (const [pattern, limit] of limits) if (pattern.test(path)) return limit;
    return DEFAULT_BODY_LIMIT;
  };
}

/** Whether the request announces a body (a length above 0, or chunks). */
export const hasBody = (req: IncomingMessage): boolean =>
  req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

/** Requests whose body is being thrown away. */
const discarding = new WeakSet<IncomingMessage>();

/**
 * Throws away the rest of a body that will not be used (too large, or its request refused
 * before reading it). Closing at once would reset the connection under a client still
 * sending, which then loses its answer: the rest is read and dropped, up to
 * DISCARDED_BODY_LIMIT; past that reading stops (TCP then holds the client back) and the
 * connection is closed LINGER_MS after the refusal unless the body has ended by then. The
 * server never holds more than a chunk of it, whatever the client declared.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || discarding.has(req)) return;
  discarding.add(req);
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  let discarded = 0;
  const onData = (chunk: Buffer) => {
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
 * Rejects with CLIENT_GONE when the client leaves first.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too_large"> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Refused from its declared length, before a byte of it is kept.
    discardRest(req);
    return Promise.resolve("too_large");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const onData = (chunk: Buffer) => {
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

/** Bodies read within their limit by the front door, for the web Request handed to Remix. */
const boundedBodies = new WeakMap<IncomingMessage, Buffer>();

export function keepBody(req: IncomingMessage, body: Buffer): void {
  boundedBodies.set(req, body);
}

/** The body the front door read for this request, if any. */
export function keptBody(req: IncomingMessage): Buffer | undefined {
  return boundedBodies.get(req);
}
