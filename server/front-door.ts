import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientRule } from "./client-address";
import { CLIENT_GONE, hasBody, keepBody, readLimitedBody } from "./limits";
import { METHODS, refuse, REFUSALS } from "./refusals";
import { type SubmissionLane, submissionSlug } from "./submission-lane";

// Every request passes here first (docs/decisions/024-request-limits.md): what no route can
// answer is refused at once, in French (a page, or JSON under /api/), the submission POST takes
// the fast lane, and any other body is read before Express only up to its route's limit, so
// that no form, data request or unknown path makes the server hold more than that.

/**
 * A form posted by a page of another site. Remix refuses these itself, with an empty 500 and
 * under the same rule (Origin's host against Host, or a trusted proxy's X-Forwarded-Host):
 * answered here as the 403 it is.
 */
function isCrossOrigin(rule: ClientRule, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (req.method !== "POST" || origin === undefined) return false;
  const host = rule.authorityOf(req);
  try {
    return origin === "null" || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function frontDoor(options: {
  rule: ClientRule;
  submissionLane: SubmissionLane;
  bodyLimitFor: (path: string) => number;
  /** Everything else: Express and Remix. */
  remixLane: (req: IncomingMessage, res: ServerResponse) => void;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { rule, submissionLane, bodyLimitFor, remixLane } = options;
  return (req, res) => {
    const started = process.hrtime.bigint();
    if (!METHODS.includes(req.method ?? "")) return refuse(rule, req, res, REFUSALS.method, started);
    // A target that is not a path (absolute-form) or a malformed host would make no URL.
    if (!(req.url ?? "").startsWith("/") || rule.authorityOf(req) === null)
      return refuse(rule, req, res, REFUSALS.badRequest, started);
    const slug = submissionSlug(req);
    if (slug !== null) return submissionLane(req, res, slug);
    if (isCrossOrigin(rule, req)) return refuse(rule, req, res, REFUSALS.crossOrigin, started);
    if (!hasBody(req)) return remixLane(req, res);
    const limit = bodyLimitFor((req.url ?? "").split("?")[0] ?? "");
    readLimitedBody(req, limit).then(
      (body) => {
        if (body === "too_large") return refuse(rule, req, res, REFUSALS.tooLarge(limit), started);
        keepBody(req, body);
        remixLane(req, res);
      },
      (error: unknown) => {
        if (error !== CLIENT_GONE) console.error(error);
      },
    );
  };
}
