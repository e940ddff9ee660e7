import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { getDb } from "~/db.server";
import { requireCsrf } from "~/accounts/csrf.server";
import { endSession, getActor } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";

// Logging out changes state, so it is a POST (a link or an image could not log people out).
export async function loader() {
  throw redirect("/tableau");
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request);
  const actor = await getActor(request);
  if (actor) await recordAudit(await getDb(), { actor, action: "logout" });
  // The session's row is deleted: copies of the cookie stop working, its live streams end.
  throw redirect("/connexion", { headers: { "Set-Cookie": await endSession(request) } });
}
