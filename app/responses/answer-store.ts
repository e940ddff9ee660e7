import { newSubmissionSecret, SECRET_PATTERN } from "./submission-secret";
import { newUuid } from "./uuid";
import { isVisitPart, type VisitPart } from "./family-visit";
import type { Submission } from "./submission";
import { AGE_BANDS, type AgeBand } from "~/surveys/audiences";
import type { QuestionnaireForm } from "~/surveys/forms";

/**
 * What the device keeps while a person answers, so a reload, a lost connection or a change
 * of language resumes on the same question and a retry reuses the same response id.
 */
export interface Draft {
  id: string;
  /**
   * Random, made with the id and sent with every try: the server gives the erasure code back
   * on a retry only to the device that holds it (decision 023). Drafts saved before it existed
   * get one when they are loaded, before their first send from this version of the page.
   */
  secret?: string;
  data: Record<string, unknown>;
  pageNo: number;
  /**
   * "sending": the person finished; the answers wait to be acknowledged by the server.
   * "stored": acknowledged (the answers are dropped, `data` is empty); kept only until the
   * confirmation and the erasure code have been shown, should the way to the thank-you page fail.
   */
  status: "answering" | "sending" | "stored";
  /**
   * With "stored": the response's erasure code, shown once; null when the server had the
   * response already and gave no code (sent before this device had a secret).
   */
  erasureCode?: string | null;
  /** Set when the person finishes: the survey locale the answers are sent with, even after a change of language. */
  locale?: string;
  /**
   * The family visit this response belongs to and its part number, fixed when the draft is made
   * so every try sends the same (docs/decisions/028-family-visit-code.md).
   */
  visit?: VisitPart;
  updatedAt: string;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * One draft per campaign, survey version, age band and form, whatever the language it is
 * answered in; in a family visit, one per child (`child`: the child's place on the children
 * screen), so two children of the same age each keep their own answers. The long form's key, out
 * of a family visit, is the one drafts had before the short form and visits existed.
 */
export function draftKey(
  slug: string,
  surveyId: string,
  version: number,
  ageBand: string | null,
  child: number | null = null,
  form: QuestionnaireForm = "long",
): string {
  return `coeduc:draft:${slug}:${surveyId}.v${version}:${ageBand ?? "-"}${child === null ? "" : `:${child}`}${form === "short" ? ":short" : ""}`;
}

function isDraft(value: unknown): value is Draft {
  if (!value || typeof value !== "object") return false;
  const d = value as Partial<Draft>;
  return (
    typeof d.id === "string" &&
    typeof d.pageNo === "number" &&
    typeof d.updatedAt === "string" &&
    (d.status === "answering" ||
      d.status === "sending" ||
      (d.status === "stored" && (typeof d.erasureCode === "string" || d.erasureCode === null))) &&
    (d.secret === undefined || (typeof d.secret === "string" && SECRET_PATTERN.test(d.secret))) &&
    (d.locale === undefined || typeof d.locale === "string") &&
    (d.visit === undefined || isVisitPart(d.visit)) &&
    !!d.data &&
    typeof d.data === "object"
  );
}

/**
 * Unfinished answers are forgotten after this long: a family phone is shared, and free
 * text about a child should not stay on it for ever.
 */
export const DRAFT_MAX_AGE_DAYS = 30;

/**
 * The saved draft, or a new one with a fresh id and secret; a corrupt or expired entry is
 * replaced. A draft saved without a secret (an older page) is given one.
 */
export function loadDraft(store: KeyValueStore, key: string, now: Date = new Date()): Draft {
  try {
    const raw = store.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    const age = isDraft(parsed) ? now.getTime() - Date.parse(parsed.updatedAt) : Infinity;
    if (isDraft(parsed) && age <= DRAFT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000)
      return parsed.secret ? parsed : { ...parsed, secret: newSubmissionSecret() };
    if (raw) store.removeItem(key);
  } catch {
    // unreadable: start again below
  }
  return {
    id: newUuid(),
    secret: newSubmissionSecret(),
    data: {},
    pageNo: 0,
    status: "answering",
    updatedAt: new Date().toISOString(),
  };
}

/** Saves the draft; a full or blocked storage must never stop the person answering. */
export function saveDraft(store: KeyValueStore, key: string, draft: Draft): boolean {
  try {
    store.setItem(key, JSON.stringify({ ...draft, updatedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(store: KeyValueStore, key: string): void {
  try {
    store.removeItem(key);
  } catch {
    // nothing to do
  }
}

/** Forgets the campaign's stored drafts once their confirmation has been shown (the thank-you page). */
export function clearStoredDrafts(
  store: Pick<Storage, "length" | "key" | "getItem" | "removeItem">,
  slug: string,
): void {
  try {
    const prefix = `coeduc:draft:${slug}:`;
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) {
      const draft = JSON.parse(store.getItem(key) ?? "null") as Partial<Draft> | null;
      if (draft?.status === "stored") store.removeItem(key);
    }
  } catch {
    // nothing to do: an unreadable storage keeps nothing worth clearing
  }
}

/** What a draft's key says: the questionnaire, its version, the age band and the form answered. */
export interface DraftTarget {
  surveyId: string;
  version: number;
  ageBand: AgeBand | null;
  /** In a family visit, the child's place on the children screen. */
  child: number | null;
  form: QuestionnaireForm;
}

/** Reads a key made by `draftKey` for this campaign; null for another campaign or a key it did not make. */
export function parseDraftKey(key: string, slug: string): DraftTarget | null {
  const prefix = `coeduc:draft:${slug}:`;
  if (!key.startsWith(prefix)) return null;
  const match = /^(.+)\.v(\d+):([^:]+)(?::(\d{1,2}))?(:short)?$/.exec(key.slice(prefix.length));
  if (!match) return null;
  const [, surveyId, version, band, child, short] = match as unknown as [
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  const ageBand = band === "-" ? null : AGE_BANDS.find((b) => b === band);
  if (ageBand === undefined || Number(version) < 1) return null;
  return {
    surveyId,
    version: Number(version),
    ageBand,
    child: child === undefined ? null : Number(child),
    form: short ? "short" : "long",
  };
}

/** Finished answers kept on the phone that the server has not acknowledged yet. */
export interface UnsentAnswers extends DraftTarget {
  key: string;
  draft: Draft;
}

/**
 * The campaign's finished answers still waiting to be sent (status "sending", not expired),
 * in key order: what the landing page announces when a tab was closed before they went out.
 */
export function unsentAnswers(
  store: Pick<Storage, "length" | "key" | "getItem">,
  slug: string,
  now: Date = new Date(),
): UnsentAnswers[] {
  const found: UnsentAnswers[] = [];
  try {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      const target = key ? parseDraftKey(key, slug) : null;
      if (!key || !target) continue;
      let draft: unknown;
      try {
        draft = JSON.parse(store.getItem(key) ?? "null");
      } catch {
        continue;
      }
      if (!isDraft(draft) || draft.status !== "sending") continue;
      if (now.getTime() - Date.parse(draft.updatedAt) > DRAFT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000) continue;
      found.push({ key, ...target, draft });
    }
  } catch {
    // an unreadable storage: nothing to announce
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The submission of finished answers, exactly as the questionnaire page sends them (same id,
 * secret and locale), so a send from elsewhere is the same response, never a second one.
 */
export function submissionOf(unsent: UnsentAnswers, fallbackLocale: string): Submission {
  const { draft } = unsent;
  return {
    id: draft.id,
    ...(draft.secret ? { secret: draft.secret } : {}),
    surveyId: unsent.surveyId,
    surveyVersion: unsent.version,
    locale: draft.locale ?? fallbackLocale,
    ageBand: unsent.ageBand,
    answers: draft.data,
    // Named only when short: a long response is sent exactly as before the short form existed.
    ...(unsent.form === "short" ? { form: "short" as const } : {}),
    ...(draft.visit ? { visit: draft.visit } : {}),
  };
}
