import { z } from "zod";
import { getDb } from "~/db.server";
import { findCampaignForActor } from "~/campaigns/campaign.server";
import { findSitting } from "~/council/sittings.server";
import { requireActor } from "./login.server";
import { findTerritoryBySlug } from "./territory.server";
import { canManage, canSeeTerritory } from "./user.server";

const ZId = z.coerce.number().int().positive();

/**
 * The signed-in person and a campaign they may see; 404 otherwise (nothing leaks). With "manage",
 * only for those who manage it (admins, its territory's coordinators): a viewer gets the same 404.
 */
export async function requireCampaignAccess(
  request: Request,
  slug: string | undefined,
  need: "read" | "manage" = "read",
) {
  const actor = await requireActor(request);
  const db = await getDb();
  const campaign = slug ? await findCampaignForActor(db, actor, slug) : undefined;
  if (!campaign || (need === "manage" && !canManage(actor)))
    throw new Response("Page introuvable", { status: 404 });
  return { actor, campaign, db };
}

/**
 * The signed-in person and a territory they may see; 404 otherwise (another territory and an
 * unknown one look the same). With "manage", only its coordinators and admins.
 */
export async function requireTerritoryAccess(
  request: Request,
  slug: string | undefined,
  need: "read" | "manage" = "read",
) {
  const actor = await requireActor(request);
  const db = await getDb();
  const territory = slug ? await findTerritoryBySlug(db, slug) : undefined;
  if (!territory || !canSeeTerritory(actor, territory.id) || (need === "manage" && !canManage(actor)))
    throw new Response("Page introuvable", { status: 404 });
  return { actor, territory, db };
}

/** …and one of that campaign's council sittings ("séances"), by its id in the URL. */
export async function requireCouncilSitting(
  request: Request,
  params: { slug?: string; id?: string },
  need: "read" | "manage" = "read",
) {
  const access = await requireCampaignAccess(request, params.slug, need);
  const id = ZId.safeParse(params.id);
  const sitting = id.success ? await findSitting(access.db, access.campaign.id, id.data) : undefined;
  if (!sitting) throw new Response("Séance introuvable", { status: 404 });
  return { ...access, sitting };
}
