import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCouncilSession } from "~/accounts/campaign-access.server";
import { liveState } from "~/council/council.server";

/** The live state as JSON: the projector's fallback when the event stream cannot get through. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, session } = await requireCouncilSession(request, params);
  const state = await liveState(db, session.id);
  return Response.json(state, { headers: { "Cache-Control": "no-store" } });
}
