import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { dbUnavailableResponse } from "~/lib/db-errors.server";
import { jsonError, readJsonBody } from "~/lib/http.server";
import { hasJointConsent } from "~/lib/consent.server";
import { limitSubmission } from "~/lib/rate-limit.server";
import { MAX_SUBMISSION_BYTES, ZSubmission } from "~/lib/submission";
import { submitResponse } from "~/models/response.server";

// The submission API's contract is documented in docs/api.md.
export async function loader() {
  return jsonError(405, "method_not_allowed", "Utilisez POST pour envoyer une réponse.");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return jsonError(405, "method_not_allowed", "Utilisez POST pour envoyer une réponse.");
  }
  // Per client (hashed address), 429 + Retry-After over the limit; a retry of a stored response is given back.
  const limit = limitSubmission(context);
  if (limit.refused) return limit.refused;
  const body = await readJsonBody(request, MAX_SUBMISSION_BYTES);
  if (!body.ok) return body.response;
  const parsed = ZSubmission.safeParse(body.value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      field: i.path.join(".") || "(corps)",
      message: i.message,
    }));
    return jsonError(400, "invalid_body", "La forme de la requête n'est pas correcte.", { fields });
  }

  const slug = params.slug ?? "";
  let result;
  try {
    result = await submitResponse(await getDb(), slug, parsed.data, getEnv().SESSION_SECRET, {
      jointConsent: parsed.data.ageBand === "12-14" && (await hasJointConsent(request, slug)),
    });
  } catch (error) {
    // A full or read-only disk: 503 + Retry-After, the write rolled back, the same id can be sent again.
    const unavailable = dbUnavailableResponse(error);
    if (!unavailable) throw error;
    console.error(error);
    return unavailable;
  }
  if (result.kind === "retried") limit.refund(); // a phone retrying after a lost answer
  switch (result.kind) {
    case "created":
    case "retried":
      return Response.json(
        { id: result.id, erasureCode: result.erasureCode },
        { status: result.kind === "created" ? 201 : 200, headers: { "Cache-Control": "no-store" } },
      );
    case "conflict":
      return jsonError(409, "conflict", "Une autre réponse porte déjà cet identifiant.");
    case "erased":
      return jsonError(
        409,
        "erased",
        "Cette réponse a été effacée. Elle ne peut pas être envoyée à nouveau.",
      );
    case "campaign_not_found":
      return jsonError(404, "campaign_not_found", "Ce questionnaire n'existe pas.");
    case "survey_not_in_campaign":
      return jsonError(404, "survey_not_found", "Ce questionnaire ne fait pas partie de cette campagne.");
    case "campaign_unavailable":
      return jsonError(
        410,
        result.availability,
        result.availability === "closed"
          ? "Ce questionnaire est fermé."
          : "Ce questionnaire n'est pas encore ouvert.",
        { opensAt: result.opensAt, closesAt: result.closesAt },
      );
    case "invalid":
      return Response.json({ errors: result.errors }, { status: 422 });
  }
}
