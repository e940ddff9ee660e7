/**
 * Youth councils on the dashboard, the printable report and the public results page: the
 * campaign's share of criteria met, apart from individual scores; each recorded opinion with
 * its verdicts; the lines of evidence on the dashboard only; and the demo's council.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DB, OpenedDatabase } from "../../db/client";
import { CouncilsBrief } from "~/ui/dashboard/Councils";
import { CRITERIA, evidenceQuestion, type Verdict } from "~/council/rules";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { answerItem, participantKey } from "~/council/phones.server";
import { recordCouncil } from "~/council/record.server";
import { closeSitting, createSitting, openSitting } from "~/council/sittings.server";
import { DEMO_SLUG, seedDemoIfEmpty } from "~/demo/demo.server";
import { loader as publicLoader } from "~/routes/s.$slug.resultats";
import { loader as dashboardLoader } from "~/routes/tableau.campagnes.$slug._index";
import { loader as reportLoader } from "~/routes/tableau.campagnes.$slug.rapport";
import { createCampaign, getTestDb, signInPeople } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const SECRET = "test-secret-test-secret-test-secret-0123";
const SLUG = "conseils";
const OTHER_SLUG = "conseils-autre-vague";
const SCRIPT_OPINION = "<script>alert('x')</script>Un lieu ouvert le samedi.";

let opened: OpenedDatabase;
let db: DB;
let demoSeeded = false;
const cookies = { coord: "", viewer: "" };
type Who = keyof typeof cookies;

/** Five yes, three partly, one no. */
const VERDICTS_A: Verdict[] = ["yes", "yes", "partly", "no", "yes", "yes", "partly", "yes", "partly"];
/** Two yes, four partly, three no. */
const VERDICTS_D: Verdict[] = ["no", "partly", "yes", "no", "partly", "yes", "partly", "partly", "no"];

/** A record whose evidence lines carry a marker (and a name) the public page must never show. */
function record(opinion: string, verdicts: Verdict[], marker: string): Record<string, unknown> {
  const answers: Record<string, unknown> = { opinion };
  CRITERIA.forEach((c, i) => {
    answers[c.name] = verdicts[i];
    answers[evidenceQuestion(c.name)] = `${marker} ${c.name} : Karim l'a dit au maire.`;
  });
  return answers;
}

/** A session of a campaign: created, then (unless `held` is false) opened, answered and closed. */
async function council(
  slug: string,
  name: string,
  options: { held?: boolean; answers?: Record<string, unknown> } = {},
): Promise<void> {
  const campaign = (await findCampaignBySlug(db, slug))!;
  const created = await createSitting(db, null, campaign, { councilName: name, durationMinutes: 60 });
  if (created.kind !== "created") throw new Error(created.kind);
  if (options.held === false) return;
  const start = new Date(Date.now() - 2 * 60 * 60 * 1000);
  const started = await openSitting(db, null, campaign, created.sitting, start);
  if (started.kind !== "ok") throw new Error(started.kind);
  for (let p = 0; p < 6; p++) {
    const who = participantKey(started.sitting.id, `telephone-${p}`, SECRET);
    for (const item of councilItems(started.sitting)) {
      const at = new Date(start.getTime() + 5 * 60 * 1000);
      expect((await answerItem(db, started.sitting, who, item.name, item.choices[0]!.value, at)).kind).toBe(
        "saved",
      );
    }
  }
  const closed = await closeSitting(
    db,
    null,
    campaign,
    started.sitting,
    new Date(start.getTime() + 50 * 60_000),
  );
  if (closed.kind !== "ok") throw new Error(closed.kind);
  if (options.answers) {
    const saved = await recordCouncil(db, null, campaign, closed.sitting, options.answers, SECRET);
    expect(saved.kind).toBe("created");
  }
}

function request(url: string, who: Who | null) {
  const headers = new Headers();
  if (who) headers.set("Cookie", cookies[who]);
  return new Request(`http://localhost${url}`, { headers });
}

const dashboard = (who: Who, slug = SLUG) =>
  dashboardLoader({ request: request(`/tableau/campagnes/${slug}`, who), params: { slug }, context: {} });
const report = (who: Who, slug = SLUG) =>
  reportLoader({
    request: request(`/tableau/campagnes/${slug}/rapport`, who),
    params: { slug },
    context: {},
  });
const publicPage = (slug = SLUG) =>
  publicLoader({ request: request(`/s/${slug}/resultats`, null), params: { slug }, context: {} });

beforeAll(async () => {
  opened = await getTestDb();
  db = opened.db;
  // The demo seeds an empty database only: before anything else.
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    demoSeeded = await seedDemoIfEmpty(opened, new Date(), { port: 3000 });
  } finally {
    log.mockRestore();
  }

  await createCampaign(db, { slug: SLUG, title: "Conseils", opensAt: new Date(Date.now() - 30 * DAY) });
  await createCampaign(db, {
    slug: OTHER_SLUG,
    title: "Autre vague",
    opensAt: new Date(Date.now() - 30 * DAY),
  });
  await council(SLUG, "Conseil du quartier Est", {
    answers: record(SCRIPT_OPINION, VERDICTS_A, "PREUVE-EST"),
  });
  await council(SLUG, "Conseil sans avis écrit");
  await council(SLUG, "Conseil pas encore réuni", { held: false });
  await council(SLUG, "Conseil du collège", {
    answers: record("Plus de sorties pendant les vacances.", VERDICTS_D, "PREUVE-COLLEGE"),
  });
  await council(OTHER_SLUG, "Conseil d'une autre vague", {
    answers: record("Avis d'une autre campagne.", VERDICTS_A, "PREUVE-AUTRE"),
  });

  await signInPeople(
    db,
    {
      coord: { role: "coordinator", territorySlugs: ["territoire-test"] },
      viewer: { role: "viewer", territorySlugs: ["territoire-test"] },
    },
    cookies,
  );
}, 120_000);

describe("the dashboard", () => {
  it("shows the campaign's share of criteria met and each recorded council, apart from individual scores", async () => {
    const d = await dashboard("coord");
    expect(d.councils.sessionsHeld).toBe(3);
    expect(d.councils.pooled).toEqual({ met: 7, partly: 7, notMet: 4, total: 18, share: 7 / 18 });
    expect(d.councils.opinions.map((o) => o.councilName)).toEqual([
      "Conseil du quartier Est",
      "Conseil du collège",
    ]);
    const est = d.councils.opinions[0]!;
    expect(est.record.opinion).toBe(SCRIPT_OPINION);
    expect(est.record.summary).toMatchObject({ met: 5, partly: 3, notMet: 1, total: 9 });
    expect(est.heldOn).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(est.record.criteria[0]).toMatchObject({
      name: "lundy_space",
      verdict: "yes",
      evidence: "PREUVE-EST lundy_space : Karim l'a dit au maire.",
    });
    // Not among the individual audiences' figures.
    expect(d.indicators.groups.map((g) => g.audience)).not.toContain("C");
  });

  it("is the same for a viewer, and leaves out another campaign's councils", async () => {
    const d = await dashboard("viewer");
    expect(d.councils.opinions).toHaveLength(2);
    const json = JSON.stringify(d);
    expect(json).not.toContain("Conseil d'une autre vague");
    expect(json).not.toContain("PREUVE-AUTRE");

    const other = await dashboard("coord", OTHER_SLUG);
    expect(other.councils.sessionsHeld).toBe(1);
    expect(other.councils.opinions.map((o) => o.councilName)).toEqual(["Conseil d'une autre vague"]);
    expect(other.councils.pooled).toMatchObject({ met: 5, total: 9 });
  });

  it("counts no session for a campaign without councils", async () => {
    await createCampaign(db, { slug: "sans-conseil" });
    const d = await dashboard("coord", "sans-conseil");
    expect(d.councils).toEqual({ sessionsHeld: 0, pooled: null, opinions: [] });
  });

  it("puts the share and each opinion in the printable report, escaped", async () => {
    const r = await report("viewer");
    expect(r.councils.pooled).toMatchObject({ met: 7, total: 18 });
    expect(r.councils.opinions).toHaveLength(2);
    const html = renderToString(createElement(CouncilsBrief, { councils: r.councils }));
    expect(html).toContain("7 critères remplis sur 18");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("PREUVE-EST");
  });
});

describe("the public results page", () => {
  it("shows each recorded opinion and its verdicts while the campaign is still open", async () => {
    const r = await publicPage();
    expect(r.published).toBe(false);
    expect(r.councils.map((c) => c.councilName)).toEqual(["Conseil du quartier Est", "Conseil du collège"]);
    const est = r.councils[0]!;
    expect(est).toMatchObject({ opinion: SCRIPT_OPINION, met: 5, total: 9 });
    expect(est.criteria.map((c) => c.verdict)).toEqual(VERDICTS_A);
    expect(est.criteria[0]!.question).toMatch(/^Espace : /);
    expect(r.councils[1]!.criteria.map((c) => c.verdict)).toEqual(VERDICTS_D);
  });

  it("never sends the lines of evidence", async () => {
    const json = JSON.stringify(await publicPage());
    expect(json).not.toContain("PREUVE");
    expect(json).not.toContain("Karim");
    expect(json).not.toContain("evidence");
  });

  it("leaves out a session without a record, and another campaign's councils", async () => {
    const json = JSON.stringify(await publicPage());
    expect(json).not.toContain("Conseil sans avis écrit");
    expect(json).not.toContain("Conseil pas encore réuni");
    expect(json).not.toContain("Conseil d'une autre vague");
    expect(json).not.toContain("Avis d'une autre campagne.");
    const other = await publicPage(OTHER_SLUG);
    expect(other.councils.map((c) => c.councilName)).toEqual(["Conseil d'une autre vague"]);
  });

  it("has no council section for a campaign without a recorded opinion", async () => {
    await createCampaign(db, { slug: "sans-avis" });
    await council("sans-avis", "Conseil sans avis");
    expect((await publicPage("sans-avis")).councils).toEqual([]);
  });
});

describe("the demo", () => {
  it("has a synthetic council held a week ago, answered by 12 phones, with its opinion recorded", async () => {
    expect(demoSeeded).toBe(true);
    const demo = (await findCampaignBySlug(db, DEMO_SLUG))!;
    const session = await db
      .selectFrom("council_session")
      .selectAll()
      .where("campaign_id", "=", demo.id)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ status: "closed", synthetic: 1 });
    const weekAgo = Date.now() - 7 * DAY;
    expect(Math.abs(Date.parse(session.opened_at!) - weekAgo)).toBeLessThan(DAY);
    expect(session.created_at < session.opened_at!).toBe(true);
    expect(session.opened_at! < session.closed_at!).toBe(true);

    const participants = await db
      .selectFrom("council_participant")
      .select("participant")
      .where("session_id", "=", session.id)
      .execute();
    expect(participants).toHaveLength(12);
    const answers = await db
      .selectFrom("council_answer")
      .select("question")
      .where("session_id", "=", session.id)
      .execute();
    expect(answers).toHaveLength(12 * councilItems(session).length);

    const response = await db
      .selectFrom("response")
      .select(["audience", "synthetic"])
      .where("id", "=", session.response_id!)
      .executeTakeFirstOrThrow();
    expect(response).toEqual({ audience: "C", synthetic: 1 });

    const r = await publicPage(DEMO_SLUG);
    expect(r.councils).toHaveLength(1);
    expect(r.councils[0]).toMatchObject({ met: 5, total: 9 });
    expect(r.councils[0]!.criteria.filter((c) => c.verdict === "partly")).toHaveLength(3);
    expect(r.councils[0]!.opinion.length).toBeGreaterThan(50);
  });
});
