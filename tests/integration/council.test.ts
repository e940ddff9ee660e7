/**
 * Youth council sessions against a real database: codes, joining, live answers (one per
 * phone and item), the time limit, the projector's counts (hidden below five answers), the
 * room's cap, and the council's record (one `C` response, never scored or pooled).
 */
import crypto from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../../db/client";
import type { CouncilSitting } from "~/council/rules";
import { CODE_ALPHABET, CRITERIA, evidenceQuestion, MAX_PARTICIPANTS, normalizeCode } from "~/council/rules";
import { type CampaignWithSurveys, findCampaignBySlug } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { liveState, sittingRevision } from "~/council/live.server";
import { answerItem, joinSitting, participantAnswers, participantKey } from "~/council/phones.server";
import { councilOpinions, recordAnswers, recordCouncil } from "~/council/record.server";
import {
  closeSitting,
  createSitting,
  findSitting,
  findSittingByCode,
  listSittings,
  openSitting,
} from "~/council/sittings.server";
import { type Actor, createUser, findActor } from "~/accounts/user.server";
import { createCampaign, getTestDb, type CampaignOptions } from "./fixtures";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SECRET = "council-test-secret-council-test-secret";
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{6}$`);

let db: DB;
let actor: Actor;
let slugs = 0;

beforeAll(async () => {
  db = (await getTestDb()).db;
  // The first campaign creates the test territory the coordinator belongs to.
  await createCampaign(db, { slug: "amorce" });
  const id = await createUser(db, {
    email: "animatrice@example.org",
    role: "coordinator",
    password: "un mot de passe assez long",
    territorySlugs: ["territoire-test"],
  });
  actor = (await findActor(db, id))!;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A fresh campaign (open by default: opened yesterday, closing in a year). */
async function campaign(options: Partial<CampaignOptions> = {}): Promise<CampaignWithSurveys> {
  slugs += 1;
  const slug = `conseil-${slugs}`;
  await createCampaign(db, { slug, ...options });
  return (await findCampaignBySlug(db, slug))!;
}

async function newSitting(c: CampaignWithSurveys, durationMinutes = 90): Promise<CouncilSitting> {
  const result = await createSitting(db, actor, c, {
    councilName: "Conseil des jeunes du Mirail",
    durationMinutes,
  });
  if (result.kind !== "created") throw new Error(`session refused: ${result.availability}`);
  return result.sitting;
}

async function openedSitting(
  c: CampaignWithSurveys,
  options: { durationMinutes?: number; now?: Date } = {},
): Promise<CouncilSitting> {
  const session = await newSitting(c, options.durationMinutes);
  const result = await openSitting(db, actor, c, session, options.now);
  if (result.kind !== "ok") throw new Error(`session not opened: ${result.kind}`);
  return result.sitting;
}

/** The session as stored now. */
async function stored(session: CouncilSitting): Promise<CouncilSitting> {
  return db.selectFrom("council_session").selectAll().where("id", "=", session.id).executeTakeFirstOrThrow();
}

const phone = (session: CouncilSitting, i: number) => participantKey(session.id, `cookie-${i}`, SECRET);

async function answersOf(session: CouncilSitting) {
  return db
    .selectFrom("council_answer")
    .select(["participant", "question", "value"])
    .where("session_id", "=", session.id)
    .execute();
}

async function participantsOf(session: CouncilSitting): Promise<number> {
  const { n } = await db
    .selectFrom("council_participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "=", session.id)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function count(table: "response" | "response_score" | "participation_daily" | "indicator_aggregate") {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function auditOf(action: string): Promise<{ target: string | null; details: unknown }[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["target", "details"])
    .where("action", "=", action)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
  }));
}

async function liveItemOf(session: CouncilSitting, name: string, now?: Date) {
  const state = await liveState(db, session.id, now);
  return state!.items.find((i) => i.name === name)!;
}

/** A complete record: the opinion, then each criterion's verdict and a line of evidence. */
function record(
  verdicts: readonly string[],
  opinion = "Nous voulons un local ouvert le samedi.",
): Record<string, unknown> {
  const answers: Record<string, unknown> = { opinion };
  CRITERIA.forEach((c, i) => {
    answers[c.name] = verdicts[i];
    answers[evidenceQuestion(c.name)] = `Exemple pour ${c.label}.`;
  });
  return answers;
}
// 5 yes, 2 partly, 2 no.
const MIXED = ["yes", "yes", "partly", "no", "yes", "partly", "yes", "no", "yes"];

describe("createSitting", () => {
  it("gives a waiting session a six-character code from the alphabet, and logs it", async () => {
    const c = await campaign();
    const session = await newSitting(c, 60);
    expect(session.code).toMatch(CODE_PATTERN);
    expect(normalizeCode(session.code)).toBe(session.code);
    expect(session).toMatchObject({
      campaign_id: c.id,
      council_name: "Conseil des jeunes du Mirail",
      status: "waiting",
      duration_minutes: 60,
      items_survey_id: "council-items",
      items_survey_version: 2,
      opened_at: null,
      closes_at: null,
      response_id: null,
    });
    expect((await findSittingByCode(db, session.code))?.id).toBe(session.id);
    expect((await findSitting(db, c.id, session.id))?.code).toBe(session.code);
    const other = await campaign();
    expect(await findSitting(db, other.id, session.id)).toBeUndefined();
    const audit = await auditOf("council_session_created");
    expect(audit.at(-1)).toEqual({
      target: c.slug,
      details: { session: session.id, council: "Conseil des jeunes du Mirail" },
    });
  });

  it("gives every session a different code", async () => {
    const c = await campaign();
    const codes = new Set<string>();
    for (let i = 0; i < 40; i += 1) codes.add((await newSitting(c)).code);
    expect(codes.size).toBe(40);
  });

  it("draws again when a code is already taken", async () => {
    const c = await campaign();
    const first = await newSitting(c);
    // The first draw repeats the existing code letter by letter; the next ones are random.
    const letters = [...first.code].map((ch) => CODE_ALPHABET.indexOf(ch));
    const real = crypto.randomInt.bind(crypto) as (max: number) => number;
    let calls = 0;
    vi.spyOn(crypto, "randomInt").mockImplementation(((max: number) => {
      calls += 1;
      return calls <= letters.length ? letters[calls - 1]! : real(max);
    }) as typeof crypto.randomInt);
    const second = await newSitting(c);
    expect(calls).toBeGreaterThan(letters.length);
    expect(second.code).not.toBe(first.code);
    expect(second.code).toMatch(CODE_PATTERN);
  });

  it("is refused for a closed campaign, and stores nothing", async () => {
    const closed = await campaign({ status: "closed" });
    const ended = await campaign({
      opensAt: new Date(Date.now() - 30 * DAY),
      closesAt: new Date(Date.now() - DAY),
    });
    const draft = await campaign({ status: "draft" });
    const input = { councilName: "Conseil", durationMinutes: 90 };
    expect(await createSitting(db, actor, closed, input)).toEqual({
      kind: "campaign_unavailable",
      availability: "closed",
    });
    expect(await createSitting(db, actor, ended, input)).toEqual({
      kind: "campaign_unavailable",
      availability: "closed",
    });
    expect(await createSitting(db, actor, draft, input)).toEqual({
      kind: "campaign_unavailable",
      availability: "draft",
    });
    const rows = await db
      .selectFrom("council_session")
      .select("id")
      .where("campaign_id", "in", [closed.id, ended.id, draft.id])
      .execute();
    expect(rows).toEqual([]);
  });

  it("is allowed before the campaign opens, but the session cannot open before it does", async () => {
    const soon = await campaign({
      opensAt: new Date(Date.now() + DAY),
      closesAt: new Date(Date.now() + 30 * DAY),
    });
    const session = await newSitting(soon);
    expect(await openSitting(db, actor, soon, session)).toEqual({
      kind: "campaign_unavailable",
      availability: "not_yet_open",
    });
    expect((await stored(session)).status).toBe("waiting");
  });
});

describe("joining and answering", () => {
  it("counts a phone once when it joins a waiting session", async () => {
    const session = await newSitting(await campaign());
    expect(await joinSitting(db, session, phone(session, 1))).toEqual({ kind: "joined" });
    expect(await joinSitting(db, session, phone(session, 1))).toEqual({ kind: "already" });
    expect(await joinSitting(db, session, phone(session, 2))).toEqual({ kind: "joined" });
    expect((await liveState(db, session.id))!.participants).toBe(2);
  });

  it("refuses answers before the session opens, and stores nothing", async () => {
    const session = await newSitting(await campaign());
    const before = (await stored(session)).revision;
    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3")).toEqual({ kind: "not_open" });
    expect(await answersOf(session)).toEqual([]);
    expect(await participantsOf(session)).toBe(0);
    expect((await stored(session)).revision).toBe(before);
  });

  it("takes answers once the session is open", async () => {
    const c = await campaign();
    const session = await newSitting(c);
    const start = new Date();
    const opened = await openSitting(db, actor, c, session, start);
    expect(opened.kind).toBe("ok");
    if (opened.kind !== "ok") return;
    expect(opened.sitting.status).toBe("open");
    expect(opened.sitting.opened_at).toBe(start.toISOString());
    expect(opened.sitting.closes_at).toBe(new Date(start.getTime() + 90 * MINUTE).toISOString());
    expect((await auditOf("council_session_opened")).at(-1)).toEqual({
      target: c.slug,
      details: { session: session.id },
    });
    // Opening again changes nothing.
    expect((await openSitting(db, actor, c, opened.sitting)).kind).toBe("already");

    // The session object the phone holds may be the one from before it opened.
    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3")).toEqual({ kind: "saved" });
    expect(await answerItem(db, session, phone(session, 1), "d6_speak", "nsp")).toEqual({ kind: "saved" });
    expect(await participantAnswers(db, session.id, phone(session, 1))).toEqual({
      d6_change: "3",
      d6_speak: "nsp",
    });
    expect(await participantAnswers(db, session.id, phone(session, 2))).toEqual({});
    // Answering counts the phone in, even if it never joined.
    expect(await participantsOf(session)).toBe(1);
  });

  it("replaces a phone's answer to the same item instead of adding one", async () => {
    const session = await openedSitting(await campaign());
    const me = phone(session, 1);
    expect(await answerItem(db, session, me, "d6_change", "1")).toEqual({ kind: "saved" });
    expect(await answerItem(db, session, me, "d6_change", "3")).toEqual({ kind: "replaced" });
    expect(await answerItem(db, session, me, "d6_change", "3")).toEqual({ kind: "replaced" });
    expect(await answersOf(session)).toEqual([{ participant: me, question: "d6_change", value: "3" }]);
    expect((await liveItemOf(session, "d6_change")).answers).toBe(1);
  });

  it("keeps one answer per phone and item when the same phone sends several at once", async () => {
    const session = await openedSitting(await campaign());
    const me = phone(session, 1);
    const results = await Promise.all(
      ["1", "2", "3", "nsp", "2", "3"].map((v) => answerItem(db, session, me, "d7_adults_with_us", v)),
    );
    expect(results.filter((r) => r.kind === "saved")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "replaced")).toHaveLength(5);
    expect(await answersOf(session)).toHaveLength(1);
    expect((await liveItemOf(session, "d7_adults_with_us")).answers).toBe(1);
  });

  it("does not reach the threshold when one phone answers five times", async () => {
    const session = await openedSitting(await campaign());
    for (const value of ["1", "2", "3", "nsp", "1"])
      await answerItem(db, session, phone(session, 1), "d7_reaches", value);
    expect(await liveItemOf(session, "d7_reaches")).toMatchObject({ answers: 1, choices: null });
  });

  it("moves a phone's voice, never adds one, when a sixth answer comes from a phone that already answered", async () => {
    const session = await openedSitting(await campaign());
    for (const [i, value] of ["1", "1", "2", "3", "3"].entries()) {
      expect(await answerItem(db, session, phone(session, i), "d6_together", value)).toEqual({
        kind: "saved",
      });
    }
    const counts = async () =>
      Object.fromEntries((await liveItemOf(session, "d6_together")).choices!.map((c) => [c.value, c.n]));
    expect(await counts()).toEqual({ "1": 2, "2": 1, "3": 2, nsp: 0, nc: 0 });
    // The fifth phone changes its mind: still five answers, one moved from "3" to "nsp".
    expect(await answerItem(db, session, phone(session, 4), "d6_together", "nsp")).toEqual({
      kind: "replaced",
    });
    expect((await liveItemOf(session, "d6_together")).answers).toBe(5);
    expect(await counts()).toEqual({ "1": 2, "2": 1, "3": 1, nsp: 1, nc: 0 });
    expect(await answersOf(session)).toHaveLength(5);
  });

  it("refuses an unknown item or a value that is not one of its choices, and stores nothing", async () => {
    const session = await openedSitting(await campaign());
    const me = phone(session, 1);
    expect(await answerItem(db, session, me, "d9_unknown", "3")).toEqual({ kind: "unknown_item" });
    expect(await answerItem(db, session, me, "opinion", "3")).toEqual({ kind: "unknown_item" });
    expect(await answerItem(db, session, me, "", "3")).toEqual({ kind: "unknown_item" });
    for (const value of ["4", "0", "", "yes", "Oui", "🙂 Oui", "NSP", " 3"]) {
      expect(await answerItem(db, session, me, "d6_change", value), value).toEqual({ kind: "invalid_value" });
    }
    expect(await answersOf(session)).toEqual([]);
    expect(await participantsOf(session)).toBe(0);
  });

  it("refuses answers and phones once the facilitator closes the session", async () => {
    const c = await campaign();
    const session = await openedSitting(c);
    await answerItem(db, session, phone(session, 1), "d6_change", "2");
    const closed = await closeSitting(db, actor, c, session);
    expect(closed.kind).toBe("ok");
    if (closed.kind !== "ok") return;
    expect(closed.sitting.status).toBe("closed");
    expect(closed.sitting.closed_at).not.toBeNull();
    expect((await auditOf("council_session_closed")).at(-1)).toEqual({
      target: c.slug,
      details: { session: session.id },
    });

    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3")).toEqual({ kind: "closed" });
    expect(await answerItem(db, session, phone(session, 2), "d6_change", "3")).toEqual({ kind: "closed" });
    expect(await answersOf(session)).toEqual([
      { participant: phone(session, 1), question: "d6_change", value: "2" },
    ]);
    expect(await joinSitting(db, closed.sitting, phone(session, 3))).toEqual({ kind: "closed" });
    expect(await participantsOf(session)).toBe(1);
    // A closed session stays closed: opening or closing it again changes nothing.
    expect((await closeSitting(db, actor, c, closed.sitting)).kind).toBe("already");
    expect((await openSitting(db, actor, c, closed.sitting)).kind).toBe("already");
    expect((await stored(session)).status).toBe("closed");
  });

  it("can be closed while still waiting, and then never opens", async () => {
    const c = await campaign();
    const session = await newSitting(c);
    expect((await closeSitting(db, actor, c, session)).kind).toBe("ok");
    expect((await openSitting(db, actor, c, await stored(session))).kind).toBe("already");
    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3")).toEqual({ kind: "closed" });
  });
});

describe("the time limit", () => {
  it("closes a session whose time has run out, for answers, phones and the projector", async () => {
    const c = await campaign();
    // Opened two hours ago for 30 minutes: the limit passed 90 minutes ago.
    const start = new Date(Date.now() - 2 * HOUR);
    const session = await openedSitting(c, { durationMinutes: 30, now: start });
    const limit = new Date(start.getTime() + 30 * MINUTE).toISOString();
    expect(session.closes_at).toBe(limit);
    expect(session.status).toBe("open");

    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3")).toEqual({ kind: "closed" });
    expect(await answersOf(session)).toEqual([]);
    // The stream notices the change before anything is written.
    const revision = (await stored(session)).revision;
    expect(await sittingRevision(db, session.id)).toBeGreaterThan(revision);

    const state = await liveState(db, session.id);
    expect(state!.status).toBe("closed");
    expect(state!.closesAt).toBe(limit);
    // liveState wrote it down.
    const after = await stored(session);
    expect(after.status).toBe("closed");
    expect(after.closed_at).toBe(limit);
    expect(await sittingRevision(db, session.id)).toBe(after.revision);

    expect(await joinSitting(db, session, phone(session, 2))).toEqual({ kind: "closed" });
    expect((await listSittings(db, c.id)).find((s) => s.id === session.id)).toMatchObject({
      status: "closed",
      closedAt: limit,
    });
  });

  it("takes answers until the limit and refuses them from the limit on", async () => {
    const start = new Date(Date.now() - 10 * MINUTE);
    const session = await openedSitting(await campaign(), { durationMinutes: 30, now: start });
    const limit = new Date(session.closes_at!);
    const justBefore = new Date(limit.getTime() - 1);
    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3", justBefore)).toEqual({
      kind: "saved",
    });
    expect(await answerItem(db, session, phone(session, 2), "d6_change", "3", limit)).toEqual({
      kind: "closed",
    });
    expect((await liveState(db, session.id, justBefore))!.status).toBe("open");
    expect((await stored(session)).status).toBe("open");
  });

  it("ends a session when the campaign closes, never after", async () => {
    const closesAt = new Date(Date.now() + 10 * MINUTE);
    const c = await campaign({ closesAt });
    const session = await openedSitting(c, { durationMinutes: 90 });
    expect(session.closes_at).toBe(closesAt.toISOString());
    const after = new Date(closesAt.getTime() + MINUTE);
    expect(await answerItem(db, session, phone(session, 1), "d6_change", "3", after)).toEqual({
      kind: "closed",
    });
  });

  it("refuses to open a session once the campaign has closed", async () => {
    const closesAt = new Date(Date.now() + 10 * MINUTE);
    const c = await campaign({ closesAt });
    const session = await newSitting(c);
    const later = new Date(closesAt.getTime() + MINUTE);
    expect(await openSitting(db, actor, c, session, later)).toEqual({
      kind: "campaign_unavailable",
      availability: "closed",
    });
    expect((await stored(session)).status).toBe("waiting");
  });
});

describe("councilItems", () => {
  const ref = { items_survey_id: "council-items", items_survey_version: 1 };

  it("reads the multi-locale survey file in French by default, faces apart from the words", () => {
    const items = councilItems(ref);
    expect(items[0]).toEqual({
      name: "d6_change",
      title: "Dans ce conseil, les jeunes peuvent changer des choses dans le quartier.",
      choices: [
        { value: "1", label: "Non", face: "sad" },
        { value: "2", label: "Un peu", face: "neutral" },
        { value: "3", label: "Oui", face: "happy" },
        { value: "nsp", label: "Je ne sais pas", face: null },
      ],
    });
    for (const item of items) expect(typeof item.title).toBe("string");
  });

  it("reads another locale when asked, with the same questions, values and faces", () => {
    const french = councilItems(ref);
    const english = councilItems(ref, "en");
    expect(english[0]!.title).toBe("In this council, young people can change things in the neighbourhood.");
    expect(english[0]!.choices.map((c) => c.label)).toEqual(["No", "A little", "Yes", "I don't know"]);
    const shape = (items: typeof french) =>
      items.map((i) => ({ name: i.name, choices: i.choices.map((c) => [c.value, c.face]) }));
    expect(shape(english)).toEqual(shape(french));
    expect(shape(councilItems(ref, "ar"))).toEqual(shape(french));
    // A locale the file is not written in falls back to French.
    expect(councilItems(ref, "tr")).toEqual(french);
  });
});

describe("liveState", () => {
  it("hides an item's counts below five answers and shows them exactly from five", async () => {
    const session = await openedSitting(await campaign());
    const values = ["3", "3", "1", "nsp"];
    for (const [i, value] of values.entries())
      await answerItem(db, session, phone(session, i), "d7_explained", value);

    let state = (await liveState(db, session.id))!;
    expect(state.status).toBe("open");
    expect(state.participants).toBe(4);
    expect(state.items.map((i) => i.name)).toEqual(councilItems(session).map((i) => i.name));
    expect(state.items.find((i) => i.name === "d7_explained")).toEqual({
      name: "d7_explained",
      title: "On nous explique les décisions prises pour les jeunes du quartier.",
      answers: 4,
      choices: null,
    });
    // Nothing in what the projector receives tells how the four answered.
    expect(JSON.stringify(state)).not.toMatch(/"n":/);
    for (const item of state.items) expect(item.choices).toBeNull();

    await answerItem(db, session, phone(session, 4), "d7_explained", "3");
    state = (await liveState(db, session.id))!;
    expect(state.items.find((i) => i.name === "d7_explained")).toEqual({
      name: "d7_explained",
      title: "On nous explique les décisions prises pour les jeunes du quartier.",
      answers: 5,
      choices: [
        { value: "1", label: "Non", face: "sad", n: 1 },
        { value: "2", label: "Un peu", face: "neutral", n: 0 },
        { value: "3", label: "Oui", face: "happy", n: 3 },
        { value: "nsp", label: "Je ne sais pas", face: null, n: 1 },
        { value: "nc", label: "Ce n'est pas mon cas", face: null, n: 0 },
      ],
    });
    // The threshold is per item: the others are still hidden.
    expect(state.items.find((i) => i.name === "d6_change")).toMatchObject({ answers: 0, choices: null });
  });

  it("counts only the session's own answers", async () => {
    const c = await campaign();
    const a = await openedSitting(c);
    const b = await openedSitting(c);
    for (let i = 0; i < 3; i += 1) await answerItem(db, a, phone(a, i), "d6_change", "3");
    for (let i = 0; i < 3; i += 1) await answerItem(db, b, phone(b, i), "d6_change", "3");
    expect((await liveItemOf(a, "d6_change")).choices).toBeNull();
    expect((await liveItemOf(b, "d6_change")).answers).toBe(3);
  });

  it("moves the revision with every change a projector must show", async () => {
    const c = await campaign();
    const session = await newSitting(c);
    const r0 = (await liveState(db, session.id))!.revision;
    await joinSitting(db, session, phone(session, 1));
    const r1 = (await sittingRevision(db, session.id))!;
    expect(r1).toBeGreaterThan(r0);
    await openSitting(db, actor, c, session);
    const r2 = (await sittingRevision(db, session.id))!;
    expect(r2).toBeGreaterThan(r1);
    await answerItem(db, session, phone(session, 1), "d6_change", "3");
    const r3 = (await sittingRevision(db, session.id))!;
    expect(r3).toBeGreaterThan(r2);
    expect(await sittingRevision(db, 999_999)).toBeUndefined();
    expect(await liveState(db, 999_999)).toBeUndefined();
  });
});

describe("participantKey", () => {
  it("is stable within a session and differs from one session to the next", () => {
    const a = participantKey(1, "same-cookie", SECRET);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(participantKey(1, "same-cookie", SECRET)).toBe(a);
    expect(participantKey(2, "same-cookie", SECRET)).not.toBe(a);
    expect(participantKey(1, "other-cookie", SECRET)).not.toBe(a);
    expect(participantKey(1, "same-cookie", "another-secret")).not.toBe(a);
    // Not "session 1 + cookie 2x" read as "session 12 + cookie x".
    expect(participantKey(1, "2x", SECRET)).not.toBe(participantKey(12, "x", SECRET));
  });

  it("lets the same phone answer in two sessions, as two different participants", async () => {
    const c = await campaign();
    const a = await openedSitting(c);
    const b = await openedSitting(c);
    const keyA = participantKey(a.id, "one-phone", SECRET);
    const keyB = participantKey(b.id, "one-phone", SECRET);
    expect(keyA).not.toBe(keyB);
    expect(await answerItem(db, a, keyA, "d6_change", "1")).toEqual({ kind: "saved" });
    expect(await answerItem(db, b, keyB, "d6_change", "3")).toEqual({ kind: "saved" });
    expect(await participantAnswers(db, a.id, keyA)).toEqual({ d6_change: "1" });
    expect(await participantAnswers(db, b.id, keyB)).toEqual({ d6_change: "3" });
  });
});

describe("the room's cap", () => {
  it(`lets ${MAX_PARTICIPANTS} phones in and refuses the next, while those inside keep answering`, async () => {
    const session = await openedSitting(await campaign());
    const joinedAt = new Date().toISOString();
    await db
      .insertInto("council_participant")
      .values(
        Array.from({ length: MAX_PARTICIPANTS - 1 }, (_, i) => ({
          session_id: session.id,
          participant: phone(session, i),
          joined_at: joinedAt,
        })),
      )
      .execute();
    const last = phone(session, MAX_PARTICIPANTS - 1);
    const extra = phone(session, MAX_PARTICIPANTS);
    expect(await joinSitting(db, session, last)).toEqual({ kind: "joined" });
    expect(await participantsOf(session)).toBe(MAX_PARTICIPANTS);

    expect(await joinSitting(db, session, extra)).toEqual({ kind: "full" });
    expect(await answerItem(db, session, extra, "d6_change", "3")).toEqual({ kind: "full" });
    expect(await participantsOf(session)).toBe(MAX_PARTICIPANTS);
    expect(await answersOf(session)).toEqual([]);

    // Phones already in the room are not turned away.
    expect(await joinSitting(db, session, phone(session, 0))).toEqual({ kind: "already" });
    expect(await answerItem(db, session, phone(session, 0), "d6_change", "3")).toEqual({ kind: "saved" });
    expect(await answerItem(db, session, last, "d6_change", "2")).toEqual({ kind: "saved" });
    expect((await liveState(db, session.id))!.participants).toBe(MAX_PARTICIPANTS);
  });

  it("admits exactly one of several phones racing for the last place", async () => {
    const session = await openedSitting(await campaign());
    const joinedAt = new Date().toISOString();
    await db
      .insertInto("council_participant")
      .values(
        Array.from({ length: MAX_PARTICIPANTS - 1 }, (_, i) => ({
          session_id: session.id,
          participant: phone(session, i),
          joined_at: joinedAt,
        })),
      )
      .execute();
    const racers = Array.from({ length: 6 }, (_, i) => phone(session, 1000 + i));
    const results = await Promise.all([
      ...racers.slice(0, 3).map((p) => joinSitting(db, session, p)),
      ...racers.slice(3).map((p) => answerItem(db, session, p, "d6_change", "3")),
    ]);
    const admitted = results.filter((r) => r.kind === "joined" || r.kind === "saved");
    expect(admitted).toHaveLength(1);
    expect(results.filter((r) => r.kind === "full")).toHaveLength(5);
    expect(await participantsOf(session)).toBe(MAX_PARTICIPANTS);
  });
});

describe("recordCouncil", () => {
  it("is refused while the session is waiting, and stores nothing", async () => {
    const c = await campaign();
    const session = await newSitting(c);
    const responses = await count("response");
    expect(await recordCouncil(db, actor, c, session, record(MIXED), SECRET)).toEqual({
      kind: "not_started",
    });
    expect(await count("response")).toBe(responses);
    expect((await stored(session)).response_id).toBeNull();
  });

  it("refuses an incomplete or wrong record with French messages, and stores nothing", async () => {
    const c = await campaign();
    const session = await openedSitting(c);
    const responses = await count("response");
    const audits = (await auditOf("council_recorded")).length;

    const missingEvidence = record(MIXED);
    delete missingEvidence[evidenceQuestion("lundy_voice")];
    const missing = await recordCouncil(db, actor, c, session, missingEvidence, SECRET);
    expect(missing.kind).toBe("invalid");
    if (missing.kind !== "invalid") return;
    expect(missing.errors).toEqual([
      { question: "lundy_voice_evidence", message: "La réponse à cette question est obligatoire." },
    ]);

    // Blanks are no evidence.
    const blanks = { ...record(MIXED), [evidenceQuestion("lundy_voice")]: "   " };
    expect(await recordCouncil(db, actor, c, session, blanks, SECRET)).toEqual({
      kind: "invalid",
      errors: [{ question: "lundy_voice_evidence", message: "La réponse à cette question est obligatoire." }],
    });

    const noVerdict = record(MIXED);
    delete noVerdict.shier_involved;
    expect(await recordCouncil(db, actor, c, session, noVerdict, SECRET)).toEqual({
      kind: "invalid",
      errors: [{ question: "shier_involved", message: "La réponse à cette question est obligatoire." }],
    });

    const blankOpinion = record(MIXED, "");
    const blank = await recordCouncil(db, actor, c, session, blankOpinion, SECRET);
    expect(blank.kind).toBe("invalid");
    if (blank.kind === "invalid") expect(blank.errors.map((e) => e.question)).toEqual(["opinion"]);

    const notAVerdict = { ...record(MIXED), shier_shared: "peut-être" };
    expect(await recordCouncil(db, actor, c, session, notAVerdict, SECRET)).toEqual({
      kind: "invalid",
      errors: [{ question: "shier_shared", message: "Cette réponse ne fait pas partie des choix proposés." }],
    });
    const numeric = { ...record(MIXED), lundy_space: 1 };
    expect((await recordCouncil(db, actor, c, session, numeric, SECRET)).kind).toBe("invalid");

    const unknownField = { ...record(MIXED), participants_names: "Kevin, Inès" };
    expect(await recordCouncil(db, actor, c, session, unknownField, SECRET)).toEqual({
      kind: "invalid",
      errors: [
        { question: "participants_names", message: "Cette question n'existe pas dans ce questionnaire." },
      ],
    });

    const tooLong = { ...record(MIXED), [evidenceQuestion("shier_listened")]: "x".repeat(301) };
    expect(await recordCouncil(db, actor, c, session, tooLong, SECRET)).toEqual({
      kind: "invalid",
      errors: [
        { question: "shier_listened_evidence", message: "Le texte est trop long : 300 caractères au plus." },
      ],
    });

    expect(await count("response")).toBe(responses);
    expect((await stored(session)).response_id).toBeNull();
    expect(await auditOf("council_recorded")).toHaveLength(audits);
  });

  it("stores one C response of the campaign, never scored nor pooled with individual answers", async () => {
    const c = await campaign();
    const session = await openedSitting(c);
    for (let i = 0; i < 6; i += 1) await answerItem(db, session, phone(session, i), "d6_change", "3");
    await closeSitting(db, actor, c, session);
    const before = {
      responses: await count("response"),
      scores: await count("response_score"),
      daily: await count("participation_daily"),
      aggregates: await count("indicator_aggregate"),
    };

    const answers = record(MIXED);
    const result = await recordCouncil(db, actor, c, session, answers, SECRET);
    expect(result.kind).toBe("created");
    if (result.kind !== "created") return;

    const rows = await db.selectFrom("response").selectAll().where("campaign_id", "=", c.id).execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      id: result.responseId,
      audience: "C",
      survey_id: "council-record",
      survey_version: 1,
      age_band: null,
      locale: "fr",
      synthetic: 0,
    });
    expect(JSON.parse(row.answers)).toEqual(answers);
    expect((await stored(session)).response_id).toBe(result.responseId);
    expect(await recordAnswers(db, await stored(session))).toEqual(answers);

    expect(await count("response")).toBe(before.responses + 1);
    expect(await count("response_score")).toBe(before.scores);
    expect(await count("participation_daily")).toBe(before.daily);
    expect(await count("indicator_aggregate")).toBe(before.aggregates);
    expect(before).toMatchObject({ scores: 0, daily: 0, aggregates: 0 });

    expect((await auditOf("council_recorded")).at(-1)).toEqual({
      target: c.slug,
      details: { session: session.id, response: result.responseId },
    });
  });

  it("keeps one response when saved again: unchanged, then updated, each correction logged", async () => {
    const c = await campaign();
    const session = await openedSitting(c);
    const first = await recordCouncil(db, actor, c, session, record(MIXED), SECRET);
    expect(first.kind).toBe("created");
    if (first.kind !== "created") return;
    const updates = (await auditOf("council_record_updated")).length;

    // The same record, even with its fields in another order, changes nothing.
    const same = Object.fromEntries(Object.entries(record(MIXED)).reverse());
    expect(await recordCouncil(db, actor, c, session, same, SECRET)).toEqual({
      kind: "unchanged",
      responseId: first.responseId,
    });
    expect(await auditOf("council_record_updated")).toHaveLength(updates);

    const corrected = record(MIXED, "Nous voulons un local ouvert le samedi et le dimanche.");
    corrected.lundy_influence = "partly";
    expect(await recordCouncil(db, actor, c, session, corrected, SECRET)).toEqual({
      kind: "updated",
      responseId: first.responseId,
    });
    const rows = await db
      .selectFrom("response")
      .select(["id", "answers"])
      .where("campaign_id", "=", c.id)
      .execute();
    expect(rows).toEqual([{ id: first.responseId, answers: JSON.stringify(corrected) }]);
    expect((await auditOf("council_record_updated")).at(-1)).toEqual({
      target: c.slug,
      details: { session: session.id, response: first.responseId },
    });
    expect(
      (await auditOf("council_recorded")).filter(
        (a) => (a.details as { session: number }).session === session.id,
      ),
    ).toHaveLength(1);

    // Saving the correction again is unchanged, and going back to the first version is an update.
    expect((await recordCouncil(db, actor, c, session, corrected, SECRET)).kind).toBe("unchanged");
    expect((await recordCouncil(db, actor, c, session, record(MIXED), SECRET)).kind).toBe("updated");
    expect(
      await db.selectFrom("response").select("id").where("campaign_id", "=", c.id).execute(),
    ).toHaveLength(1);
  });

  it("makes one response of two saves at once", async () => {
    const c = await campaign();
    const session = await openedSitting(c);
    const other = record(MIXED, "Une autre version de l'avis.");
    const results = await Promise.all([
      recordCouncil(db, actor, c, session, record(MIXED), SECRET),
      recordCouncil(db, actor, c, session, other, SECRET),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["created", "updated"]);
    const rows = await db.selectFrom("response").select("id").where("campaign_id", "=", c.id).execute();
    expect(rows).toHaveLength(1);
    expect((await stored(session)).response_id).toBe(rows[0]!.id);
  });

  it("gives each session its own record, even with the same answers", async () => {
    const c = await campaign();
    const a = await openedSitting(c);
    const b = await openedSitting(c);
    const ra = await recordCouncil(db, actor, c, a, record(MIXED), SECRET);
    const rb = await recordCouncil(db, actor, c, b, record(MIXED), SECRET);
    expect(ra.kind).toBe("created");
    expect(rb.kind).toBe("created");
    if (ra.kind !== "created" || rb.kind !== "created") return;
    expect(ra.responseId).not.toBe(rb.responseId);
    expect(
      await db.selectFrom("response").select("id").where("campaign_id", "=", c.id).execute(),
    ).toHaveLength(2);
  });
});

describe("listSittings and councilOpinions", () => {
  it("return the record with its criteria summary: 5 yes, 2 partly, 2 no → 5 of 9 met", async () => {
    const c = await campaign();
    const start = new Date(Date.now() - HOUR);
    const recorded = await openedSitting(c, { now: start });
    for (let i = 0; i < 3; i += 1) await joinSitting(db, recorded, phone(recorded, i));
    await closeSitting(db, actor, c, recorded);
    const opinion = "Nous voulons un local ouvert le samedi.";
    expect((await recordCouncil(db, actor, c, recorded, record(MIXED, opinion), SECRET)).kind).toBe(
      "created",
    );
    const waiting = await newSitting(c);

    const list = await listSittings(db, c.id);
    expect(list.map((s) => s.id)).toEqual([waiting.id, recorded.id]);
    expect(list[0]).toMatchObject({ code: waiting.code, status: "waiting", participants: 0, record: null });
    const summary = list[1]!;
    expect(summary).toMatchObject({
      code: recorded.code,
      councilName: "Conseil des jeunes du Mirail",
      status: "closed",
      durationMinutes: 90,
      openedAt: start.toISOString(),
      participants: 3,
    });
    expect(summary.closedAt).not.toBeNull();
    expect(summary.record).not.toBeNull();
    expect(summary.record!.opinion).toBe(opinion);
    expect(summary.record!.summary).toEqual({ met: 5, partly: 2, notMet: 2, total: 9, share: 5 / 9 });
    expect(summary.record!.criteria).toHaveLength(9);
    expect(summary.record!.criteria[0]).toEqual({
      name: "lundy_space",
      model: "Lundy",
      label: "Espace",
      verdict: "yes",
      evidence: "Exemple pour Espace.",
    });
    expect(summary.record!.criteria.map((k) => k.verdict)).toEqual(MIXED);

    const opinions = await councilOpinions(db, c.id);
    expect(opinions).toHaveLength(1);
    expect(opinions[0]).toMatchObject({
      sessionId: recorded.id,
      councilName: "Conseil des jeunes du Mirail",
      heldOn: start.toISOString(),
    });
    expect(opinions[0]!.record).toEqual(summary.record);
  });

  it("lists only the campaign's own sessions and opinions, oldest opinion first", async () => {
    const c = await campaign();
    const other = await campaign();
    const first = await openedSitting(c);
    const second = await openedSitting(c);
    const elsewhere = await openedSitting(other);
    await recordCouncil(db, actor, c, second, record(Array(9).fill("no"), "Deuxième."), SECRET);
    await recordCouncil(db, actor, c, first, record(Array(9).fill("yes"), "Premier."), SECRET);
    await recordCouncil(db, actor, other, elsewhere, record(MIXED, "Ailleurs."), SECRET);

    expect((await listSittings(db, c.id)).map((s) => s.id)).toEqual([second.id, first.id]);
    const opinions = await councilOpinions(db, c.id);
    expect(opinions.map((o) => [o.sessionId, o.record.opinion, o.record.summary.met])).toEqual([
      [first.id, "Premier.", 9],
      [second.id, "Deuxième.", 0],
    ]);
    expect(await councilOpinions(db, (await campaign()).id)).toEqual([]);
  });
});
