import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Timestamps are ISO-8601 UTC strings, portable to PostgreSQL's text/timestamptz. */
type Timestamp = string;

export interface TerritoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: ColumnType<Timestamp, Timestamp | undefined, never>;
}

/** A territory's logo (migration 0014): checked and cleaned bytes, at most one per territory. */
export interface TerritoryLogoTable {
  territory_id: number;
  mime_type: LogoMimeType;
  bytes: Buffer;
  /** SHA-256 (hex) of `bytes`: the ETag and the version in the logo's address. */
  sha256: string;
  /** Pixels of a PNG or JPEG; null for an SVG. */
  width: number | null;
  height: number | null;
  uploaded_at: Timestamp;
  uploaded_by: number | null;
}

export type LogoMimeType = "image/png" | "image/jpeg" | "image/svg+xml";

export type CampaignStatus = "draft" | "open" | "closed";

/** A questionnaire's form: the long one, or the short one built from its items (issue 14). */
export type QuestionnaireForm = "long" | "short";

/** Which form a campaign offers: one of them, or the person's choice. */
export type FormOffer = "long" | "short" | "choice";

export interface CampaignTable {
  id: Generated<number>;
  territory_id: number;
  slug: string;
  title: string;
  wave_label: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  status: CampaignStatus;
  created_at: ColumnType<Timestamp, Timestamp | undefined, never>;
  /** Months the responses are kept after `closes_at`; then `npm run purge` deletes them. */
  retention_months: Generated<number>;
  /** Which form of its questionnaires the campaign offers (migration 0013). */
  form_offer: Generated<FormOffer>;
}

/** The survey versions a campaign offers; a published version is never edited. */
export interface CampaignSurveyTable {
  campaign_id: number;
  survey_id: string;
  survey_version: number;
}

export interface ResponseTable {
  /** Client-generated UUID: the idempotency key. */
  id: string;
  campaign_id: number;
  survey_id: string;
  survey_version: number;
  audience: string;
  age_band: string | null;
  locale: string;
  /** The validated answers, JSON text. */
  answers: string;
  /** SHA-256 of the canonical submission, to tell a retry from a conflicting reuse of the id. */
  content_hash: string;
  /** SHA-256 of the erasure code; the code itself is never stored. */
  erasure_hash: string;
  /**
   * SHA-256 of the random secret the device sent with its first submission: a retry gets the
   * erasure code back only with that secret (decision 023). Null for responses stored without
   * one (older clients, councils, seeds): their retries never get the code.
   */
  secret_hash: string | null;
  submitted_at: Timestamp;
  /** 1 for demo and benchmark data made by the seed, 0 for real answers. */
  synthetic: Generated<number>;
  /** Random in [0, 2^31), never shown: its sums make the cell keys of figures (decision 021). */
  record_key: Generated<number>;
  /** Which form of the questionnaire was answered: "long" or "short" (migration 0013). */
  form: Generated<QuestionnaireForm>;
}

export interface ResponseScoreTable {
  response_id: string;
  dimension: string;
  /** 0–100. */
  score: number;
}

/** Erased responses, by the SHA-256 of their id: a late retry must not bring one back. */
export interface ErasedResponseTable {
  id_hash: string;
  erased_at: Timestamp;
}

export type Role = "admin" | "coordinator" | "viewer";

export interface UserTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: Role;
  session_version: Generated<number>;
  created_at: ColumnType<Timestamp, Timestamp | undefined, never>;
}

export interface UserTerritoryTable {
  user_id: number;
  territory_id: number;
}

export interface LoginThrottleTable {
  /**
   * SHA-256 of "login:" + the normalised e-mail address (the account's count), or of
   * "device:" + a known device's id (that browser's own count).
   */
  key: string;
  failures: number;
  first_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

/** A coordinator's session on the server; the cookie names it (docs/decisions/022). */
export interface UserSessionTable {
  /** SHA-256 (hex) of the random token in the signed cookie. */
  id: string;
  user_id: number;
  created_at: Timestamp;
  /** Updated at most once a minute. */
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  /** Kept so the log still says who after an account is deleted. */
  user_email: string | null;
  action: string;
  target: string | null;
  /** JSON text. */
  details: string | null;
}

/** Running totals of dimension scores; `age_band` is "" when there is none. */
export interface IndicatorAggregateTable {
  campaign_id: number;
  audience: string;
  age_band: string;
  dimension: string;
  n: number;
  sum: number;
  sum_squares: number;
  /** Responses whose dimension score is above 50. */
  favourable: number;
  /** Sum of the responses' record keys (decision 021). */
  key_sum: number;
}

export interface ParticipationDailyTable {
  campaign_id: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
  audience: string;
  age_band: string;
  locale: string;
  n: number;
  /** Sum of the responses' record keys (decision 021). */
  key_sum: number;
}

/** A campaign's running totals as released today: what every view reads (decision 021). */
export interface FigureReleaseTable {
  campaign_id: number;
  /** YYYY-MM-DD (UTC). */
  released_on: string;
  /** ISO time of the release. */
  released_at: string;
  /** JSON of the running totals' rows at that moment, one column a table. */
  indicators: string;
  days: string;
  choices: string;
  /** 1: released after the campaign closed; kept, not renewed, while it stays closed. */
  frozen: Generated<number>;
}

export interface ChoiceCountTable {
  campaign_id: number;
  audience: string;
  age_band: string;
  question: string;
  value: string;
  n: number;
  /** Sum of the responses' record keys (decision 021). */
  key_sum: number;
}

export interface VerbatimTable {
  id: Generated<number>;
  response_id: string;
  campaign_id: number;
  audience: string;
  question: string;
  text: string;
}

export type ActionStatus = "planned" | "in_progress" | "done";

/** What a territory heard and what it decided, published per campaign ("nous avons fait"). */
export interface ActionTable {
  id: Generated<number>;
  campaign_id: number;
  heard: string;
  decided: string;
  status: ActionStatus;
  /** YYYY-MM-DD. */
  starts_on: string | null;
  /** YYYY-MM-DD: planned or actual end. */
  ends_on: string | null;
  dimension: string | null;
  question: string | null;
  created_at: ColumnType<Timestamp, Timestamp | undefined, never>;
  updated_at: Timestamp;
}

/** One row per save of an action: who, when and the values saved. */
export interface ActionRevisionTable {
  id: Generated<number>;
  action_id: number;
  revised_at: Timestamp;
  user_id: number | null;
  user_email: string | null;
  heard: string;
  decided: string;
  status: ActionStatus;
  starts_on: string | null;
  ends_on: string | null;
  dimension: string | null;
  question: string | null;
}

export type ModerationStatus = "approved" | "withdrawn";

/** A free text's publication; the original (`verbatim.text`) is never overwritten. */
export interface VerbatimModerationTable {
  verbatim_id: number;
  status: ModerationStatus;
  /** What the public page shows: the original or a version without personal details. */
  public_text: string | null;
  moderated_by: number | null;
  moderated_at: Timestamp;
}

export type CouncilSessionStatus = "waiting" | "open" | "closed";

/** A youth council's live session; its collective record is a `C` response (`response_id`). */
export interface CouncilSessionTable {
  id: Generated<number>;
  campaign_id: number;
  /** Six characters from an alphabet without look-alikes; unique for ever. */
  code: string;
  council_name: string;
  /** The survey version whose items participants answer on their phones. */
  items_survey_id: string;
  items_survey_version: number;
  /** "waiting" until the facilitator opens it; "open" until closed or past `closes_at`. */
  status: CouncilSessionStatus;
  duration_minutes: number;
  created_by: number | null;
  created_at: ColumnType<Timestamp, Timestamp | undefined, never>;
  opened_at: Timestamp | null;
  closes_at: Timestamp | null;
  closed_at: Timestamp | null;
  response_id: string | null;
  revision: Generated<number>;
  synthetic: Generated<number>;
}

export interface CouncilParticipantTable {
  session_id: number;
  /** Keyed hash of the phone's random cookie, per session. */
  participant: string;
  joined_at: Timestamp;
}

export interface CouncilAnswerTable {
  session_id: number;
  participant: string;
  question: string;
  /** The choice's value as text ("1", "2", "3", "nsp"). */
  value: string;
  answered_at: Timestamp;
}

export interface Database {
  territory: TerritoryTable;
  territory_logo: TerritoryLogoTable;
  campaign: CampaignTable;
  campaign_survey: CampaignSurveyTable;
  response: ResponseTable;
  response_score: ResponseScoreTable;
  erased_response: ErasedResponseTable;
  user: UserTable;
  user_territory: UserTerritoryTable;
  login_throttle: LoginThrottleTable;
  user_session: UserSessionTable;
  audit_log: AuditLogTable;
  indicator_aggregate: IndicatorAggregateTable;
  participation_daily: ParticipationDailyTable;
  choice_count: ChoiceCountTable;
  figure_release: FigureReleaseTable;
  verbatim: VerbatimTable;
  action: ActionTable;
  action_revision: ActionRevisionTable;
  verbatim_moderation: VerbatimModerationTable;
  council_session: CouncilSessionTable;
  council_participant: CouncilParticipantTable;
  council_answer: CouncilAnswerTable;
}

export type User = Selectable<UserTable>;
export type AuditEntry = Selectable<AuditLogTable>;

export type Territory = Selectable<TerritoryTable>;
export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type Response = Selectable<ResponseTable>;
export type NewResponse = Insertable<ResponseTable>;
export type NewResponseScore = Insertable<ResponseScoreTable>;
export type CouncilSession = Selectable<CouncilSessionTable>;
