import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerEntryContract } from "../app/entry.server";
import { logLine } from "./access-log";
import type { ClientRule } from "./client-address";
import { JSON_TYPE, SERVER_ERROR_ANSWER, serverErrorBody } from "./errors";
import { API_POLICY, setSecurityHeaders } from "./headers";
import { CLIENT_GONE, discardRest, readLimitedBody } from "./limits";

// The submission endpoint is the hot path (a campaign launched at every school gate the same
// morning). Its POST is answered here, before Express: answerSubmission is the endpoint itself
// (the route module calls it too), given the few headers it reads and the body on demand, and
// its plain answer is written as JSON. Express's middleware, Remix's router and the web
// Request/Response objects cost more than the submission's own work
// (docs/decisions/019-submission-fast-lane.md).

/** Case-insensitive, as Remix matches paths. */
const SUBMISSION_PATH = /^\/api\/v1\/campaigns\/([^/?#]+)\/responses\/?(?:\?.*)?$/i;

/** The campaign's slug when `req` posts a submission, else null (a broken %-encoding is Express's 400). */
export function submissionSlug(req: IncomingMessage): string | null {
  if (req.method !== "POST") return null;
  const match = SUBMISSION_PATH.exec(req.url ?? "");
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

type ApiAnswer = Awaited<ReturnType<ServerEntryContract["answerSubmission"]>>;

export type SubmissionLane = (req: IncomingMessage, res: ServerResponse, slug: string) => void;

/** The fast lane over the build's `answerSubmission`, with the one client rule. */
export function submissionLane(entry: ServerEntryContract, rule: ClientRule): SubmissionLane {
  const { answerSubmission, classifyDbError, dbUnavailableAnswer } = entry;

  async function answer(req: IncomingMessage, res: ServerResponse, slug: string): Promise<void> {
    const started = process.hrtime.bigint();
    let bodyRead = false;
    let answer: ApiAnswer;
    try {
      answer = await answerSubmission({
        slug,
        contentType: req.headers["content-type"] ?? null,
        cookie: req.headers.cookie ?? null,
        clientAddress: rule.addressOf(req),
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
      answer = reason ? dbUnavailableAnswer(reason) : SERVER_ERROR_ANSWER;
    }
    const body = JSON.stringify(answer.body);
    const length = Buffer.byteLength(body);
    setSecurityHeaders(res, API_POLICY, rule.isHttps(req));
    // Refused before its body was read (415, 429): Node would read all of it, however large.
    if (!bodyRead) discardRest(req);
    res.writeHead(answer.status, { "Content-Type": JSON_TYPE, "Content-Length": length, ...answer.headers });
    res.end(body);
    logLine(req, answer.status, length, started);
  }

  return (req, res, slug) => {
    answer(req, res, slug).catch((error: unknown) => {
      // A bug in the lines above: still the French 500, never a hanging request.
      console.error(error);
      const { contentType, body } = serverErrorBody(true);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": contentType });
      res.end(body);
    });
  };
}
