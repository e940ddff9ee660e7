import type { Submission } from "./submission";

export type SendOutcome =
  /**
   * Acknowledged. `erasureCode` is null when the server already had this response without this
   * device's secret (sent before an update of the page): stored, but no code to show.
   */
  | { kind: "stored"; erasureCode: string | null }
  /** No answer or a server fault: keep the answers and try again. */
  | { kind: "retry"; reason: "offline" | "server"; retryAfterSeconds?: number }
  | { kind: "invalid"; errors: { question: string; message: string }[] }
  | { kind: "closed" }
  | { kind: "refused"; status: number };

/** How long one attempt may take before it is abandoned and retried (same id: safe). */
export const SEND_TIMEOUT_MS = 20_000;

/** Posts a response to the submission API and says what the page should do next. */
export async function sendResponse(
  slug: string,
  submission: Submission,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<SendOutcome> {
  // On patchy mobile data a request can hang for minutes: give up and retry instead.
  // (AbortController rather than AbortSignal.timeout, which older phones lack.)
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let res: Response;
  try {
    res = await fetchImpl(`/api/v1/campaigns/${encodeURIComponent(slug)}/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(submission),
      signal: controller.signal,
    });
  } catch {
    return { kind: "retry", reason: "offline" };
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 200 || res.status === 201) {
    const body = (await res.json().catch(() => null)) as {
      erasureCode?: unknown;
      alreadyStored?: unknown;
    } | null;
    if (body && typeof body.erasureCode === "string")
      return { kind: "stored", erasureCode: body.erasureCode };
    if (res.status === 200 && body?.alreadyStored === true) return { kind: "stored", erasureCode: null };
    return { kind: "retry", reason: "server" };
  }
  if (res.status === 422) {
    const body = (await res.json().catch(() => null)) as {
      errors?: { question: string; message: string }[];
    } | null;
    return { kind: "invalid", errors: body?.errors ?? [] };
  }
  if (res.status === 410) return { kind: "closed" };
  // 408, 429 and 5xx are passing troubles: the same id makes the retry safe. Too many sends
  // from one connection (429) says when to come back: the answers wait on the phone until then.
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    const after = Number(res.headers.get("Retry-After"));
    return Number.isInteger(after) && after > 0
      ? { kind: "retry", reason: "server", retryAfterSeconds: Math.min(after, 3600) }
      : { kind: "retry", reason: "server" };
  }
  return { kind: "refused", status: res.status };
}

/** Seconds to wait before the n-th retry (1, 2, 4 … capped at 30). */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1));
}
