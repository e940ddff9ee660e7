import { describe, expect, it } from "vitest";
import {
  clearDraft,
  clearStoredDrafts,
  type Draft,
  draftKey,
  loadDraft,
  parseDraftKey,
  saveDraft,
  submissionOf,
  unsentAnswers,
} from "./answer-store";
import { ZSubmission } from "./submission";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** 128 random bits in base64url: 22 characters. */
const SECRET = /^[A-Za-z0-9_-]{22}$/;

/** An in-memory Storage with the three methods the store uses, and a switch to make them throw. */
class FakeStorage {
  readonly items = new Map<string, string>();
  failOn = new Set<"getItem" | "setItem" | "removeItem">();

  getItem(key: string): string | null {
    if (this.failOn.has("getItem")) throw new DOMException("blocked", "SecurityError");
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failOn.has("setItem")) throw new DOMException("quota", "QuotaExceededError");
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    if (this.failOn.has("removeItem")) throw new DOMException("blocked", "SecurityError");
    this.items.delete(key);
  }
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
}

const KEY = draftKey("quartier-nord", "parent", 1, null);

function expectFreshDraft(draft: Draft) {
  expect(draft.id).toMatch(UUID);
  expect(draft.secret).toMatch(SECRET);
  expect(draft.data).toEqual({});
  expect(draft.pageNo).toBe(0);
  expect(draft.status).toBe("answering");
  expect(Number.isNaN(Date.parse(draft.updatedAt))).toBe(false);
}

describe("draftKey", () => {
  it("names the campaign, survey version and age band", () => {
    expect(draftKey("quartier-nord", "child", 1, "3-5")).toBe("coeduc:draft:quartier-nord:child.v1:3-5");
    expect(draftKey("quartier-nord", "parent", 2, null)).toBe("coeduc:draft:quartier-nord:parent.v2:-");
  });

  it("keeps one draft per child: different age bands give different keys", () => {
    expect(draftKey("s", "child", 1, "0-2")).not.toBe(draftKey("s", "child", 1, "6-11"));
  });
});

describe("loadDraft", () => {
  it("starts a fresh draft with a new UUID when nothing is stored", () => {
    const draft = loadDraft(new FakeStorage(), KEY);
    expectFreshDraft(draft);
  });

  it("gives a different id to each fresh draft", () => {
    const store = new FakeStorage();
    expect(loadDraft(store, KEY).id).not.toBe(loadDraft(store, KEY).id);
  });

  it("returns a saved draft as it was saved (same id, secret, answers, page and status)", () => {
    const store = new FakeStorage();
    const draft: Draft = {
      id: "11111111-2222-4333-8444-555555555555",
      secret: "AAAAAAAAAAAAAAAAAAAAAA",
      data: { d1_asked: 3, knowledge: "texte" },
      pageNo: 4,
      status: "sending",
      updatedAt: "2000-01-01T00:00:00.000Z",
    };
    const before = Date.now();
    expect(saveDraft(store, KEY, draft)).toBe(true);
    const loaded = loadDraft(store, KEY);
    expect(loaded).toEqual({ ...draft, updatedAt: loaded.updatedAt });
    // saveDraft stamps the time of the save.
    expect(Date.parse(loaded.updatedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(loaded.updatedAt)).toBeLessThanOrEqual(Date.now());
  });

  it("gives each fresh draft its own secret, kept with the id for every retry", () => {
    const store = new FakeStorage();
    const secrets = new Set(Array.from({ length: 50 }, () => loadDraft(store, KEY).secret));
    expect(secrets.size).toBe(50);
    const draft = loadDraft(store, KEY);
    saveDraft(store, KEY, { ...draft, status: "sending" });
    expect(loadDraft(store, KEY)).toMatchObject({ id: draft.id, secret: draft.secret });
    expect(loadDraft(store, KEY)).toMatchObject({ id: draft.id, secret: draft.secret });
  });

  it("gives a secret to a waiting draft saved by an older page, and keeps its id and answers", () => {
    // An outbox from before the update: the first send from this page carries a secret.
    const store = new FakeStorage();
    const old = {
      id: "11111111-2222-4333-8444-555555555555",
      data: { d1_asked: 3 },
      pageNo: 4,
      status: "sending",
      updatedAt: new Date().toISOString(),
    };
    store.items.set(KEY, JSON.stringify(old));
    const loaded = loadDraft(store, KEY);
    expect(loaded).toMatchObject({ id: old.id, data: old.data, pageNo: 4, status: "sending" });
    expect(loaded.secret).toMatch(SECRET);
    saveDraft(store, KEY, loaded);
    expect(loadDraft(store, KEY).secret).toBe(loaded.secret);
  });

  it("keeps a stored draft whose response came back without a code (null), until it is shown", () => {
    const store = new FakeStorage();
    const draft = loadDraft(store, KEY);
    saveDraft(store, KEY, { ...draft, data: {}, status: "stored", erasureCode: null });
    expect(loadDraft(store, KEY)).toMatchObject({ id: draft.id, status: "stored", erasureCode: null });
  });

  it("keeps the locale a finished draft is sent in, and refuses a malformed one", () => {
    const store = new FakeStorage();
    const draft: Draft = {
      id: "11111111-2222-4333-8444-555555555555",
      data: { d1_asked: 3 },
      pageNo: 2,
      status: "sending",
      locale: "ar",
      updatedAt: "2000-01-01T00:00:00.000Z",
    };
    saveDraft(store, KEY, draft);
    expect(loadDraft(store, KEY)).toMatchObject({ id: draft.id, locale: "ar" });
    store.items.set(KEY, JSON.stringify({ ...draft, locale: 3, updatedAt: new Date().toISOString() }));
    expect(loadDraft(store, KEY).id).not.toBe(draft.id);
  });

  it.each([
    ["corrupt JSON", "{not json"],
    ["a JSON string", '"hello"'],
    ["JSON null", "null"],
    ["an array", "[1,2,3]"],
    ["a draft without an id", JSON.stringify({ data: {}, pageNo: 0, status: "answering" })],
    ["a draft whose id is a number", JSON.stringify({ id: 7, data: {}, pageNo: 0, status: "answering" })],
    ["a draft without data", JSON.stringify({ id: "x", pageNo: 0, status: "answering" })],
    ["a draft with a string page", JSON.stringify({ id: "x", data: {}, pageNo: "2", status: "answering" })],
    ["a draft with an unknown status", JSON.stringify({ id: "x", data: {}, pageNo: 0, status: "done" })],
    [
      "a draft with a malformed secret",
      JSON.stringify({ id: "x", secret: "short", data: {}, pageNo: 0, status: "answering" }),
    ],
  ])("replaces %s with a fresh draft and a new UUID", (_label, raw) => {
    const store = new FakeStorage();
    store.items.set(KEY, raw);
    expectFreshDraft(loadDraft(store, KEY));
  });

  it("starts a fresh draft when the storage cannot be read", () => {
    const store = new FakeStorage();
    store.items.set(KEY, JSON.stringify({ id: "kept", data: {}, pageNo: 0, status: "answering" }));
    store.failOn.add("getItem");
    expectFreshDraft(loadDraft(store, KEY));
  });

  it("does not mix drafts stored under other keys", () => {
    const store = new FakeStorage();
    const other = draftKey("quartier-nord", "youth", 1, "12-14");
    saveDraft(store, other, { id: "other", data: { a: 1 }, pageNo: 2, status: "answering", updatedAt: "" });
    expectFreshDraft(loadDraft(store, KEY));
    expect(loadDraft(store, other).id).toBe("other");
  });
});

describe("saveDraft", () => {
  it("stores the draft as JSON under its key and returns true", () => {
    const store = new FakeStorage();
    const draft = loadDraft(store, KEY);
    draft.data = { d1_asked: 2 };
    draft.pageNo = 1;
    expect(saveDraft(store, KEY, draft)).toBe(true);
    const stored = JSON.parse(store.items.get(KEY)!) as Draft;
    expect(stored.id).toBe(draft.id);
    expect(stored.data).toEqual({ d1_asked: 2 });
    expect(stored.pageNo).toBe(1);
  });

  it("returns false, without throwing, when setItem throws (full or blocked storage)", () => {
    const store = new FakeStorage();
    store.failOn.add("setItem");
    const draft = loadDraft(store, KEY);
    expect(saveDraft(store, KEY, draft)).toBe(false);
    expect(store.items.has(KEY)).toBe(false);
  });

  it("does not change the draft object it is given", () => {
    const store = new FakeStorage();
    const draft: Draft = { id: "a", data: {}, pageNo: 0, status: "answering", updatedAt: "then" };
    saveDraft(store, KEY, draft);
    expect(draft.updatedAt).toBe("then");
  });
});

describe("clearDraft", () => {
  it("removes the draft, so the next load starts afresh with a new id", () => {
    const store = new FakeStorage();
    const draft = loadDraft(store, KEY);
    saveDraft(store, KEY, draft);
    expect(loadDraft(store, KEY).id).toBe(draft.id);
    clearDraft(store, KEY);
    expect(store.items.has(KEY)).toBe(false);
    const next = loadDraft(store, KEY);
    expectFreshDraft(next);
    expect(next.id).not.toBe(draft.id);
  });

  it("never throws, even when removeItem does", () => {
    const store = new FakeStorage();
    store.failOn.add("removeItem");
    expect(() => clearDraft(store, KEY)).not.toThrow();
  });
});

describe("draft expiry", () => {
  it("forgets unfinished answers older than 30 days and removes them from the phone", () => {
    const store = new FakeStorage();
    const old: Draft = {
      id: "11111111-2222-4333-8444-555555555555",
      data: { knowledge_child: "Il a peur du noir." },
      pageNo: 4,
      status: "answering",
      updatedAt: "2026-01-01T10:00:00.000Z",
    };
    store.setItem(KEY, JSON.stringify(old));
    const kept = loadDraft(store, KEY, new Date("2026-01-30T10:00:00.000Z"));
    expect(kept.id).toBe(old.id);
    const expired = loadDraft(store, KEY, new Date("2026-02-01T10:00:01.000Z"));
    expectFreshDraft(expired);
    expect(expired.id).not.toBe(old.id);
    expect(store.items.has(KEY)).toBe(false);
  });
});

describe("a stored draft (acknowledged, confirmation not shown yet)", () => {
  const stored = (id: string): Draft => ({
    id,
    data: {},
    pageNo: 0,
    status: "stored",
    erasureCode: "K7M-4PQ-2XR",
    updatedAt: "",
  });

  it("comes back with its erasure code; without a code it is not a draft", () => {
    const store = new FakeStorage();
    saveDraft(store, KEY, stored("s1"));
    expect(loadDraft(store, KEY)).toMatchObject({ id: "s1", status: "stored", erasureCode: "K7M-4PQ-2XR" });
    saveDraft(store, KEY, { ...stored("s2"), erasureCode: undefined });
    expectFreshDraft(loadDraft(store, KEY));
  });

  it("is forgotten by the thank-you page of its campaign, and nothing else is", () => {
    const store = new FakeStorage();
    const child = draftKey("quartier-nord", "child", 1, "3-5");
    const elsewhere = draftKey("quartier-sud", "parent", 1, null);
    saveDraft(store, KEY, stored("here"));
    saveDraft(store, child, {
      id: "unfinished",
      data: { a: 1 },
      pageNo: 1,
      status: "answering",
      updatedAt: "",
    });
    saveDraft(store, elsewhere, stored("other-campaign"));
    clearStoredDrafts(store, "quartier-nord");
    expect(store.items.has(KEY)).toBe(false);
    expect(loadDraft(store, child).id).toBe("unfinished");
    expect(loadDraft(store, elsewhere).id).toBe("other-campaign");
  });
});

describe("unsent answers of a campaign", () => {
  const NOW = new Date("2026-12-08T01:00:00Z");
  const SECRET_VALUE = "abcdefghijklmnopqrstuv";
  function draft(status: Draft["status"], extra: Partial<Draft> = {}): Draft {
    return {
      id: "6f1c1a52-3a0e-4c1e-9a7f-0f3f1f2b9c11",
      secret: SECRET_VALUE,
      data: status === "stored" ? {} : { d1_asked: 3 },
      pageNo: 4,
      status,
      ...(status === "stored" ? { erasureCode: "ABCD-EFGH-JKMN-PQRS" } : {}),
      locale: "fr",
      updatedAt: "2026-12-07T20:00:00Z",
      ...extra,
    };
  }

  it("reads the questionnaire, version and age band back from a key", () => {
    expect(parseDraftKey(draftKey("nord", "child", 2, "3-5"), "nord")).toEqual({
      surveyId: "child",
      version: 2,
      ageBand: "3-5",
      form: "long",
      child: null,
    });
    expect(parseDraftKey(draftKey("nord", "parent.x", 1, null), "nord")).toEqual({
      surveyId: "parent.x",
      version: 1,
      ageBand: null,
      form: "long",
      child: null,
    });
    // The short form has its own draft: the long form's key is the one drafts always had.
    expect(draftKey("nord", "parent", 2, null, null, "long")).toBe("coeduc:draft:nord:parent.v2:-");
    expect(draftKey("nord", "parent", 2, null, null, "short")).toBe("coeduc:draft:nord:parent.v2:-:short");
    expect(parseDraftKey(draftKey("nord", "child", 2, "6-11", null, "short"), "nord")).toEqual({
      surveyId: "child",
      version: 2,
      ageBand: "6-11",
      child: null,
      form: "short",
    });
    expect(parseDraftKey("coeduc:draft:nord:child.v1:3-5:courte", "nord")).toBeNull();
    // In a family visit, each child's draft has its own key (two children of the same age).
    expect(parseDraftKey(draftKey("nord", "child", 2, "6-11", 1), "nord")).toEqual({
      surveyId: "child",
      version: 2,
      ageBand: "6-11",
      child: 1,
      form: "long",
    });
    expect(parseDraftKey(draftKey("nord", "child", 2, "6-11", 1, "short"), "nord")).toEqual({
      surveyId: "child",
      version: 2,
      ageBand: "6-11",
      child: 1,
      form: "short",
    });
    expect(draftKey("nord", "child", 2, "6-11", 0)).not.toBe(draftKey("nord", "child", 2, "6-11", 1));
    expect(parseDraftKey(draftKey("nord", "child", 1, "3-5"), "sud")).toBeNull();
    expect(parseDraftKey(draftKey("nord-est", "child", 1, "3-5"), "nord")).toBeNull();
    expect(parseDraftKey("coeduc:draft:nord:child.v1:99-100", "nord")).toBeNull();
    expect(parseDraftKey("coeduc:draft:nord:child:-", "nord")).toBeNull();
    expect(parseDraftKey("something else", "nord")).toBeNull();
  });

  it("lists only this campaign's finished answers not yet acknowledged", () => {
    const store = new FakeStorage();
    store.setItem(draftKey("nord", "parent", 1, null), JSON.stringify(draft("sending")));
    store.setItem(draftKey("nord", "child", 1, "3-5"), "{not json");
    store.setItem(draftKey("nord", "child", 1, "6-11"), JSON.stringify(draft("answering")));
    store.setItem(draftKey("nord", "youth", 1, "12-14"), JSON.stringify(draft("stored")));
    store.setItem(draftKey("sud", "parent", 1, null), JSON.stringify(draft("sending")));
    store.setItem(draftKey("nord", "young-adult", 1, "18-25"), JSON.stringify({ status: "sending" }));
    store.setItem("other", "1");
    const unsent = unsentAnswers(store, "nord", NOW);
    expect(unsent.map((u) => u.key)).toEqual([draftKey("nord", "parent", 1, null)]);
    expect(unsent[0]).toMatchObject({ surveyId: "parent", version: 1, ageBand: null });
    // Only read: nothing is removed.
    expect(store.items.size).toBe(7);
  });

  it("lists several in key order, and forgets expired ones", () => {
    const store = new FakeStorage();
    store.setItem(draftKey("nord", "parent", 1, null), JSON.stringify(draft("sending")));
    store.setItem(draftKey("nord", "child", 1, "3-5"), JSON.stringify(draft("sending")));
    store.setItem(
      draftKey("nord", "child", 1, "6-11"),
      JSON.stringify(draft("sending", { updatedAt: "2026-10-01T00:00:00Z" })),
    );
    expect(unsentAnswers(store, "nord", NOW).map((u) => u.surveyId + u.ageBand)).toEqual([
      "child3-5",
      "parentnull",
    ]);
  });

  it("finds nothing in an empty or unreadable storage", () => {
    const store = new FakeStorage();
    expect(unsentAnswers(store, "nord", NOW)).toEqual([]);
    store.setItem(draftKey("nord", "parent", 1, null), JSON.stringify(draft("sending")));
    store.failOn.add("getItem");
    expect(unsentAnswers(store, "nord", NOW)).toEqual([]);
  });

  it("builds the same submission as the questionnaire page: same id, secret and locale", () => {
    const store = new FakeStorage();
    store.setItem(draftKey("nord", "child", 1, "3-5"), JSON.stringify(draft("sending", { locale: "ar" })));
    const [unsent] = unsentAnswers(store, "nord", NOW);
    const submission = submissionOf(unsent!, "fr");
    expect(submission).toEqual({
      id: "6f1c1a52-3a0e-4c1e-9a7f-0f3f1f2b9c11",
      secret: SECRET_VALUE,
      surveyId: "child",
      surveyVersion: 1,
      locale: "ar",
      ageBand: "3-5",
      answers: { d1_asked: 3 },
    });
    expect(ZSubmission.safeParse(submission).success).toBe(true);
    const { locale: _locale, secret: _secret, ...older } = draft("sending");
    expect(submissionOf({ ...unsent!, draft: older as Draft }, "fr")).not.toHaveProperty("secret");
    expect(submissionOf({ ...unsent!, draft: older as Draft }, "fr").locale).toBe("fr");
  });

  it("sends short answers waiting on the phone as the short form, and long ones without a form", () => {
    const store = new FakeStorage();
    store.setItem(draftKey("nord", "parent", 2, null, null, "short"), JSON.stringify(draft("sending")));
    store.setItem(draftKey("nord", "child", 2, "3-5"), JSON.stringify(draft("sending")));
    const [child, parent] = unsentAnswers(store, "nord", NOW);
    expect(parent!.form).toBe("short");
    expect(submissionOf(parent!, "fr").form).toBe("short");
    expect(ZSubmission.safeParse(submissionOf(parent!, "fr")).success).toBe(true);
    expect(submissionOf(child!, "fr")).not.toHaveProperty("form");
  });
});
