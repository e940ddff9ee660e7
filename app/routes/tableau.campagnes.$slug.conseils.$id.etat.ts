import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCouncilSitting } from "~/accounts/campaign-access.server";
import { liveState } from "~/council/live.server";

/** The live state as JSON: the projector's fallback when the event stream cannot get through. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, sitting } = await requireCouncilSitting(request, params);
  const state = await liveState(db, sitting.id);
  return Response.json(state, { headers: { "Cache-Control": "no-store" } });
}
