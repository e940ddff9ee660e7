/**
 * Retention: each campaign keeps its responses a chosen number of months after closing (set in
 * the campaign form), then `npm run purge` deletes them with everything made from them. A dry run
 * changes nothing; the purge touches no other campaign; dashboards' totals still equal a
 * recomputation, between batches and afterwards; a second run finds nothing.
 */
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getEnv } from "~/env.server";
import {
  campaignFieldErrors,
  campaignFormInput,
  parisDayOf,
  retentionEndsAt,
  ZCampaignForm,
} from "~/campaigns/campaign-form";
import { seededRandom } from "~/demo/seeded-random";
import { createCampaign as createCampaignAsTeam, updateCampaign } from "~/campaigns/campaign-admin.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { answerItem, joinSitting, participantKey } from "~/council/phones.server";
import { recordCouncil } from "~/council/record.server";
import { closeSitting, createSitting, openSitting } from "~/council/sittings.server";
import { approveVerbatim } from "~/follow-up/moderation.server";
import { findExpiredCampaigns, purgeExpiredResponses } from "~/privacy/retention.server";
import { createUser, findActor } from "~/accounts/user.server";
import { loader as landing } from "~/routes/s.$slug._index";
import {
  createCampaign,
  expectIndicatorTotalsMatch,
  getTestDb,
  postResponse,
  syntheticSubmission,
} from "./fixtures";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let db: DB;
let dbFile: string;

beforeAll(async () => {
  ({ db } = await getTestDb());
  dbFile = getEnv().DATABASE_PATH;
});

/** `n` synthetic responses through the submission API (so totals and free texts are made as in production). */
async function answer(slug: string, n: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    const res = await postResponse(slug, syntheticSubmission(i, random));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

/** A youth council session of the campaign: 5 phones answering every item, then the council's record. */
async function council(slug: string): Promise<void> {
  const campaign = (await findCampaignBySlug(db, slug))!;
  const heldAt = new Date(Date.now() - 2 * 60 * MINUTE);
  const created = await createSitting(db, null, campaign, {
    councilName: `Conseil ${slug}`,
    durationMinutes: 60,
    now: heldAt,
  });
  if (created.kind !== "created") throw new Error(created.kind);
  const opened = await openSitting(db, null, campaign, created.sitting, heldAt);
  if (opened.kind !== "ok") throw new Error(opened.kind);
  const secret = getEnv().SESSION_SECRET;
  for (let p = 0; p < 5; p++) {
    const participant = participantKey(opened.sitting.id, `phone-${slug}-${p}`, secret);
    await joinSitting(db, opened.sitting, participant, new Date(heldAt.getTime() + MINUTE));
    for (const item of councilItems(opened.sitting)) {
      const saved = await answerItem(
        db,
        opened.sitting,
        participant,
        item.name,
        item.choices[p % item.choices.length]!.value,
        new Date(heldAt.getTime() + 5 * MINUTE),
      );
      expect(saved.kind).toBe("saved");
    }
  }
  const closed = await closeSitting(
    db,
    null,
    campaign,
    opened.sitting,
    new Date(heldAt.getTime() + 50 * MINUTE),
  );
  if (closed.kind !== "ok") throw new Error(closed.kind);
  const record: Record<string, unknown> = { opinion: "Nous voulons un local ouvert le samedi." };
  const { CRITERIA, evidenceQuestion } = await import("~/council/rules");
  for (const c of CRITERIA) {
    record[c.name] = "partly";
    record[evidenceQuestion(c.name)] = `Exemple pour ${c.label}.`;
  }
  const recorded = await recordCouncil(db, null, campaign, closed.sitting, record, secret);
  expect(recorded.kind).toBe("created");
}

/** Moves a campaign's dates into the past: closed `daysAgo` days ago, keeping responses `months` months. */
async function closeInThePast(slug: string, daysAgo: number, months: number): Promise<void> {
  const closes = new Date(Date.now() - daysAgo * DAY);
  await db
    .updateTable("campaign")
    .set({
      opens_at: new Date(closes.getTime() - 60 * DAY).toISOString(),
      closes_at: closes.toISOString(),
      status: "closed",
      retention_months: months,
    })
    .where("slug", "=", slug)
    .execute();
}

/** Row counts of everything a campaign's responses leave behind. */
async function footprint(slug: string) {
  const campaign = (await findCampaignBySlug(db, slug))!;
  const id = campaign.id;
  const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
  const sessions = db.selectFrom("council_session").select("id").where("campaign_id", "=", id);
  return {
    responses: await count(
      db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    councilRecords: await count(
      db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .where("audience", "=", "C")
        .executeTakeFirstOrThrow(),
    ),
    scores: await count(
      db
        .selectFrom("response_score")
        .innerJoin("response", "response.id", "response_score.response_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("response.campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    verbatims: await count(
      db
        .selectFrom("verbatim")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    moderated: await count(
      db
        .selectFrom("verbatim_moderation")
        .innerJoin("verbatim", "verbatim.id", "verbatim_moderation.verbatim_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("verbatim.campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    aggregates: await count(
      db
        .selectFrom("indicator_aggregate")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    participation: await count(
      db
        .selectFrom("participation_daily")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("n"), eb.lit(0)).as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    choices: await count(
      db
        .selectFrom("choice_count")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
    councilAnswers: await count(
      db
        .selectFrom("council_answer")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("session_id", "in", sessions)
        .executeTakeFirstOrThrow(),
    ),
    councilPhones: await count(
      db
        .selectFrom("council_participant")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("session_id", "in", sessions)
        .executeTakeFirstOrThrow(),
    ),
    councilSessions: await count(
      db
        .selectFrom("council_session")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", id)
        .executeTakeFirstOrThrow(),
    ),
  };
}

/** The running totals a dashboard reads equal those recomputed from the rows (n = 0 rows aside). */
async function expectTotalsMatchRows(slug: string): Promise<void> {
  const id = (await findCampaignBySlug(db, slug))!.id;
  await expectIndicatorTotalsMatch(db, id);
  const participation = await db
    .selectFrom("participation_daily")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("n"), eb.lit(0)).as("n"))
    .where("campaign_id", "=", id)
    .executeTakeFirstOrThrow();
  const individual = await db
    .selectFrom("response")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", id)
    .where("audience", "!=", "C")
    .executeTakeFirstOrThrow();
  expect(Number(participation.n)).toBe(Number(individual.n));
}

const auditOf = (action: string) =>
  db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();

function runPurge(...args: string[]): string {
  return execFileSync("npx", ["tsx", "scripts/purge.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: dbFile, DEMO_DATA: "false" },
    timeout: 60_000,
  });
}

describe("retention date", () => {
  it("is the end of the same Paris day, that many months after closing", () => {
    // Closing at the end of 20 December 2026 in Paris; 24 months later is 20 December 2028.
    expect(retentionEndsAt("2026-12-20T22:59:59.999Z", 24)).toBe("2028-12-20T22:59:59.999Z");
    // Summer time: the end of 30 June 2027 in Paris is 21:59:59.999 UTC.
    expect(retentionEndsAt("2026-06-30T21:59:59.999Z", 12)).toBe("2027-06-30T21:59:59.999Z");
    // 31 January + 1 month: the last day of February.
    expect(parisDayOf(retentionEndsAt("2027-01-31T22:59:59.999Z", 1))).toBe("2027-02-28");
    expect(parisDayOf(retentionEndsAt("2027-01-31T22:59:59.999Z", 13))).toBe("2028-02-29");
  });
});

describe("retention in the campaign form", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    const base = {
      territoryId: "1",
      title: "Printemps",
      waveLabel: "printemps 2027",
      surveys: "parent.v2",
      opensOn: "2027-03-01",
      closesOn: "2027-04-01",
      slug: "printemps-2027",
    };
    for (const [k, v] of Object.entries({ ...base, ...fields })) data.append(k, v);
    return ZCampaignForm.safeParse(campaignFormInput(data));
  };

  it("accepts 1 to 60 months and refuses anything else in French", () => {
    expect(form({ retentionMonths: "12" }).data?.retentionMonths).toBe(12);
    expect(form({ retentionMonths: " 60 " }).data?.retentionMonths).toBe(60);
    const message = (value: string) => {
      const parsed = form({ retentionMonths: value });
      expect(parsed.success, value).toBe(false);
      return campaignFieldErrors(parsed.error!).retentionMonths;
    };
    expect(message("")).toBe("Indiquez combien de mois les réponses sont gardées.");
    expect(message("0")).toBe("La durée de conservation va de 1 à 60 mois.");
    expect(message("61")).toBe("La durée de conservation va de 1 à 60 mois.");
    expect(message("douze")).toBe("Écrivez un nombre de mois, sans lettres, par exemple 24.");
    expect(message("1.5")).toBe("Écrivez un nombre de mois, sans lettres, par exemple 24.");
  });

  it("is stored on create, changed on edit, kept when an older form leaves it out", async () => {
    const adminId = await createUser(db, {
      email: "retention-admin@example.org",
      role: "admin",
      password: "un mot de passe assez long",
      territorySlugs: [],
    });
    const admin = (await findActor(db, adminId))!;
    const territory = await db
      .insertInto("territory")
      .values({ slug: "retention-form", name: "Cité éducative du formulaire" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const parsed = form({ territoryId: String(territory.id), retentionMonths: "6" });
    expect(parsed.success).toBe(true);
    expect(await createCampaignAsTeam(db, admin, parsed.data!)).toEqual({ ok: true, slug: "printemps-2027" });
    expect((await findCampaignBySlug(db, "printemps-2027"))!.retention_months).toBe(6);

    const edited = form({ territoryId: String(territory.id), retentionMonths: "36" }).data!;
    await updateCampaign(db, admin, (await findCampaignBySlug(db, "printemps-2027"))!, edited);
    expect((await findCampaignBySlug(db, "printemps-2027"))!.retention_months).toBe(36);
    const log = await auditOf("campaign_updated");
    expect(JSON.parse(log.at(-1)!.details!).changed).toContain("retention_months");

    const older = form({ territoryId: String(territory.id) }).data!;
    expect(older.retentionMonths).toBeUndefined();
    await updateCampaign(db, admin, (await findCampaignBySlug(db, "printemps-2027"))!, older);
    expect((await findCampaignBySlug(db, "printemps-2027"))!.retention_months).toBe(36);
  });

  it("tells respondents on the landing until when their answers are kept", async () => {
    await createCampaign(db, {
      slug: "paysage",
      closesAt: "2027-05-31T21:59:59.999Z",
    });
    await db.updateTable("campaign").set({ retention_months: 18 }).where("slug", "=", "paysage").execute();
    const data = await landing({
      request: new Request("http://localhost/s/paysage"),
      params: { slug: "paysage" },
      context: {},
    });
    expect(parisDayOf(data.campaign.keptUntil)).toBe("2028-11-30");
  });
});

describe("npm run purge", () => {
  beforeAll(async () => {
    // Three campaigns answered today; then two are moved into the past.
    for (const [slug, seed] of [
      ["expiree", 1],
      ["gardee", 2],
      ["en-cours", 3],
    ] as const) {
      await createCampaign(db, { slug, title: `Questionnaire ${slug}` });
      await answer(slug, 40, seed);
      await council(slug);
    }
    // One free text of each published: its moderation must go with it, or stay with it.
    const moderatorId = await createUser(db, {
      email: "moderation@example.org",
      role: "admin",
      password: "un mot de passe assez long",
      territorySlugs: [],
    });
    for (const slug of ["expiree", "gardee"]) {
      const c = (await findCampaignBySlug(db, slug))!;
      const v = await db
        .selectFrom("verbatim")
        .select("id")
        .where("campaign_id", "=", c.id)
        .executeTakeFirstOrThrow();
      expect(
        await approveVerbatim(db, { id: moderatorId, email: "moderation@example.org" }, c, v.id, null),
      ).toBe(true);
    }
    await closeInThePast("expiree", 400, 12); // kept until 35 days ago
    await closeInThePast("gardee", 400, 24); // kept for almost another year
  }, 120_000);

  it(
    "--dry-run lists the expired campaign with its counts and changes nothing",
    { timeout: 60_000 },
    async () => {
      const before = await Promise.all(["expiree", "gardee", "en-cours"].map(footprint));
      const auditBefore = await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(before[0]!.verbatims).toBeGreaterThan(0);
      expect(before[0]!.moderated).toBe(1);
      expect(before[0]!.councilAnswers).toBeGreaterThan(0);

      const expired = await findExpiredCampaigns(db);
      expect(expired.map((c) => [c.slug, c.responses, c.retentionMonths])).toEqual([["expiree", 41, 12]]);

      const out = runPurge("--dry-run");
      expect(out).toContain("Dry run: nothing is deleted.");
      expect(out).toMatch(
        /"Questionnaire expiree" \(expiree, Cité éducative de test\): closed \d{4}-\d\d-\d\d, kept 12 months \(until \d{4}-\d\d-\d\d\): 41 responses, \d+ council answers would go\./,
      );
      expect(out).not.toContain("gardee");

      expect(await Promise.all(["expiree", "gardee", "en-cours"].map(footprint))).toEqual(before);
      const auditAfter = await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(auditAfter.n).toBe(auditBefore.n);
    },
  );

  it("deletes the expired campaign's data in batches, totals matching the rows after each, and nothing else", async () => {
    const others = await Promise.all(["gardee", "en-cours"].map(footprint));
    const expiredBefore = await footprint("expiree");
    const batches: number[] = [];
    const purged = await purgeExpiredResponses(db, {
      batchSize: 7,
      onProgress: async (_c, done) => {
        batches.push(done);
        await expectTotalsMatchRows("expiree");
      },
    });
    // Between batches (the callback runs after each commit) a dashboard would read consistent totals.
    expect(batches).toEqual([7, 14, 21, 28, 35, 41]);
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({
      slug: "expiree",
      responses: 41,
      verbatims: expiredBefore.verbatims,
      councilAnswers: expiredBefore.councilAnswers,
      councilParticipants: 5,
    });

    expect(await footprint("expiree")).toEqual({
      responses: 0,
      councilRecords: 0,
      scores: 0,
      verbatims: 0,
      moderated: 0,
      aggregates: 0,
      participation: 0,
      choices: 0,
      councilAnswers: 0,
      councilPhones: 0,
      // The session stays (a name and a code, nothing anyone said), without its record.
      councilSessions: 1,
    });
    const session = await db
      .selectFrom("council_session")
      .innerJoin("campaign", "campaign.id", "council_session.campaign_id")
      .select("council_session.response_id")
      .where("campaign.slug", "=", "expiree")
      .executeTakeFirstOrThrow();
    expect(session.response_id).toBeNull();

    expect(await Promise.all(["gardee", "en-cours"].map(footprint))).toEqual(others);
    for (const slug of ["expiree", "gardee", "en-cours"]) await expectTotalsMatchRows(slug);

    const log = await auditOf("responses_purged");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ user_id: null, user_email: null, target: "expiree" });
    expect(JSON.parse(log[0]!.details!)).toMatchObject({
      responses: 41,
      verbatims: expiredBefore.verbatims,
      councilAnswers: expiredBefore.councilAnswers,
      retentionMonths: 12,
    });
  });

  it("a second run (the command) finds nothing and writes nothing", { timeout: 60_000 }, async () => {
    const before = await Promise.all(["expiree", "gardee", "en-cours"].map(footprint));
    const out = runPurge();
    expect(out).toContain("No campaign is past its retention: nothing deleted.");
    expect(await purgeExpiredResponses(db)).toEqual([]);
    expect(await Promise.all(["expiree", "gardee", "en-cours"].map(footprint))).toEqual(before);
    expect(await auditOf("responses_purged")).toHaveLength(1);
  });

  it(
    "the command deletes a campaign once its retention has passed, and says what it did",
    { timeout: 60_000 },
    async () => {
      await closeInThePast("gardee", 400, 13);
      const before = await footprint("gardee");
      const out = runPurge("--batch", "10");
      expect(out).toContain(
        `deleted 41 responses, ${before.verbatims} free texts, ${before.councilAnswers} council answers from 5 phones.`,
      );
      expect(out).toMatch(/Purged 1 campaign\(s\), 41 responses, in \d+\.\d s\./);
      expect((await footprint("gardee")).responses).toBe(0);
      expect((await footprint("en-cours")).responses).toBe(41);
      await expectTotalsMatchRows("en-cours");
      expect((await auditOf("responses_purged")).map((e) => e.target)).toEqual(["expiree", "gardee"]);
    },
  );

  it("refuses a bad --batch without touching anything", { timeout: 60_000 }, () => {
    expect(() => runPurge("--batch", "0")).toThrow(/--batch must be a whole number from 1 to 5000/);
  });
});
