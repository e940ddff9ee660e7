import { MAX_VISIT_PARTS, newSubmissionSecret, SECRET_PATTERN } from "./submission-secret";
import { newUuid } from "./uuid";

// A family visit on one phone (docs/decisions/028-family-visit-code.md): a parent (or a young
// adult who is a parent) answers their own part, then one part per child, one after the other,
// and gets ONE erasure code at the end. The phone makes the visit's id and secret and numbers its
// responses; the server never stores the visit, only a different hash of its code per response.

/** The children's age bands, as the child questionnaire's `ageBand`. */
export const CHILD_BANDS = ["0-2", "3-5", "6-11"] as const;
export type ChildBand = (typeof CHILD_BANDS)[number];

/** Where a child spends the day: the values of child.v2's `care` question. */
export const CARE_SETTINGS = ["creche", "assmat", "maternelle", "elementaire", "maison"] as const;
export type CareSetting = (typeof CARE_SETTINGS)[number];

export interface VisitChild {
  band: ChildBand;
  care: CareSetting;
}

export interface FamilyVisit {
  id: string;
  secret: string;
  /** The part number the next response of the visit gets (0 for the first). */
  nextPart: number;
  /** The children declared on the children screen; null until it has been answered. */
  children: VisitChild[] | null;
  /** Acknowledged by the server: the person's own part(s) and how many children's parts. */
  storedOwn: number;
  storedChildren: number;
  /** The visit's erasure code once the server has given it (the same for every part). */
  erasureCode?: string;
  /** Started by a young adult (18–25): addressed as "tu" at the end. */
  young?: boolean;
  /** A young adult said they are a parent: the parent questionnaire opened next joins this visit. */
  expectsParent?: boolean;
  updatedAt: string;
}

/** What a response's draft keeps of its visit, sent as the submission's `visit`. */
export interface VisitPart {
  id: string;
  secret: string;
  part: number;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** A visit is forgotten after this long, like the drafts. */
const VISIT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export function visitKey(slug: string): string {
  return `coeduc:visit:${slug}`;
}

function isChild(value: unknown): value is VisitChild {
  const c = value as Partial<VisitChild> | null;
  return (
    !!c &&
    (CHILD_BANDS as readonly unknown[]).includes(c.band) &&
    (CARE_SETTINGS as readonly unknown[]).includes(c.care)
  );
}

function isVisit(value: unknown): value is FamilyVisit {
  const v = value as Partial<FamilyVisit> | null;
  return (
    !!v &&
    typeof v.id === "string" &&
    typeof v.secret === "string" &&
    SECRET_PATTERN.test(v.secret) &&
    Number.isInteger(v.nextPart) &&
    (v.children === null || (Array.isArray(v.children) && v.children.every(isChild))) &&
    Number.isInteger(v.storedOwn) &&
    Number.isInteger(v.storedChildren) &&
    (v.erasureCode === undefined || typeof v.erasureCode === "string") &&
    (v.young === undefined || typeof v.young === "boolean") &&
    (v.expectsParent === undefined || typeof v.expectsParent === "boolean") &&
    typeof v.updatedAt === "string"
  );
}

/** The campaign's visit on this phone, if one is under way (not expired, not corrupt). */
export function loadVisit(store: KeyValueStore, slug: string, now: Date = new Date()): FamilyVisit | null {
  try {
    const raw = store.getItem(visitKey(slug));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (isVisit(parsed) && now.getTime() - Date.parse(parsed.updatedAt) <= VISIT_MAX_AGE_MS) return parsed;
    store.removeItem(visitKey(slug));
  } catch {
    // unreadable: no visit
  }
  return null;
}

export function saveVisit(store: KeyValueStore, slug: string, visit: FamilyVisit): void {
  try {
    store.setItem(visitKey(slug), JSON.stringify({ ...visit, updatedAt: new Date().toISOString() }));
  } catch {
    // A full storage: each response still gets sent; the code may then differ (see SurveyForm).
  }
}

export function clearVisit(store: KeyValueStore, slug: string): void {
  try {
    store.removeItem(visitKey(slug));
  } catch {
    // nothing to do
  }
}

/** A new visit, saved (replacing any earlier one). */
export function startVisit(store: KeyValueStore, slug: string, young = false): FamilyVisit {
  const visit: FamilyVisit = {
    young,
    id: newUuid(),
    secret: newSubmissionSecret(),
    nextPart: 0,
    children: null,
    storedOwn: 0,
    storedChildren: 0,
    updatedAt: new Date().toISOString(),
  };
  saveVisit(store, slug, visit);
  return visit;
}

/**
 * The next part number of the visit for a new response, saved; null when the visit is full
 * (the response is then sent on its own, with its own code).
 */
export function takePart(store: KeyValueStore, slug: string, visit: FamilyVisit): VisitPart | null {
  if (visit.nextPart >= MAX_VISIT_PARTS) return null;
  const part = { id: visit.id, secret: visit.secret, part: visit.nextPart };
  saveVisit(store, slug, { ...visit, nextPart: visit.nextPart + 1 });
  return part;
}

/** Records an acknowledged response of the visit (and the code the server gave). */
export function recordStored(
  store: KeyValueStore,
  slug: string,
  part: VisitPart,
  kind: "own" | "child",
  erasureCode: string | null,
): FamilyVisit | null {
  const visit = loadVisit(store, slug);
  if (!visit || visit.id !== part.id) return null;
  const next: FamilyVisit = {
    ...visit,
    storedOwn: visit.storedOwn + (kind === "own" ? 1 : 0),
    storedChildren: visit.storedChildren + (kind === "child" ? 1 : 0),
    ...(erasureCode ? { erasureCode } : {}),
  };
  saveVisit(store, slug, next);
  return next;
}

/** Reads a draft's `visit` as saved; anything else is dropped. */
export function isVisitPart(value: unknown): value is VisitPart {
  const v = value as Partial<VisitPart> | null;
  return (
    !!v &&
    typeof v.id === "string" &&
    typeof v.secret === "string" &&
    SECRET_PATTERN.test(v.secret) &&
    Number.isInteger(v.part) &&
    v.part! >= 0 &&
    v.part! < MAX_VISIT_PARTS
  );
}

/** What the thank-you page says was saved in the visit. */
export interface FamilySummary {
  /** The person's own parts (a young adult who is a parent has two). */
  own: number;
  children: number;
  young: boolean;
}

/** The thank-you page's navigation state at the end of a visit: its one code and what was saved. */
export function thanksStateOf(visit: FamilyVisit): {
  erasureCode: string | null;
  audience: string;
  family: FamilySummary;
} {
  return {
    erasureCode: visit.erasureCode ?? null,
    audience: visit.young ? "A" : "P",
    family: { own: visit.storedOwn, children: visit.storedChildren, young: visit.young ?? false },
  };
}

/**
 * The response's part in the family visit, for a draft that has none yet: a young adult always
 * starts a visit; a parent joins the visit of a young adult who said they are a parent, else
 * starts one; a child's part (from the children screen) joins the visit under way, or starts one.
 */
export function joinVisit(
  store: KeyValueStore,
  slug: string,
  audience: string,
  child: number | null,
): { part: VisitPart; visit: FamilyVisit } | null {
  let visit = loadVisit(store, slug);
  if (audience === "A") visit = startVisit(store, slug, true);
  else if (audience === "P") {
    visit = visit?.expectsParent ? { ...visit, expectsParent: false } : startVisit(store, slug);
  } else if (audience === "Px" && child !== null) visit ??= startVisit(store, slug);
  else return null;
  const part = takePart(store, slug, visit);
  return part ? { part, visit: { ...visit, nextPart: part.part + 1 } } : null;
}

/** The question `care` of a child questionnaire (child.v2): the index of its page, or -1. */
export function carePageOf(json: Record<string, unknown>): number {
  const pages = (json.pages as { elements?: { name?: string }[] }[] | undefined) ?? [];
  return pages.findIndex((p) => (p.elements ?? []).some((e) => e.name === "care"));
}
