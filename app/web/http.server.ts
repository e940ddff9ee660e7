/**
 * Whether the person reached us over HTTPS. Cookies are marked Secure then (and the session
 * cookie is `__Host-`); over plain HTTP (a laptop on the town hall's network) a Secure cookie
 * would be dropped by the browser and the consent step would loop. Only the request's URL
 * says so: server/client-address.ts makes it https for a TLS connection, or for a proxy's X-Forwarded-Proto
 * when TRUST_PROXY is set, and hands no X-Forwarded-* header to the app otherwise
 * (docs/decisions/024-request-limits.md). A client's own X-Forwarded-Proto changes nothing.
 */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/**
 * An API answer as plain data: what the route module returns as a `Response`, and what
 * server/submission-lane.ts writes directly for the submission endpoint (docs/decisions/019).
 */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A JSON error answer: `{ error: { code, message } }`, message in French. */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): ApiAnswer {
  return { status, body: { error: { code, message, ...extra } } };
}

/** The web Response for an API answer. */
export function toResponse(answer: ApiAnswer): Response {
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

/** A JSON error body: `{ error: { code, message } }`, message in French. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return toResponse(apiError(status, code, message, extra));
}

/** A request body read up to a limit: its bytes, or "too_large" once it went past it. */
export type BodyBytes = Uint8Array | "too_large";

/**
 * Reads a request body without ever holding more than `maxBytes`: a declared length over it
 * is refused before reading, and reading stops at the first byte past it.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<BodyBytes> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return "too_large";
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return "too_large";
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; answer: ApiAnswer };

/**
 * A JSON request body, checked in this order: its type (415), its size (413, the body is
 * read only then), UTF-8 (400), JSON (400), nesting depth (400).
 */
export async function parseJsonBody(
  contentType: string | null,
  readBody: (maxBytes: number) => Promise<BodyBytes>,
  maxBytes: number,
): Promise<JsonBodyResult> {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    return {
      ok: false,
      answer: apiError(
        415,
        "unsupported_media_type",
        "Le corps de la requête doit être en JSON (application/json).",
      ),
    };
  }
  const bytes = await readBody(maxBytes);
  if (bytes === "too_large") {
    return {
      ok: false,
      answer: apiError(
        413,
        "payload_too_large",
        `La requête est trop grande : ${maxBytes / 1024} Ko au plus.`,
      ),
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      answer: apiError(400, "invalid_encoding", "Le corps de la requête n'est pas en UTF-8 valide."),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return {
      ok: false,
      answer: apiError(400, "invalid_json", "Le corps de la requête n'est pas un JSON valide."),
    };
  }
  // JSON.parse copes with any depth, but recursive code after it (JSON.stringify, survey-core)
  // overflows the stack from a few thousand levels: that would be a 500, not a 400.
  if (jsonDepthExceeds(value, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      answer: apiError(400, "invalid_json", "Le corps de la requête est trop imbriqué."),
    };
  }
  return { ok: true, value };
}

/** Deepest nesting of arrays and objects accepted in a JSON body (answers need 3 or 4). */
export const MAX_JSON_DEPTH = 32;

/** Whether arrays/objects nest deeper than `max` levels; iterative, so safe on any input. */
export function jsonDepthExceeds(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth + 1 > max) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The request's form data; an unreadable body (wrong type, truncated, malformed) reads as an
 * empty form, so the action's own validation answers 400/422 instead of a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
