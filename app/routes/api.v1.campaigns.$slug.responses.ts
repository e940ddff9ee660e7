import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonError, readBodyBytes, toResponse } from "~/web/http.server";
import { clientAddress } from "~/web/rate-limit.server";
import { answerSubmission } from "~/responses/submission-api.server";

// The submission API's contract is documented in docs/api.md. In production, server/submission-lane.ts calls
// answerSubmission itself for POST (docs/decisions/019); this module serves the other methods,
// the dev server and in-process tests, with the same answers.
export async function loader() {
  return jsonError(405, "method_not_allowed", "Utilisez POST pour envoyer une réponse.");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return jsonError(405, "method_not_allowed", "Utilisez POST pour envoyer une réponse.");
  }
  const answer = await answerSubmission({
    slug: params.slug ?? "",
    contentType: request.headers.get("content-type"),
    cookie: request.headers.get("cookie"),
    clientAddress: clientAddress(context),
    readBody: (maxBytes) => readBodyBytes(request, maxBytes),
  });
  return toResponse(answer);
}
