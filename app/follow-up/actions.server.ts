import type { DB } from "../../db/client";
import type { ActionStatus } from "../../db/schema";
import type { Dimension } from "~/surveys/audiences";
import { recordAudit } from "~/privacy/audit.server";
import type { Actor } from "~/accounts/user.server";

export { ACTION_STATUSES, type ActionForm, ZActionForm } from "~/follow-up/action-form";
import type { ActionForm } from "~/follow-up/action-form";

export interface PublishedAction {
  id: number;
  heard: string;
  decided: string;
  status: ActionStatus;
  startsOn: string | null;
  endsOn: string | null;
  dimension: Dimension | null;
  question: string | null;
  updatedAt: string;
}

export interface ActionRevision extends Omit<PublishedAction, "id" | "updatedAt"> {
  id: number;
  revisedAt: string;
  userEmail: string | null;
}

const columns = [
  "id",
  "heard",
  "decided",
  "status",
  "starts_on as startsOn",
  "ends_on as endsOn",
  "dimension",
  "question",
] as const;

function row(v: ActionForm) {
  return {
    heard: v.heard,
    decided: v.decided,
    status: v.status,
    starts_on: v.startsOn,
    ends_on: v.endsOn,
    dimension: v.dimension,
    question: v.question,
  };
}

/** A campaign's actions, most recently updated first. */
export async function listActions(db: DB, campaignId: number): Promise<PublishedAction[]> {
  const rows = await db
    .selectFrom("action")
    .select([...columns, "updated_at as updatedAt"])
    .where("campaign_id", "=", campaignId)
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, dimension: r.dimension as Dimension | null }));
}

/** Every saved version of a campaign's actions, oldest first, by action id. */
export async function actionHistory(db: DB, campaignId: number): Promise<Record<number, ActionRevision[]>> {
  const rows = await db
    .selectFrom("action_revision")
    .innerJoin("action", "action.id", "action_revision.action_id")
    .select([
      "action_revision.id as id",
      "action_revision.action_id as actionId",
      "action_revision.revised_at as revisedAt",
      "action_revision.user_email as userEmail",
      "action_revision.heard as heard",
      "action_revision.decided as decided",
      "action_revision.status as status",
      "action_revision.starts_on as startsOn",
      "action_revision.ends_on as endsOn",
      "action_revision.dimension as dimension",
      "action_revision.question as question",
    ])
    .where("action.campaign_id", "=", campaignId)
    .orderBy("action_revision.id")
    .execute();
  const out: Record<number, ActionRevision[]> = {};
  for (const { actionId, ...r } of rows)
    (out[actionId] ??= []).push({ ...r, dimension: r.dimension as Dimension | null });
  return out;
}

/** One saved version of an action (its history) and its audit line: what publishing and every edit write. */
async function recordRevision(
  trx: DB,
  actor: Pick<Actor, "id" | "email">,
  campaign: { slug: string },
  actionId: number,
  values: ActionForm,
  now: string,
  auditAction: "action_published" | "action_updated",
): Promise<void> {
  await trx
    .insertInto("action_revision")
    .values({
      action_id: actionId,
      revised_at: now,
      user_id: actor.id,
      user_email: actor.email,
      ...row(values),
    })
    .execute();
  await recordAudit(trx, {
    actor,
    action: auditAction,
    target: campaign.slug,
    details: { action: actionId, status: values.status },
  });
}

/** Publishes an action: the action, its first revision and an audit line, in one transaction. */
export async function createAction(
  db: DB,
  actor: Pick<Actor, "id" | "email">,
  campaign: { id: number; slug: string },
  values: ActionForm,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("action")
      .values({ campaign_id: campaign.id, ...row(values), created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordRevision(trx, actor, campaign, id, values, now, "action_published");
    return id;
  });
}

/** Saves a new version of an action of this campaign; false when there is no such action. */
export async function updateAction(
  db: DB,
  actor: Pick<Actor, "id" | "email">,
  campaign: { id: number; slug: string },
  actionId: number,
  values: ActionForm,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const updated = await trx
      .updateTable("action")
      .set({ ...row(values), updated_at: now })
      .where("id", "=", actionId)
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordRevision(trx, actor, campaign, actionId, values, now, "action_updated");
    return true;
  });
}
