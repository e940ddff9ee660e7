import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { cookieHasJointConsent } from "~/privacy/consent.server";
import { dbUnavailableAnswerFor } from "~/web/db-errors.server";
import { type ApiAnswer, apiError, type BodyBytes, parseJsonBody } from "~/web/http.server";
import { limitSubmission } from "~/web/rate-limit.server";
import { MAX_SUBMISSION_BYTES, ZSubmission } from "~/responses/submission";
import { needsJointConsent } from "~/surveys/audiences";
import { submitResponse } from "./response.server";

/** What the submission endpoint needs of a request: a few headers, the body on demand. */
export interface SubmissionRequest {
  slug: string;
  contentType: string | null;
  /** The Cookie header: the joint consent of a child of 8–14 and a parent is kept there. */
  cookie: string | null;
  /** The client's address, only ever hashed for the rate limit; null when unknown (in-process). */
  clientAddress: string | null;
  /** Reads the body up to `maxBytes`; called only once the type and the rate limit passed. */
  readBody: (maxBytes: number) => Promise<BodyBytes>;
}

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * `POST /api/v1/campaigns/:slug/responses` (contract: docs/api.md), as plain data in and out.
 * Two callers: the route module (Remix, and `remix vite:dev`) and server/submission-lane.ts, which calls it
 * without building web Request/Response objects on the hot path (docs/decisions/019). This is
 * the only place the endpoint's behaviour is written.
 */
export async function answerSubmission(request: SubmissionRequest): Promise<ApiAnswer> {
  // Per client (hashed address), 429 + Retry-After over the limit; a retry of a stored response is given back.
  const limit = limitSubmission(request.clientAddress);
  if (limit.refused) return limit.refused;
  let body;
  try {
    body = await parseJsonBody(request.contentType, request.readBody, MAX_SUBMISSION_BYTES);
  } catch (error) {
    limit.refund(); // the client left while sending: nothing was submitted
    throw error;
  }
  if (!body.ok) return body.answer;
  const parsed = ZSubmission.safeParse(body.value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      field: i.path.join(".") || "(corps)",
      message: i.message,
    }));
    return apiError(400, "invalid_body", "La forme de la requête n'est pas correcte.", { fields });
  }

  const { slug } = request;
  let result;
  try {
    result = await submitResponse(await getDb(), slug, parsed.data, getEnv().SESSION_SECRET, {
      jointConsent: needsJointConsent(parsed.data.ageBand) && (await cookieHasJointConsent(request.cookie, slug)),
    });
  } catch (error) {
    // A full or read-only disk: 503 + Retry-After, the write rolled back, the same id can be sent again.
    const unavailable = dbUnavailableAnswerFor(error);
    if (!unavailable) throw error;
    console.error(error);
    return unavailable;
  }
  // A phone retrying after a lost answer: not a new response.
  if (result.kind === "retried" || result.kind === "already_stored") limit.refund();
  switch (result.kind) {
    case "created":
    case "retried":
      return {
        status: result.kind === "created" ? 201 : 200,
        body: { id: result.id, erasureCode: result.erasureCode },
        headers: NO_STORE,
      };
    case "already_stored":
      // The same response again without the secret of its first submission (an older client,
      // or someone replaying an id): acknowledged, since it is stored, but the erasure code
      // goes only to the device that sent it first (docs/decisions/023-erasure-code-secret.md).
      // 200 and not 409, so that no client takes it for a refusal and sends it again under a
      // new id.
      return {
        status: 200,
        body: {
          id: result.id,
          alreadyStored: true,
          message:
            "Cette réponse est déjà enregistrée. Son code d'effacement n'est redonné qu'à l'appareil qui l'a envoyée.",
        },
        headers: NO_STORE,
      };
    case "conflict":
      return apiError(409, "conflict", "Une autre réponse porte déjà cet identifiant.");
    case "visit_part_used":
      return apiError(
        409,
        "visit_part_used",
        "Une autre réponse de cette visite porte déjà ce numéro de partie (« visit.part »).",
      );
    case "erased":
      return apiError(409, "erased", "Cette réponse a été effacée. Elle ne peut pas être envoyée à nouveau.");
    case "campaign_not_found":
      return apiError(404, "campaign_not_found", "Ce questionnaire n'existe pas.");
    case "survey_not_in_campaign":
      return apiError(404, "survey_not_found", "Ce questionnaire ne fait pas partie de cette campagne.");
    case "campaign_unavailable":
      return apiError(
        410,
        result.availability,
        result.availability === "closed"
          ? "Ce questionnaire est fermé."
          : "Ce questionnaire n'est pas encore ouvert.",
        { opensAt: result.opensAt, closesAt: result.closesAt },
      );
    case "invalid":
      return { status: 422, body: { errors: result.errors } };
  }
}
