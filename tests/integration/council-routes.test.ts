/**
 * Youth council routes through their loaders and actions: joining by code, the phone's page
 * (cookie, states, answers), the facilitator's pages (creating, opening, closing a session,
 * recording the council's opinion), the projector's JSON state and its live event stream.
 * The model's rules themselves are tested in council.test.ts; here, what each route answers
 * and what it leaves in the database.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../../db/client";
import type { CouncilSitting } from "~/council/rules";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { CRITERIA, evidenceQuestion, LIVE_THRESHOLD, VERDICTS } from "~/council/rules";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { type LiveState } from "~/council/live.server";
import { answerItem, participantKey } from "~/council/phones.server";
import { closeSitting, createSitting, openSitting } from "~/council/sittings.server";
import { action as joinAction } from "~/routes/conseil._index";
import {
  action as phoneAction,
  headers as phoneHeaders,
  loader as phoneLoader,
} from "~/routes/conseil.$code";
import {
  action as sessionAction,
  loader as sessionLoader,
} from "~/routes/tableau.campagnes.$slug.conseils.$id._index";
import { loader as streamLoader } from "~/routes/tableau.campagnes.$slug.conseils.$id.direct";
import { loader as stateLoader } from "~/routes/tableau.campagnes.$slug.conseils.$id.etat";
import {
  action as sessionsAction,
  loader as sessionsLoader,
} from "~/routes/tableau.campagnes.$slug.conseils._index";
import { createCampaign, getTestDb, signInPeople } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const SECRET = process.env.SESSION_SECRET!;
const SLUG = "conseils";
const OTHER_SLUG = "conseils-autre-vague";
const CLOSED_SLUG = "conseils-fermee";
const SOON_SLUG = "conseils-bientot";
const OTHER_TERRITORY = "autre-territoire";
const CODE_MESSAGE = "Le code a 6 caractères : des lettres et des chiffres. Par exemple : K7M 4PQ.";
/** A form whose intent is not one the page knows (the phone's, then the facilitator's). */
const PHONE_FORM_MESSAGE =
  "Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré. Rechargez la page, puis recommencez.";
const SITTING_FORM_MESSAGE =
  "Ce formulaire n'est pas reconnu : rien n'a été enregistré. Rechargez la page, puis recommencez.";
const NOT_OPEN_MESSAGE =
  "La séance n'a pas encore commencé. Ta réponse n'est pas enregistrée. Attends le signal.";

let db: DB;
const cookies = { coord: "", viewer: "", other: "" };
type Who = keyof typeof cookies;
let campaignsMade = 0;

beforeAll(async () => {
  db = (await getTestDb()).db;
  await createCampaign(db, { slug: SLUG, title: "Conseils" });
  await createCampaign(db, { slug: OTHER_SLUG, title: "Autre vague" });
  await createCampaign(db, { slug: CLOSED_SLUG, status: "closed" });
  await createCampaign(db, {
    slug: SOON_SLUG,
    opensAt: new Date(Date.now() + 7 * DAY),
    closesAt: new Date(Date.now() + 60 * DAY),
  });
  await db.insertInto("territory").values({ slug: OTHER_TERRITORY, name: "Autre territoire" }).execute();
  await signInPeople(
    db,
    {
      coord: { role: "coordinator", territorySlugs: ["territoire-test"] },
      viewer: { role: "viewer", territorySlugs: ["territoire-test"] },
      other: { role: "coordinator", territorySlugs: [OTHER_TERRITORY] },
    },
    cookies,
  );
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------
// Calling routes

interface CallInit {
  /** A Cookie header: a sign-in cookie, a phone's cookie, or both joined by "; ". */
  cookie?: string;
  /** Sent as a form POST when present. */
  form?: Record<string, string>;
  signal?: AbortSignal;
}

const args = (url: string, params: Record<string, string>, init: CallInit = {}): LoaderFunctionArgs => {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  // Posted as the real forms do: with the anti-CSRF token of the session cookie (a visitor's too).
  if (init.form && !init.cookie) headers.set("Cookie", "coeduc_session=visitor");
  const csrf: Record<string, string> = init.form ? { _csrf: csrfTokenForCookie(headers.get("Cookie")) } : {};
  return {
    request: new Request(`http://localhost${url}`, {
      method: init.form ? "POST" : "GET",
      headers,
      body: init.form ? new URLSearchParams({ ...csrf, ...init.form }) : undefined,
      signal: init.signal,
    }),
    params,
    context: {},
  };
};

/** What a loader or action answered, thrown or returned: a Response (json(), a redirect) or data. */
interface Outcome {
  status: number;
  data?: unknown;
  location: string | null;
  headers: Headers;
}

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    value = error;
  }
  if (value instanceof Response) {
    return {
      status: value.status,
      data: /\bapplication\/json\b/.test(value.headers.get("Content-Type") ?? "")
        ? await value.json()
        : await value.text(),
      location: value.headers.get("Location"),
      headers: value.headers,
    };
  }
  if (isRouteErrorResponse(value)) {
    return { status: value.status, data: value.data, location: null, headers: new Headers() };
  }
  if (value instanceof Error) throw value;
  return { status: 200, data: value, location: null, headers: new Headers() };
}

/** The `name=value` part of a Set-Cookie header, for the next request's Cookie header. */
const cookiePair = (setCookie: string | null) => {
  if (!setCookie) throw new Error("expected a Set-Cookie header");
  return setCookie.split(";")[0]!;
};

// ---------------------------------------------------------------------------
// Sessions and the database

async function campaignOf(slug: string) {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) throw new Error(`no campaign ${slug}`);
  return campaign;
}

/** A fresh campaign of the test territory, open by default. */
async function freshCampaign(): Promise<string> {
  campaignsMade += 1;
  const slug = `conseils-${campaignsMade}`;
  await createCampaign(db, { slug });
  return slug;
}

async function newSitting(
  slug: string,
  state: "waiting" | "open" | "closed" = "waiting",
): Promise<CouncilSitting> {
  const campaign = await campaignOf(slug);
  const created = await createSitting(db, null, campaign, {
    councilName: "Conseil des jeunes du Mirail",
    durationMinutes: 60,
  });
  if (created.kind !== "created") throw new Error(created.kind);
  if (state === "waiting") return created.sitting;
  const opened = await openSitting(db, null, campaign, created.sitting);
  if (opened.kind !== "ok") throw new Error(opened.kind);
  if (state === "open") return opened.sitting;
  const closed = await closeSitting(db, null, campaign, opened.sitting);
  if (closed.kind !== "ok") throw new Error(closed.kind);
  return closed.sitting;
}

async function stored(id: number): Promise<CouncilSitting> {
  return db.selectFrom("council_session").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function answersOf(sessionId: number) {
  return db
    .selectFrom("council_answer")
    .select(["participant", "question", "value"])
    .where("session_id", "=", sessionId)
    .orderBy("answered_at")
    .execute();
}

async function participantsOf(sessionId: number): Promise<number> {
  const { n } = await db
    .selectFrom("council_participant")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("session_id", "=", sessionId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function sessionsOf(slug: string): Promise<number> {
  const campaign = await campaignOf(slug);
  const { n } = await db
    .selectFrom("council_session")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaign.id)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function responsesOf(slug: string) {
  const campaign = await campaignOf(slug);
  return db
    .selectFrom("response")
    .select(["id", "audience", "survey_id", "answers"])
    .where("campaign_id", "=", campaign.id)
    .execute();
}

/** A phone, as the model knows it, answering directly (not through the routes). */
const phoneKey = (session: CouncilSitting, name: string) => participantKey(session.id, name, SECRET);

// ---------------------------------------------------------------------------
// Phones

const join = (code: string) => outcome(joinAction(args("/conseil", {}, { form: { code } })));
const phonePage = (code: string, query = "", cookie?: string) =>
  outcome(phoneLoader(args(`/conseil/${code}${query}`, { code }, { cookie })));
const answer = (code: string, form: Record<string, string>, cookie?: string) =>
  outcome(phoneAction(args(`/conseil/${code}`, { code }, { form, cookie })));

/** A new phone: its first visit to the session's page gives it its cookie. */
async function newPhone(code: string): Promise<string> {
  const page = await phonePage(code);
  expect(page.status).toBe(200);
  return cookiePair(page.headers.get("Set-Cookie"));
}

describe("joining with a code (/conseil)", () => {
  it("refuses a code that cannot be one with 422 and the French message, echoing what was typed", async () => {
    for (const typed of ["ABC", "K7M 4PQX", "K7M 4P0", ""]) {
      const r = await join(typed);
      expect(r.status).toBe(422);
      expect(r.data).toEqual({ code: typed, message: CODE_MESSAGE });
    }
  });

  it("answers 404 for a well-formed code no session has", async () => {
    expect(
      await db.selectFrom("council_session").selectAll().where("code", "=", "ZZZ222").executeTakeFirst(),
    ).toBe(undefined);
    const r = await join("zzz 222");
    expect(r.status).toBe(404);
    expect(r.data).toEqual({
      code: "zzz 222",
      message: "Aucune séance n'a ce code. Vérifie le code sur l'écran.",
    });
  });

  it("answers 410 for a closed session", async () => {
    const session = await newSitting(SLUG, "closed");
    const r = await join(session.code);
    expect(r.status).toBe(410);
    expect(r.data).toEqual({
      code: session.code,
      message: "Cette séance est terminée. On ne peut plus y répondre. Merci !",
    });
  });

  it("answers 410 for a session still waiting whose campaign has closed: it will never open", async () => {
    const slug = await freshCampaign();
    const session = await newSitting(slug, "waiting");
    expect((await join(session.code)).location).toBe(`/conseil/${session.code}`);
    await db.updateTable("campaign").set({ status: "closed" }).where("slug", "=", slug).execute();

    const r = await join(session.code);
    expect(r.status).toBe(410);
    expect(r.data).toMatchObject({
      message: "Cette séance est terminée. On ne peut plus y répondre. Merci !",
    });
    // The phone's page says so too, and counts no phone in.
    const page = await phonePage(session.code);
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ reason: "closed" });
    expect(await participantsOf(session.id)).toBe(0);
  });

  it("sends a valid code typed in lower case, with a space or a dash, to the session's page", async () => {
    const open = await newSitting(SLUG, "open");
    const waiting = await newSitting(SLUG, "waiting");
    for (const session of [open, waiting]) {
      const lower = session.code.toLowerCase();
      for (const typed of [
        `${lower.slice(0, 3)} ${lower.slice(3)}`,
        `${lower.slice(0, 3)}-${lower.slice(3)}`,
        `  ${lower} `,
      ]) {
        const r = await join(typed);
        expect(r.status).toBe(302);
        expect(r.location).toBe(`/conseil/${session.code}`);
      }
    }
    // Joining by code stores nothing: the phone is counted on its first visit to the page.
    expect(await participantsOf(open.id)).toBe(0);
  });
});

describe("the phone's page (/conseil/:code): loader", () => {
  it("gives the phone its cookie on the first visit only, and counts it once", async () => {
    const session = await newSitting(SLUG, "waiting");
    const first = await phonePage(session.code);
    expect(first.status).toBe(200);
    const setCookie = first.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^coeduc_conseil=[^;]+;/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*Path=\/conseil(;|$)/);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    // Plain HTTP on the town hall's network: a Secure cookie would be dropped.
    expect(setCookie).not.toMatch(/Secure/i);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    expect(await participantsOf(session.id)).toBe(1);

    const again = await phonePage(session.code, "", cookiePair(setCookie));
    expect(again.status).toBe(200);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(again.headers.get("Cache-Control")).toBe("no-store");
    expect(await participantsOf(session.id)).toBe(1);

    // Another phone (no cookie) is another participant.
    await newPhone(session.code);
    expect(await participantsOf(session.id)).toBe(2);
  });

  it("reads the code from the address whatever its case", async () => {
    const session = await newSitting(SLUG, "waiting");
    const page = await phonePage(session.code.toLowerCase());
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ code: session.code, state: "waiting" });
  });

  it("answers 404 for an unknown or malformed code and 410 for a closed session, counting no phone", async () => {
    const unknown = await phonePage("ZZZ222");
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ reason: "not_found" });
    expect((await phonePage("pas-un-code")).status).toBe(404);

    const session = await newSitting(SLUG, "closed");
    const closed = await phonePage(session.code);
    expect(closed.status).toBe(410);
    expect(closed.data).toEqual({ reason: "closed" });
    expect(await participantsOf(session.id)).toBe(0);
  });

  it("shows a waiting session as waiting", async () => {
    const session = await newSitting(SLUG, "waiting");
    const page = await phonePage(session.code);
    expect(page.data).toEqual({
      code: session.code,
      councilName: "Conseil des jeunes du Mirail",
      state: "waiting",
    });
  });

  it("shows the first unanswered item, any item asked for with the phone's answer, then the phone's answers", async () => {
    const session = await newSitting(SLUG, "open");
    const items = councilItems(session);
    const phone = await newPhone(session.code);

    const start = await phonePage(session.code, "", phone);
    expect(start.data).toMatchObject({
      state: "question",
      index: 0,
      total: items.length,
      previous: null,
      current: null,
      notice: null,
      closesAt: (await stored(session.id)).closes_at,
    });
    expect((start.data as { item: { name: string } }).item.name).toBe(items[0]!.name);

    expect((await answer(session.code, { question: items[0]!.name, value: "2" }, phone)).status).toBe(302);
    const next = await phonePage(session.code, "", phone);
    expect(next.data).toMatchObject({ state: "question", index: 1, previous: items[0]!.name, current: null });
    expect((next.data as { item: { name: string } }).item.name).toBe(items[1]!.name);

    // Going back to an answered item shows the phone's answer, and a changed answer is said so.
    const back = await phonePage(session.code, `?question=${items[0]!.name}&reponse=changee`, phone);
    expect(back.data).toMatchObject({ state: "question", index: 0, current: "2", notice: "changed" });
    expect((back.data as { item: { name: string } }).item.name).toBe(items[0]!.name);

    // Another phone has answered nothing.
    const other = await newPhone(session.code);
    expect((await phonePage(session.code, `?question=${items[0]!.name}`, other)).data).toMatchObject({
      current: null,
    });

    for (const item of items.slice(1)) {
      const value = item.name === "d6_speak" ? "nsp" : "3";
      expect((await answer(session.code, { question: item.name, value }, phone)).status).toBe(302);
    }
    const done = await phonePage(session.code, "", phone);
    expect(done.data).toMatchObject({ state: "done", notice: null });
    const answered = (done.data as { items: { name: string; answer: string | null }[] }).items;
    expect(answered.map((i) => i.name)).toEqual(items.map((i) => i.name));
    expect(answered.map((i) => i.answer)).toEqual(
      items.map((i) =>
        i.name === items[0]!.name ? "Un peu" : i.name === "d6_speak" ? "Je ne sais pas" : "Oui",
      ),
    );
  });

  it("tells Remix never to cache the page (headers export)", () => {
    const none = new Headers();
    const h = (loaderHeaders: Headers, actionHeaders: Headers) =>
      new Headers(
        phoneHeaders({ loaderHeaders, actionHeaders, parentHeaders: none, errorHeaders: undefined }),
      );
    expect(h(none, none).get("Cache-Control")).toBe("no-store");
    expect(h(new Headers({ "Cache-Control": "no-store" }), none).get("Cache-Control")).toBe("no-store");
    expect(h(none, new Headers({ "Cache-Control": "no-store" })).get("Cache-Control")).toBe("no-store");
  });
});

describe("the phone's page (/conseil/:code): action", () => {
  it("refuses an answer before the session opens with 409, and stores nothing", async () => {
    const session = await newSitting(SLUG, "waiting");
    const phone = await newPhone(session.code);
    const r = await answer(session.code, { question: "d6_change", value: "3" }, phone);
    expect(r.status).toBe(409);
    expect(r.data).toEqual({ question: "d6_change", message: NOT_OPEN_MESSAGE });
    expect(await answersOf(session.id)).toEqual([]);
    expect(await participantsOf(session.id)).toBe(1);
  });

  it("stores an answer once open, replaces it when the same phone answers again, and counts each phone", async () => {
    const session = await newSitting(SLUG, "open");
    const a = await newPhone(session.code);
    const b = await newPhone(session.code);

    const first = await answer(session.code, { question: "d6_change", value: "3" }, a);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/conseil/${session.code}`);
    expect(first.headers.get("Set-Cookie")).toBeNull();
    let rows = await answersOf(session.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ question: "d6_change", value: "3" });
    expect(await participantsOf(session.id)).toBe(2);

    const again = await answer(session.code, { question: "d6_change", value: "1" }, a);
    expect(again.status).toBe(302);
    expect(again.location).toBe(`/conseil/${session.code}?reponse=changee`);
    rows = await answersOf(session.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ question: "d6_change", value: "1" });

    const other = await answer(session.code, { question: "d6_change", value: "nsp" }, b);
    expect(other.location).toBe(`/conseil/${session.code}`);
    rows = await answersOf(session.id);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.participant)).size).toBe(2);
    expect(rows.map((r) => r.value).sort()).toEqual(["1", "nsp"]);
    expect(await participantsOf(session.id)).toBe(2);
  });

  it("gives a phone without a cookie one with the redirect, and counts it as a new phone", async () => {
    const session = await newSitting(SLUG, "open");
    const r = await answer(session.code, { question: "d6_speak", value: "2" });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/conseil/${session.code}`);
    const phone = cookiePair(r.headers.get("Set-Cookie"));
    expect(r.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(await participantsOf(session.id)).toBe(1);

    // The same phone, with the cookie it was given, finds its answer.
    const back = await phonePage(session.code, "?question=d6_speak", phone);
    expect(back.data).toMatchObject({ current: "2" });
    expect(await participantsOf(session.id)).toBe(1);
  });

  it("refuses a missing or wrong value and an unknown item with 422, and stores nothing", async () => {
    const session = await newSitting(SLUG, "open");
    const phone = await newPhone(session.code);

    const noValue = await answer(session.code, { question: "d6_change" }, phone);
    expect(noValue.status).toBe(422);
    expect(noValue.data).toEqual({ question: "d6_change", message: "Choisis une réponse." });
    const wrong = await answer(session.code, { question: "d6_change", value: "7" }, phone);
    expect(wrong.status).toBe(422);
    expect(wrong.data).toMatchObject({ message: "Choisis une réponse." });

    const unknown = await answer(session.code, { question: "pas_une_question", value: "3" }, phone);
    expect(unknown.status).toBe(422);
    expect(unknown.data).toEqual({
      question: "pas_une_question",
      message: "Cette question ne fait pas partie de la séance.",
    });
    const noQuestion = await answer(session.code, { value: "3" }, phone);
    expect(noQuestion.status).toBe(422);

    expect(await answersOf(session.id)).toEqual([]);
    expect(await participantsOf(session.id)).toBe(1);
  });

  it("refuses an answer once the session is closed with 410, and stores nothing", async () => {
    const session = await newSitting(SLUG, "open");
    const phone = await newPhone(session.code);
    expect((await answer(session.code, { question: "d6_change", value: "3" }, phone)).status).toBe(302);
    await closeSitting(db, null, await campaignOf(SLUG), await stored(session.id));

    const r = await answer(session.code, { question: "d6_speak", value: "3" }, phone);
    expect(r.status).toBe(410);
    expect(r.data).toEqual({
      question: "d6_speak",
      message: "La séance est terminée. Ta réponse n'est pas enregistrée.",
    });
    // Nor can a phone change an answer given before the close.
    expect((await answer(session.code, { question: "d6_change", value: "1" }, phone)).status).toBe(410);
    // Nor can a new phone get in.
    expect((await answer(session.code, { question: "d6_change", value: "1" })).status).toBe(410);

    expect(await answersOf(session.id)).toMatchObject([{ question: "d6_change", value: "3" }]);
    expect(await participantsOf(session.id)).toBe(1);
  });

  it("takes an answer that names its intent, and takes one that names none as an answer", async () => {
    const session = await newSitting(SLUG, "open");
    const phone = await newPhone(session.code);
    const named = await answer(session.code, { intent: "answer", question: "d6_change", value: "3" }, phone);
    expect(named.status).toBe(302);
    const unnamed = await answer(session.code, { question: "d6_speak", value: "2" }, phone);
    expect(unnamed.status).toBe(302);
    expect(await answersOf(session.id)).toMatchObject([
      { question: "d6_change", value: "3" },
      { question: "d6_speak", value: "2" },
    ]);
  });

  it("refuses an unknown intent with 400 and a French message, and changes nothing", async () => {
    const session = await newSitting(SLUG, "open");
    const phone = await newPhone(session.code);
    const before = await stored(session.id);
    for (const intent of ["effacer", "", "ANSWER"]) {
      const r = await answer(session.code, { intent, question: "d6_change", value: "3" }, phone);
      expect(r.status).toBe(400);
      expect(r.data).toEqual({ question: "", message: PHONE_FORM_MESSAGE });
    }
    // A new phone is not counted in either.
    expect(
      (await answer(session.code, { intent: "effacer", question: "d6_change", value: "3" })).status,
    ).toBe(400);
    expect(await answersOf(session.id)).toEqual([]);
    expect(await participantsOf(session.id)).toBe(1);
    expect((await stored(session.id)).revision).toBe(before.revision);
  });

  it("answers 404 to an answer for an unknown code", async () => {
    const r = await answer("ZZZ222", { question: "d6_change", value: "3" });
    expect(r.status).toBe(404);
    expect(r.data).toEqual({ reason: "not_found" });
  });
});

// ---------------------------------------------------------------------------
// The facilitator's pages

const sessionsUrl = (slug: string) => `/tableau/campagnes/${slug}/conseils`;
const sessionsPage = (who: Who | null, slug = SLUG) =>
  outcome(sessionsLoader(args(sessionsUrl(slug), { slug }, { cookie: who ? cookies[who] : undefined })));
const createForm = (who: Who | null, form: Record<string, string>, slug = SLUG) =>
  outcome(
    sessionsAction(args(sessionsUrl(slug), { slug }, { form, cookie: who ? cookies[who] : undefined })),
  );

describe("the campaign's sessions (/tableau/campagnes/:slug/conseils)", () => {
  it("sends a visitor without a session to the login page, and creates nothing", async () => {
    const before = await sessionsOf(SLUG);
    const page = await sessionsPage(null);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/connexion?retour=${encodeURIComponent(sessionsUrl(SLUG))}`);
    const post = await createForm(null, { councilName: "Conseil", durationMinutes: "60" });
    expect(post.status).toBe(302);
    expect(post.location).toMatch(/^\/connexion\?retour=/);
    expect(await sessionsOf(SLUG)).toBe(before);
  });

  it("lets a viewer see the sessions but not create one (404)", async () => {
    const session = await newSitting(SLUG, "waiting");
    const page = await sessionsPage("viewer");
    expect(page.status).toBe(200);
    const d = page.data as {
      canManage: boolean;
      canCreate: boolean;
      sittings: { id: number; code: string }[];
    };
    expect(d.canManage).toBe(false);
    expect(d.canCreate).toBe(true);
    expect(d.sittings.map((s) => s.id)).toContain(session.id);

    const before = await sessionsOf(SLUG);
    const post = await createForm("viewer", { councilName: "Conseil du viewer", durationMinutes: "60" });
    expect(post.status).toBe(404);
    expect(await sessionsOf(SLUG)).toBe(before);
  });

  it("answers 404 to a coordinator of another territory, and creates nothing", async () => {
    expect((await sessionsPage("other")).status).toBe(404);
    const before = await sessionsOf(SLUG);
    const post = await createForm("other", { councilName: "Conseil d'ailleurs", durationMinutes: "60" });
    expect(post.status).toBe(404);
    expect(await sessionsOf(SLUG)).toBe(before);
  });

  it("creates a waiting session for a coordinator and sends them to it", async () => {
    const slug = await freshCampaign();
    const post = await createForm(
      "coord",
      { councilName: "  Conseil du collège Vauban  ", durationMinutes: "30" },
      slug,
    );
    expect(post.status).toBe(302);
    const match = new RegExp(`^/tableau/campagnes/${slug}/conseils/(\\d+)$`).exec(post.location ?? "");
    expect(match).not.toBeNull();
    const id = Number(match![1]);

    const row = await stored(id);
    expect(row).toMatchObject({
      campaign_id: (await campaignOf(slug)).id,
      council_name: "Conseil du collège Vauban",
      duration_minutes: 30,
      status: "waiting",
      opened_at: null,
    });
    expect(row.created_by).not.toBeNull();
    expect(await sessionsOf(slug)).toBe(1);

    const page = await sessionsPage("coord", slug);
    expect((page.data as { sittings: { id: number; status: string }[] }).sittings).toMatchObject([
      { id, status: "waiting", councilName: "Conseil du collège Vauban" },
    ]);
  });

  it("refuses an empty name or a duration not on the list with French messages, and creates nothing", async () => {
    const slug = await freshCampaign();
    const empty = await createForm("coord", { councilName: "   ", durationMinutes: "60" }, slug);
    expect(empty.status).toBe(422);
    expect(empty.data).toMatchObject({
      fields: { councilName: "Écrivez le nom du conseil." },
      values: { councilName: "   ", durationMinutes: "60" },
    });

    const odd = await createForm("coord", { councilName: "Conseil du centre", durationMinutes: "45" }, slug);
    expect(odd.status).toBe(422);
    expect(odd.data).toMatchObject({ fields: { durationMinutes: "Choisissez une durée de la liste." } });
    expect(Object.keys((odd.data as { fields: object }).fields)).toEqual(["durationMinutes"]);

    const both = await createForm("coord", {}, slug);
    expect(both.status).toBe(422);
    expect((both.data as { fields: object }).fields).toEqual({
      councilName: "Écrivez le nom du conseil.",
      durationMinutes: "Choisissez une durée de la liste.",
    });

    const tooLong = await createForm("coord", { councilName: "x".repeat(121), durationMinutes: "60" }, slug);
    expect(tooLong.status).toBe(422);
    expect((tooLong.data as { fields: object }).fields).toEqual({
      councilName: "Le nom est trop long : 120 caractères au plus.",
    });

    expect(await sessionsOf(slug)).toBe(0);
  });

  it("refuses a duration that is not a whole number with a French message too", async () => {
    const slug = await freshCampaign();
    for (const durationMinutes of ["abc", "90.5"]) {
      const r = await createForm("coord", { councilName: "Conseil du centre", durationMinutes }, slug);
      expect(r.status).toBe(422);
      expect((r.data as { fields: object }).fields).toEqual({
        durationMinutes: "Choisissez une durée de la liste.",
      });
    }
    expect(await sessionsOf(slug)).toBe(0);
  });

  it("refuses a new session in a closed campaign with 409, and says so on the page", async () => {
    const before = await sessionsOf(CLOSED_SLUG);
    const post = await createForm(
      "coord",
      { councilName: "Conseil tardif", durationMinutes: "60" },
      CLOSED_SLUG,
    );
    expect(post.status).toBe(409);
    expect(post.data).toMatchObject({
      fields: {},
      message: "La campagne est fermée : on ne peut plus y ajouter de séance.",
    });
    expect(await sessionsOf(CLOSED_SLUG)).toBe(before);
    expect((await sessionsPage("coord", CLOSED_SLUG)).data).toMatchObject({
      canManage: true,
      canCreate: false,
    });
  });

  it("lets a session be prepared before the campaign opens", async () => {
    const post = await createForm(
      "coord",
      { councilName: "Conseil en avance", durationMinutes: "90" },
      SOON_SLUG,
    );
    expect(post.status).toBe(302);
    expect(post.location).toMatch(new RegExp(`^/tableau/campagnes/${SOON_SLUG}/conseils/\\d+$`));
  });
});

const sessionUrl = (slug: string, id: number | string) => `/tableau/campagnes/${slug}/conseils/${id}`;
const sessionPage = (who: Who, session: { id: number | string }, slug = SLUG, query = "") =>
  outcome(
    sessionLoader(
      args(
        `${sessionUrl(slug, session.id)}${query}`,
        { slug, id: String(session.id) },
        { cookie: cookies[who] },
      ),
    ),
  );
const sessionPost = (who: Who, session: { id: number | string }, form: Record<string, string>, slug = SLUG) =>
  outcome(
    sessionAction(
      args(sessionUrl(slug, session.id), { slug, id: String(session.id) }, { form, cookie: cookies[who] }),
    ),
  );

const withoutIntent = ({ intent: _intent, ...form }: Record<string, string>) => form;

async function auditCount(): Promise<number> {
  const { n } = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** A complete record: the opinion, then each criterion's verdict and a line of evidence. */
function recordForm(): Record<string, string> {
  const form: Record<string, string> = {
    intent: "record",
    opinion: "  Nous voulons un local ouvert le samedi.  ",
  };
  CRITERIA.forEach((c, i) => {
    form[c.name] = VERDICTS[i % VERDICTS.length]!;
    form[evidenceQuestion(c.name)] = `Exemple pour ${c.label}.`;
  });
  return form;
}

describe("one session (/tableau/campagnes/:slug/conseils/:id)", () => {
  it("opens, then closes a session for a coordinator", async () => {
    const session = await newSitting(SLUG, "waiting");
    const opened = await sessionPost("coord", session, { intent: "open" });
    expect(opened.status).toBe(302);
    expect(opened.location).toBe(sessionUrl(SLUG, session.id));
    const afterOpen = await stored(session.id);
    expect(afterOpen.status).toBe("open");
    expect(afterOpen.opened_at).not.toBeNull();
    const limit = Date.parse(afterOpen.opened_at!) + 60 * 60_000;
    expect(Date.parse(afterOpen.closes_at!)).toBe(limit);

    // Phones are now taken.
    expect((await answer(session.code, { question: "d6_change", value: "3" })).status).toBe(302);

    const closed = await sessionPost("coord", session, { intent: "close" });
    expect(closed.status).toBe(302);
    expect(closed.location).toBe(sessionUrl(SLUG, session.id));
    const afterClose = await stored(session.id);
    expect(afterClose.status).toBe("closed");
    expect(afterClose.closed_at).not.toBeNull();
    expect((await answer(session.code, { question: "d6_change", value: "3" })).status).toBe(410);

    // Opening a closed session again changes nothing.
    expect((await sessionPost("coord", session, { intent: "open" })).status).toBe(302);
    expect((await stored(session.id)).status).toBe("closed");
  });

  it("refuses to open a session before its campaign opens (409)", async () => {
    const session = await newSitting(SOON_SLUG, "waiting");
    const r = await sessionPost("coord", session, { intent: "open" }, SOON_SLUG);
    expect(r.status).toBe(409);
    expect(r.data).toMatchObject({
      intent: "open",
      message: "La campagne n'est pas ouverte aujourd'hui : la séance ne peut pas commencer.",
    });
    expect((await stored(session.id)).status).toBe("waiting");
  });

  it("refuses a record while the session is waiting (409), and stores nothing", async () => {
    const slug = await freshCampaign();
    const session = await newSitting(slug, "waiting");
    const r = await sessionPost("coord", session, recordForm(), slug);
    expect(r.status).toBe(409);
    expect(r.data).toMatchObject({
      intent: "record",
      message: "Ouvrez d'abord la séance : l'avis s'écrit pendant ou après la séance.",
      errors: {},
    });
    expect(await responsesOf(slug)).toEqual([]);
    expect((await stored(session.id)).response_id).toBeNull();
  });

  it("refuses a record with missing evidence or verdict (422, errors by question), and stores nothing", async () => {
    const slug = await freshCampaign();
    const session = await newSitting(slug, "open");

    const noEvidence = recordForm();
    delete noEvidence[evidenceQuestion("lundy_voice")];
    noEvidence[evidenceQuestion("shier_shared")] = "   ";
    delete noEvidence.shier_involved;
    const r = await sessionPost("coord", session, noEvidence, slug);
    expect(r.status).toBe(422);
    const d = r.data as { intent: string; message: string; errors: Record<string, string>; values: object };
    expect(d.intent).toBe("record");
    expect(d.message).toBe("L'avis n'est pas enregistré. Corrigez les champs signalés.");
    expect(d.errors).toEqual({
      lundy_voice_evidence: "La réponse à cette question est obligatoire.",
      shier_involved: "La réponse à cette question est obligatoire.",
      shier_shared_evidence: "La réponse à cette question est obligatoire.",
    });
    // What was typed comes back (trimmed), to fill the form again.
    expect(d.values).toMatchObject({ opinion: "Nous voulons un local ouvert le samedi." });

    const noOpinion = { ...recordForm(), opinion: "" };
    const r2 = await sessionPost("coord", session, noOpinion, slug);
    expect(r2.status).toBe(422);
    expect(Object.keys((r2.data as { errors: object }).errors)).toEqual(["opinion"]);

    expect(await responsesOf(slug)).toEqual([]);
    expect((await stored(session.id)).response_id).toBeNull();
  });

  it("stores a complete record as one C response, kept as one when corrected", async () => {
    const slug = await freshCampaign();
    const session = await newSitting(slug, "open");
    const form = recordForm();
    const r = await sessionPost("coord", session, form, slug);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`${sessionUrl(slug, session.id)}?avis=enregistre#avis`);

    const responses = await responsesOf(slug);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ audience: "C", survey_id: "council-record" });
    expect((await stored(session.id)).response_id).toBe(responses[0]!.id);
    const saved = JSON.parse(responses[0]!.answers) as Record<string, string>;
    expect(saved.opinion).toBe("Nous voulons un local ouvert le samedi.");
    expect(Object.keys(saved)).toHaveLength(1 + 2 * CRITERIA.length);
    expect(saved.intent).toBeUndefined();

    // Fields that are not the record's are left out rather than refused.
    const corrected = { ...form, opinion: "Un local ouvert le samedi et le dimanche.", extra: "x" };
    expect((await sessionPost("coord", session, corrected, slug)).status).toBe(302);
    const after = await responsesOf(slug);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(responses[0]!.id);
    expect((JSON.parse(after[0]!.answers) as Record<string, string>).opinion).toBe(
      "Un local ouvert le samedi et le dimanche.",
    );

    const page = await sessionPage("coord", session, slug, "?avis=enregistre");
    expect(page.data).toMatchObject({
      saved: true,
      record: { opinion: "Un local ouvert le samedi et le dimanche." },
    });
  });

  it("answers 404 for a session of another campaign, and changes nothing", async () => {
    const elsewhere = await newSitting(OTHER_SLUG, "waiting");
    expect((await sessionPage("coord", elsewhere, SLUG)).status).toBe(404);
    const r = await sessionPost("coord", elsewhere, { intent: "open" }, SLUG);
    expect(r.status).toBe(404);
    expect((await stored(elsewhere.id)).status).toBe("waiting");
    // …and for an id that is no session at all.
    expect((await sessionPage("coord", { id: "abc" })).status).toBe(404);
    expect((await sessionPage("coord", { id: 999_999 })).status).toBe(404);
    // The session is found under its own campaign.
    expect((await sessionPage("coord", elsewhere, OTHER_SLUG)).status).toBe(200);
  });

  it("answers 400 to an unknown or missing intent with a French message, and changes nothing", async () => {
    const slug = await freshCampaign();
    const session = await newSitting(slug, "open");
    const before = await stored(session.id);
    const audits = await auditCount();
    const refused = { intent: null, message: SITTING_FORM_MESSAGE, errors: {}, values: null };
    for (const form of [
      { intent: "supprimer" },
      {},
      { intent: "" },
      { intent: "Close" },
      // A whole record under a wrong intent is not stored either.
      { ...recordForm(), intent: "enregistrer" },
      withoutIntent(recordForm()),
    ]) {
      const r = await sessionPost("coord", session, form, slug);
      expect(r.status).toBe(400);
      expect(r.data).toEqual(refused);
    }
    expect(await stored(session.id)).toEqual(before);
    expect(await responsesOf(slug)).toEqual([]);
    expect(await auditCount()).toBe(audits);
  });

  it("lets a viewer see the session but answers 404 to their POST; another territory gets 404", async () => {
    const session = await newSitting(SLUG, "waiting");
    const page = await sessionPage("viewer", session);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canManage: false, sitting: { id: session.id, code: session.code } });
    expect((await sessionPost("viewer", session, { intent: "open" })).status).toBe(404);
    expect((await sessionPage("other", session)).status).toBe(404);
    expect((await sessionPost("other", session, { intent: "open" })).status).toBe(404);
    expect((await stored(session.id)).status).toBe("waiting");
  });
});

// ---------------------------------------------------------------------------
// The projector

const stateOf = async (who: Who | null, session: { id: number }, slug = SLUG) =>
  outcome(
    stateLoader(
      args(
        `${sessionUrl(slug, session.id)}/etat`,
        { slug, id: String(session.id) },
        { cookie: who ? cookies[who] : undefined },
      ),
    ),
  );

describe("the live state as JSON (…/etat)", () => {
  it(`hides an item's counts below ${LIVE_THRESHOLD} answers and gives them from ${LIVE_THRESHOLD}`, async () => {
    const session = await newSitting(SLUG, "open");
    const read = async () => {
      const r = await stateOf("coord", session);
      expect(r.status).toBe(200);
      expect(r.headers.get("Cache-Control")).toBe("no-store");
      expect(r.headers.get("Content-Type")).toMatch(/^application\/json/);
      return r.data as LiveState;
    };
    const item = (s: LiveState) => s.items.find((i) => i.name === "d6_change")!;

    const empty = await read();
    expect(empty).toMatchObject({ status: "open", participants: 0 });
    expect(item(empty)).toMatchObject({ answers: 0, choices: null });

    const values = ["3", "3", "2", "nsp", "3"];
    for (let p = 0; p < LIVE_THRESHOLD - 1; p++) {
      expect(
        (await answerItem(db, session, phoneKey(session, `etat-${p}`), "d6_change", values[p]!)).kind,
      ).toBe("saved");
    }
    const four = await read();
    expect(four.participants).toBe(LIVE_THRESHOLD - 1);
    expect(item(four)).toMatchObject({ answers: LIVE_THRESHOLD - 1, choices: null });
    // Not merely hidden: the JSON carries no count at all.
    expect(JSON.stringify(four)).not.toContain('"n":');

    await answerItem(db, session, phoneKey(session, "etat-4"), "d6_change", values[4]!);
    const five = await read();
    expect(item(five).answers).toBe(LIVE_THRESHOLD);
    expect(item(five).choices!.map((c) => [c.value, c.n])).toEqual([
      ["1", 0],
      ["2", 1],
      ["3", 3],
      ["nsp", 1],
      ["nc", 0],
    ]);
    // The other items are still below the threshold.
    expect(five.items.find((i) => i.name === "d6_speak")).toMatchObject({ answers: 0, choices: null });
    expect(five.revision).toBeGreaterThan(four.revision);
  });

  it("is for signed-in people of the campaign's territory only", async () => {
    const session = await newSitting(SLUG, "open");
    expect((await stateOf("viewer", session)).status).toBe(200);
    expect((await stateOf("other", session)).status).toBe(404);
    const visitor = await stateOf(null, session);
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/connexion\?retour=/);
    expect((await stateOf("coord", session, OTHER_SLUG)).status).toBe(404);
  });
});

/** Reads an event stream in the background, keeping every chunk and every `data:` event. */
function readEvents(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  let done = false;
  const pump = (async () => {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      chunks.push(decoder.decode(r.value, { stream: true }));
    }
  })();
  const events = () =>
    chunks
      .join("")
      .split("\n\n")
      .filter((e) => e.startsWith("data: "))
      .map((e) => JSON.parse(e.slice("data: ".length)) as LiveState);
  return {
    chunks,
    events,
    isDone: () => done,
    /** Waits until the condition holds or `ms` have passed; says whether it holds. */
    async until(condition: () => boolean, ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (!condition() && Date.now() < deadline) await sleep(20);
      return condition();
    },
    async cancel() {
      await reader.cancel();
      await pump;
    },
  };
}

const streamArgs = (session: { id: number }, signal?: AbortSignal, slug = SLUG) =>
  args(
    `${sessionUrl(slug, session.id)}/direct`,
    { slug, id: String(session.id) },
    { cookie: cookies.coord, signal },
  );
const stream = (session: { id: number }, signal?: AbortSignal, slug = SLUG) =>
  streamLoader(streamArgs(session, signal, slug));

type TimerSpy = { mock: { calls: unknown[][] } };

/** How many times the stream's 500 ms check was scheduled. */
const checksScheduled = (spy: TimerSpy) => spy.mock.calls.filter((c) => c[1] === 500).length;

/**
 * After the projector left: no more checks are scheduled and no more events are sent, even
 * when the state changes; cancelling the body then ends the reading.
 */
async function expectStopped(session: CouncilSitting, feed: ReturnType<typeof readEvents>, timers: TimerSpy) {
  await sleep(700); // a check already under way may have scheduled one last (empty) turn
  const scheduled = checksScheduled(timers);
  const received = feed.events().length;
  await answerItem(db, session, phoneKey(session, `after-leaving-${session.id}`), "d6_speak", "2");
  await sleep(1100);
  expect(feed.events()).toHaveLength(received);
  expect(checksScheduled(timers)).toBe(scheduled);
  await feed.cancel();
  expect(feed.isDone()).toBe(true);
}

/** A full garbage collection (V8's gc(), exposed at run time). */
async function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  // Weak references are kept until the current job ends: let it end first.
  await sleep(0);
  gc();
  await sleep(0);
  gc();
}

describe("the live stream (…/direct)", () => {
  it("sends retry, the state, then each change within 2 s, and stops when the projector leaves", async () => {
    const session = await newSitting(SLUG, "open");
    const timers = vi.spyOn(globalThis, "setTimeout");
    const leave = new AbortController();
    const call = streamArgs(session, leave.signal);
    const response = await streamLoader(call);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");

    const feed = readEvents(response.body!);
    expect(await feed.until(() => feed.events().length >= 1, 2000)).toBe(true);
    expect(feed.chunks[0]).toBe("retry: 2000\n\n");
    const first = feed.events()[0]!;
    expect(first).toMatchObject({ status: "open", participants: 0 });
    expect(first.items.find((i) => i.name === "d6_change")).toMatchObject({ answers: 0, choices: null });

    // Nothing changes: nothing more is sent (keep-alives come only after 15 s).
    await sleep(700);
    expect(feed.events()).toHaveLength(1);
    expect(checksScheduled(timers)).toBeGreaterThan(0);

    const sent = Date.now();
    await answerItem(db, session, phoneKey(session, "direct-1"), "d6_change", "3");
    expect(await feed.until(() => feed.events().length >= 2, 2000)).toBe(true);
    expect(Date.now() - sent).toBeLessThan(2000);
    const second = feed.events()[1]!;
    expect(second.revision).toBeGreaterThan(first.revision);
    expect(second.participants).toBe(1);
    expect(second.items.find((i) => i.name === "d6_change")).toMatchObject({ answers: 1, choices: null });

    // The projector leaves: no more checks, no more events, whatever changes.
    leave.abort();
    await expectStopped(session, feed, timers);
    // (Also keeps the Request object alive until here: see the next test.)
    expect(call.request.signal.aborted).toBe(true);
  });

  it("stops when the projector leaves even after the server has let go of the Request object", async () => {
    // Once a loader has answered, the server keeps no reference to its Request (server/remix-lane.ts and
    // Remix's dev server keep only the AbortController), and a Request's signal follows the
    // server's signal only while the Request object is alive (undici holds it weakly).
    const session = await newSitting(SLUG, "open");
    const timers = vi.spyOn(globalThis, "setTimeout");
    const leave = new AbortController();
    const response = await streamLoader(streamArgs(session, leave.signal));
    const feed = readEvents(response.body!);
    expect(await feed.until(() => feed.events().length >= 1, 2000)).toBe(true);

    await collectGarbage();
    leave.abort();
    await expectStopped(session, feed, timers);
  });

  it("sends the closed state and ends by itself when the session closes", async () => {
    const session = await newSitting(SLUG, "open");
    const response = await stream(session);
    const feed = readEvents(response.body!);
    expect(await feed.until(() => feed.events().length >= 1, 2000)).toBe(true);

    await closeSitting(db, null, await campaignOf(SLUG), await stored(session.id));
    expect(await feed.until(() => feed.isDone(), 2000)).toBe(true);
    const events = feed.events();
    expect(events[events.length - 1]).toMatchObject({ status: "closed" });
  });

  it("answers 204 for a closed session, so EventSource does not reconnect", async () => {
    const session = await newSitting(SLUG, "closed");
    const response = await stream(session);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("answers 404 for a session of another campaign", async () => {
    const elsewhere = await newSitting(OTHER_SLUG, "open");
    expect((await outcome(stream(elsewhere))).status).toBe(404);
  });
});
