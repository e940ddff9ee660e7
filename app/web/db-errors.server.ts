import type { ApiAnswer } from "./http.server";

/**
 * Which database failures are "the service is unavailable for a while" (503, try again) rather
 * than a bug (500): a full or read-only disk, an I/O error, a file that cannot be opened, a lock
 * still held after the busy timeout. In all of these SQLite has refused or rolled back the write,
 * so nothing partial is stored and the same request can be sent again (docs/decisions/017-faults.md).
 */

export type DbUnavailableReason = "full" | "readonly" | "io" | "cantopen" | "busy" | "aborted";

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 30;

/** What a respondent reads (plain French, docs/writing.md): what happened, that nothing is lost, what to do. */
export const DB_UNAVAILABLE_MESSAGES: Record<DbUnavailableReason, string> = {
  full: "Le service est momentanément indisponible : le serveur manque de place. Votre réponse n'est pas enregistrée. Réessayez dans quelques minutes.",
  readonly:
    "Le service est momentanément indisponible : le serveur ne peut pas écrire. Votre réponse n'est pas enregistrée. Réessayez dans quelques minutes.",
  io: "Le service est momentanément indisponible. Votre réponse n'est pas enregistrée. Réessayez dans quelques minutes.",
  cantopen:
    "Le service est momentanément indisponible. Votre réponse n'est pas enregistrée. Réessayez dans quelques minutes.",
  busy: "Le service est très demandé en ce moment. Votre réponse n'est pas enregistrée. Réessayez dans une minute.",
  aborted:
    "Le service est momentanément indisponible. Votre réponse n'est pas enregistrée. Réessayez dans quelques minutes.",
};

/** The page-level text (the same for every reason: a visitor needs to know only to come back). */
export const DB_UNAVAILABLE_PAGE_TEXT =
  "Le service est momentanément indisponible. Rien n'a été enregistré. Réessayez dans quelques minutes.";

// SQLite's primary result codes as better-sqlite3 names them (`SqliteError.code`); extended
// codes start with the primary one (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT…).
const BY_PREFIX: [string, DbUnavailableReason][] = [
  ["SQLITE_FULL", "full"],
  ["SQLITE_READONLY", "readonly"],
  ["SQLITE_IOERR", "io"],
  ["SQLITE_CANTOPEN", "cantopen"],
  ["SQLITE_BUSY", "busy"],
  ["SQLITE_LOCKED", "busy"],
];

// After SQLITE_FULL or SQLITE_IOERR at COMMIT, SQLite has already rolled the transaction back;
// Kysely's own ROLLBACK then fails with this message and its error replaces the first one. The
// write did not happen, so it is the same "try again" case (seen on a full tmpfs, see 017).
const AUTO_ROLLED_BACK = /cannot rollback - no transaction is active/i;

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Why the database could not do its work for now, or null when the error is something else
 * (a bug: it stays a 500). Looks through `cause` chains, as wrappers may add them.
 */
export function classifyDbError(error: unknown): DbUnavailableReason | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = codeOf(current);
    if (code) {
      // ENOSPC/EROFS from Node's own fs calls (e.g. the session secret file) mean the same.
      if (code === "ENOSPC") return "full";
      if (code === "EROFS") return "readonly";
      for (const [prefix, reason] of BY_PREFIX) {
        if (code === prefix || code.startsWith(`${prefix}_`)) return reason;
      }
      if (code === "SQLITE_ERROR" && AUTO_ROLLED_BACK.test(String((current as Error).message))) {
        return "aborted";
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function retryHeaders(contentType: string): Headers {
  return new Headers({
    "Content-Type": contentType,
    "Retry-After": String(RETRY_AFTER_SECONDS),
    "Cache-Control": "no-store",
  });
}

/** The API's answer: 503, `{ error: { code: "unavailable", reason, message } }`, Retry-After. */
export function dbUnavailableAnswer(reason: DbUnavailableReason): ApiAnswer {
  return {
    status: 503,
    body: { error: { code: "unavailable", reason, message: DB_UNAVAILABLE_MESSAGES[reason] } },
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  };
}

/** The same as a web Response. */
export function dbUnavailableJson(reason: DbUnavailableReason): Response {
  const answer = dbUnavailableAnswer(reason);
  return new Response(JSON.stringify(answer.body), {
    status: 503,
    headers: retryHeaders("application/json; charset=utf-8"),
  });
}

/** For a caught error: the 503 answer when the database is unavailable, else null (rethrow it). */
export function dbUnavailableResponse(error: unknown): Response | null {
  const reason = classifyDbError(error);
  return reason ? dbUnavailableJson(reason) : null;
}

/** The same as an API answer (the submission endpoint, docs/decisions/019). */
export function dbUnavailableAnswerFor(error: unknown): ApiAnswer | null {
  const reason = classifyDbError(error);
  return reason ? dbUnavailableAnswer(reason) : null;
}

// Requests whose loader or action met an unavailable database (set by entry.server's
// handleError, read when the response leaves): a WeakMap, so nothing outlives the request.
const unavailableRequests = new WeakMap<Request, DbUnavailableReason>();

export function markUnavailable(request: Request, error: unknown): void {
  const reason = classifyDbError(error);
  if (reason) unavailableRequests.set(request, reason);
}

/**
 * Remix answers an error thrown by a loader or an action with 500 (the French error page, a
 * data error, or "Unexpected Server Error" for a resource route). When that error was the
 * database being unavailable, the same answer becomes a 503 with Retry-After; a plain-text
 * body is replaced by the French message. Other responses pass unchanged.
 */
export function adjustForUnavailableDatabase(request: Request, response: Response): Response {
  const reason = unavailableRequests.get(request);
  if (!reason || response.status !== 500) return response;
  const type = response.headers.get("Content-Type") ?? "";
  if (/^text\/plain/i.test(type) || !response.body) {
    void response.body?.cancel();
    if (new URL(request.url).pathname.startsWith("/api/")) return dbUnavailableJson(reason);
    return new Response(`${DB_UNAVAILABLE_PAGE_TEXT}\n`, {
      status: 503,
      headers: retryHeaders("text/plain; charset=utf-8"),
    });
  }
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store");
  return new Response(response.body, { status: 503, statusText: "Service Unavailable", headers });
}
