import type { DB } from "../../db/client";
import type { ModerationStatus } from "../../db/schema";
import { recordAudit } from "~/privacy/audit.server";
import type { Actor } from "~/accounts/user.server";

export interface ModerationState {
  status: ModerationStatus;
  publicText: string | null;
  moderatedAt: string;
}

/** The moderation of some verbatims, by verbatim id (absent: never approved). */
export async function moderationOf(db: DB, verbatimIds: number[]): Promise<Record<number, ModerationState>> {
  if (verbatimIds.length === 0) return {};
  const rows = await db
    .selectFrom("verbatim_moderation")
    .select(["verbatim_id", "status", "public_text", "moderated_at"])
    .where("verbatim_id", "in", verbatimIds)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [
      r.verbatim_id,
      { status: r.status, publicText: r.public_text, moderatedAt: r.moderated_at },
    ]),
  );
}

/**
 * Approves a verbatim of this campaign for the public page, as written (`publicText` null)
 * or in an edited version; the original text is copied or left aside, never changed.
 * False when the verbatim is not this campaign's. The audit line holds no text.
 */
export async function approveVerbatim(
  db: DB,
  actor: Pick<Actor, "id" | "email">,
  campaign: { id: number; slug: string },
  verbatimId: number,
  editedText: string | null,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const verbatim = await trx
      .selectFrom("verbatim")
      .select(["id", "text"])
      .where("id", "=", verbatimId)
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirst();
    if (!verbatim) return false;
    const edited = editedText !== null && editedText !== verbatim.text;
    const values = {
      status: "approved" as const,
      public_text: edited ? editedText : verbatim.text,
      moderated_by: actor.id,
      moderated_at: new Date().toISOString(),
    };
    await trx
      .insertInto("verbatim_moderation")
      .values({ verbatim_id: verbatim.id, ...values })
      .onConflict((oc) => oc.column("verbatim_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, {
      actor,
      action: "verbatim_approved",
      target: campaign.slug,
      details: { verbatim: verbatim.id, edited },
    });
    return true;
  });
}

/** Takes a verbatim off the public page; false when it is not this campaign's or was not approved. */
export async function withdrawVerbatim(
  db: DB,
  actor: Pick<Actor, "id" | "email">,
  campaign: { id: number; slug: string },
  verbatimId: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("verbatim_moderation")
      .set({
        status: "withdrawn",
        public_text: null,
        moderated_by: actor.id,
        moderated_at: new Date().toISOString(),
      })
      .where("verbatim_id", "=", verbatimId)
      .where("status", "=", "approved")
      .where("verbatim_id", "in", (eb) =>
        eb.selectFrom("verbatim").select("id").where("campaign_id", "=", campaign.id),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      actor,
      action: "verbatim_unapproved",
      target: campaign.slug,
      details: { verbatim: verbatimId },
    });
    return true;
  });
}

/** A campaign's approved verbatims, their public text only (never the original). */
export async function approvedVerbatims(db: DB, campaignId: number) {
  return db
    .selectFrom("verbatim_moderation")
    .innerJoin("verbatim", "verbatim.id", "verbatim_moderation.verbatim_id")
    .select([
      "verbatim.id as id",
      "verbatim.audience as audience",
      "verbatim.question as question",
      "verbatim_moderation.public_text as text",
    ])
    .where("verbatim.campaign_id", "=", campaignId)
    .where("verbatim_moderation.status", "=", "approved")
    .where("verbatim_moderation.public_text", "is not", null)
    .orderBy("verbatim_moderation.moderated_at", "desc")
    .orderBy("verbatim.id", "desc")
    .execute();
}
