import type { DB } from "../../db/client";
import type { AuditEntry } from "../../db/schema";
import type { Actor } from "~/accounts/user.server";

export type AuditAction =
  | "login"
  | "login_failed"
  | "logout"
  | "password_changed"
  | "export_responses"
  | "export_indicators"
  | "view_verbatims"
  | "campaign_created"
  | "campaign_updated"
  | "user_created"
  | "territory_created"
  /** A territory's logo uploaded or replaced (target: the territory's slug). */
  | "territory_logo_updated"
  | "territory_logo_removed"
  | "action_published"
  | "action_updated"
  | "verbatim_approved"
  | "verbatim_unapproved"
  | "council_session_created"
  | "council_session_opened"
  | "council_session_closed"
  | "council_recorded"
  | "council_record_updated"
  /** A respondent erased one response with their code: the campaign only, no identifier. */
  | "response_erased"
  /** `npm run purge`: a campaign's responses past their retention (actor: none, the system). */
  | "responses_purged";

/** Appends one line to the audit log: who, when, what. */
export async function recordAudit(
  db: DB,
  entry: {
    actor: Pick<Actor, "id" | "email"> | null;
    action: AuditAction;
    target?: string;
    details?: unknown;
  },
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: new Date().toISOString(),
      user_id: entry.actor?.id ?? null,
      user_email: entry.actor?.email ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .execute();
}

/** The most recent audit entries, newest first (admins only: the route checks the role). */
export async function listAudit(db: DB, options: { limit: number; offset: number }): Promise<AuditEntry[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}
