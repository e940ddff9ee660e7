import { z } from "zod";
import { getDb } from "~/db.server";
import { findCampaignForActor } from "~/campaigns/campaign.server";
import { findSession } from "~/council/council.server";
import { requireActor } from "./login.server";

const ZId = z.coerce.number().int().positive();

/** The signed-in person and a campaign they may see; 404 otherwise (nothing leaks). */
export async function requireCampaignAccess(request: Request, slug: string | undefined) {
  const actor = await requireActor(request);
  const db = await getDb();
  const campaign = slug ? await findCampaignForActor(db, actor, slug) : undefined;
  if (!campaign) throw new Response("Page introuvable", { status: 404 });
  return { actor, campaign, db };
}

/** …and one of that campaign's council sessions, by its id in the URL. */
export async function requireCouncilSession(request: Request, params: { slug?: string; id?: string }) {
  const access = await requireCampaignAccess(request, params.slug);
  const id = ZId.safeParse(params.id);
  const session = id.success ? await findSession(access.db, access.campaign.id, id.data) : undefined;
  if (!session) throw new Response("Séance introuvable", { status: 404 });
  return { ...access, session };
}
