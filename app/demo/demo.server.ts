import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { insertResponsesBulk, type BulkResponse } from "../../db/bulk";
import type { OpenedDatabase } from "../../db/client";
import { contributionOf } from "~/indicators/contribution";
import { RECORD_KEY_RANGE } from "~/indicators/disclosure";
import { scoreResponse } from "~/indicators/scoring";
import { seededRandom } from "~/demo/seeded-random";
import { pickWeighted, SYNTHETIC_AGE_BANDS, syntheticAnswers } from "~/demo/synthetic";
import type { SurveyDefinition } from "~/surveys/definition";
import { getEnv } from "~/env.server";
import { generatePassword } from "~/accounts/password.server";
import { findCampaignBySlug, insertCampaign } from "~/campaigns/campaign.server";
import { councilItems } from "~/council/items.server";
import { answerItem, joinSitting, participantKey } from "~/council/phones.server";
import { recordCouncil } from "~/council/record.server";
import { closeSitting, createSitting, openSitting } from "~/council/sittings.server";
import { createUser } from "~/accounts/user.server";
import { submissionDay } from "~/responses/response.server";
import { getSurveyDefinition, latestSurveyDefinitions } from "~/surveys/surveys.server";
import { formOf, hasShortForm } from "~/surveys/forms";

export const DEMO_SLUG = "demo";
export const DEMO_COORDINATOR_EMAIL = "coordination@demo.coeduc.fr";
/** Written beside the database file, for whoever missed the start-up output (and for e2e tests). */
export const DEMO_COORDINATOR_FILE = "demo-coordinator.txt";
const DEMO_RESPONSES = 300;
/**
 * A third, open campaign of the demo territory that lets each person choose the short or the
 * complete version of the questionnaire (issue 14, part 3); a few synthetic responses of both.
 */
export const DEMO_CHOICE_SLUG = "demo-au-choix";
const DEMO_CHOICE_RESPONSES = 60;
/** The demo territory's earlier, closed wave. */
export const DEMO_PREVIOUS_SLUG = "demo-printemps-2026";
const DEMO_PREVIOUS_RESPONSES = 240;
const DAY = 24 * 60 * 60 * 1000;

// How often each audience appears among synthetic responses.
// Children of 8–11 answering themselves (E) are fewer than their parents answering for them (Px).
const AUDIENCE_WEIGHTS: Record<string, number> = { P: 0.33, Px: 0.22, E: 0.12, Y: 0.2, A: 0.13 };

export interface DemoOptions {
  /** The database file; the demo coordinator's password is written in its directory. */
  databasePath?: string;
  /** For the login address printed at start-up. */
  port?: number;
}

/**
 * On an empty database, creates the demo territory, an open campaign `demo` offering
 * the latest version of every survey, synthetic responses so dashboards have data, and
 * a demo coordinator whose password is generated now, printed and written beside the database.
 */
export async function seedDemoIfEmpty(
  opened: OpenedDatabase,
  now = new Date(),
  options: DemoOptions = {},
): Promise<boolean> {
  const { db } = opened;
  const existing = await db.selectFrom("territory").select("id").limit(1).executeTakeFirst();
  if (existing) return false;

  await db.transaction().execute(async (trx) => {
    const territory = await trx
      .insertInto("territory")
      .values({ slug: "demo", name: "Cité éducative de démonstration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const latest = latestSurveyDefinitions().filter((d) => d.audience !== "C");
    const surveys = latest.map((d) => ({ surveyId: d.id, surveyVersion: d.version }));
    // The spring wave was answered on version 1 of each questionnaire (kept for its stored
    // answers), so the demo compares two waves across questionnaire versions, on shared items.
    const firstVersions = latest
      .filter((d) => getSurveyDefinition(d.id, 1))
      .map((d) => ({ surveyId: d.id, surveyVersion: 1 }));
    // The open wave, and an earlier one of the same territory, closed, so the dashboard can compare two waves.
    const waves = [
      { slug: DEMO_SLUG, waveLabel: "automne 2026", opensDay: -30, closesDay: 365, status: "open", surveys },
      {
        slug: DEMO_PREVIOUS_SLUG,
        waveLabel: "printemps 2026",
        opensDay: -270,
        closesDay: -210,
        status: "closed",
        surveys: firstVersions,
      },
      {
        slug: DEMO_CHOICE_SLUG,
        waveLabel: "hiver 2026",
        opensDay: -7,
        closesDay: 365,
        status: "open",
        formOffer: "choice",
        title: "Questionnaire des familles : version courte ou complète",
        surveys,
      },
    ] as const;
    for (const { opensDay, closesDay, surveys, ...wave } of waves) {
      const campaign = {
        title: "Questionnaire des familles et des jeunes",
        ...wave,
        territoryId: territory.id,
        opensAt: new Date(now.getTime() + opensDay * DAY).toISOString(),
        closesAt: new Date(now.getTime() + closesDay * DAY).toISOString(),
      };
      await insertCampaign(trx, campaign, surveys);
    }
  });
  await addSyntheticResponses(opened, DEMO_PREVIOUS_SLUG, DEMO_PREVIOUS_RESPONSES, {
    seed: 2025,
    now: new Date(now.getTime() - 210 * DAY),
    // Answers a little less favourable in spring, so the comparison has something to show.
    shift: -0.35,
  });
  const added = await addSyntheticResponses(opened, DEMO_SLUG, DEMO_RESPONSES, { seed: 2026, now });
  await addSyntheticResponses(opened, DEMO_CHOICE_SLUG, DEMO_CHOICE_RESPONSES, { seed: 2027, now });
  await addDemoCouncil(opened, new Date(now.getTime() - 7 * DAY));
  console.log(
    `Coéduc: demo data created (campaign "${DEMO_SLUG}", ${added} synthetic responses, 1 youth council).`,
  );
  await createDemoCoordinator(opened, now, options);
  if (process.env.NODE_ENV === "production") {
    console.log("Coéduc: for a real deployment, start on an empty database with DEMO_DATA=false.");
  }
  return true;
}

const DEMO_COUNCIL = "Conseil des jeunes du quartier Nord";
const DEMO_COUNCIL_PARTICIPANTS = 12;
const MINUTE = 60 * 1000;

/** How the demo council's phones lean on each item (choice value → weight); unlisted: equal. */
const DEMO_COUNCIL_LEANINGS: Record<string, Record<string, number>> = {
  d6_change: { "1": 2, "2": 5, "3": 4, nsp: 1, nc: 0 },
  d6_speak: { "1": 1, "2": 3, "3": 8, nsp: 0, nc: 0 },
  d6_together: { "1": 1, "2": 4, "3": 7, nsp: 0, nc: 1 },
  d7_explained: { "1": 4, "2": 5, "3": 2, nsp: 1, nc: 0 },
  d7_adults_with_us: { "1": 3, "2": 5, "3": 3, nsp: 1, nc: 0 },
  d7_reaches: { "1": 5, "2": 4, "3": 1, nsp: 2, nc: 1 },
};

/** The demo council's record: plain words, no names (it is shown on the public page). */
const DEMO_COUNCIL_RECORD: Record<string, string> = {
  opinion: [
    "Nous voulons un lieu ouvert le samedi après-midi, pour se retrouver et faire nos devoirs ensemble.",
    "Les trajets vers le collège ne sont pas sûrs le soir, surtout en hiver : il faut plus de lumière dans la rue.",
    "Nous voulons aussi être invités aux réunions où la Cité éducative choisit ses projets, et pas seulement à la fin.",
  ].join("\n"),
  lundy_space: "yes",
  lundy_space_evidence: "La salle du centre social était à nous pendant 2 heures, sans adultes du quartier.",
  lundy_voice: "yes",
  lundy_voice_evidence: "L'animatrice a expliqué le budget avant le vote, avec des exemples.",
  lundy_audience: "partly",
  lundy_audience_evidence: "Un élu est venu à la fin, mais seulement 20 minutes.",
  lundy_influence: "no",
  lundy_influence_evidence: "Nous ne savons pas encore ce qui a été fait de notre avis de l'an dernier.",
  shier_listened: "yes",
  shier_listened_evidence: "Tout le monde a pu parler, même les plus jeunes.",
  shier_supported: "yes",
  shier_supported_evidence: "Nous avons préparé nos questions en petits groupes avant la séance.",
  shier_considered: "partly",
  shier_considered_evidence: "Notre idée d'horaires du samedi est étudiée, sans réponse pour l'instant.",
  shier_involved: "yes",
  shier_involved_evidence: "Nous avons choisi nous-mêmes les 3 sujets de la séance.",
  shier_shared: "partly",
  shier_shared_evidence: "Nous votons sur une petite partie du budget, pas sur le reste.",
};

/**
 * A closed youth council sitting of the demo campaign, held on `heldAt`: phones that answered
 * every item, then the council's recorded opinion and self-assessment (all synthetic).
 */
async function addDemoCouncil(opened: OpenedDatabase, heldAt: Date): Promise<void> {
  const { db } = opened;
  const campaign = await findCampaignBySlug(db, DEMO_SLUG);
  if (!campaign) throw new Error(`No campaign with slug "${DEMO_SLUG}"`);
  const created = await createSitting(db, null, campaign, {
    councilName: DEMO_COUNCIL,
    durationMinutes: 90,
    synthetic: true,
    // Prepared a quarter of an hour before it was held.
    now: new Date(heldAt.getTime() - 15 * MINUTE),
  });
  if (created.kind !== "created") throw new Error(`Demo council: campaign ${created.availability}`);
  const started = await openSitting(db, null, campaign, created.sitting, heldAt);
  if (started.kind !== "ok") throw new Error(`Demo council: could not open the sitting (${started.kind})`);
  const sitting = started.sitting;

  const random = seededRandom(4);
  const secret = getEnv().SESSION_SECRET;
  const items = councilItems(sitting);
  for (let p = 0; p < DEMO_COUNCIL_PARTICIPANTS; p++) {
    const participant = participantKey(sitting.id, crypto.randomBytes(16).toString("base64url"), secret);
    const joinedAt = new Date(heldAt.getTime() + (2 + random() * 5) * MINUTE);
    await joinSitting(db, sitting, participant, joinedAt);
    for (const [i, item] of items.entries()) {
      const leaning = DEMO_COUNCIL_LEANINGS[item.name] ?? {};
      const value = pickWeighted(
        item.choices.map((c): [string, number] => [c.value, leaning[c.value] ?? 1]),
        random,
      );
      const at = new Date(heldAt.getTime() + (10 + i * 8 + random() * 5) * MINUTE);
      const answered = await answerItem(db, sitting, participant, item.name, value, at);
      if (answered.kind !== "saved") throw new Error(`Demo council: answer refused (${answered.kind})`);
    }
  }
  const closed = await closeSitting(db, null, campaign, sitting, new Date(heldAt.getTime() + 70 * MINUTE));
  if (closed.kind !== "ok") throw new Error(`Demo council: could not close the sitting (${closed.kind})`);
  const recorded = await recordCouncil(db, null, campaign, closed.sitting, DEMO_COUNCIL_RECORD, secret, {
    now: new Date(heldAt.getTime() + 85 * MINUTE),
    synthetic: true,
  });
  if (recorded.kind !== "created") throw new Error(`Demo council: record refused (${recorded.kind})`);
}

/** The demo coordinator, with a password made now (never a fixed one): printed once, kept in a 0600 file. */
async function createDemoCoordinator(opened: OpenedDatabase, now: Date, options: DemoOptions): Promise<void> {
  const exists = await opened.db
    .selectFrom("user")
    .select("id")
    .where("email", "=", DEMO_COORDINATOR_EMAIL)
    .executeTakeFirst();
  if (exists) return;
  const databasePath = options.databasePath ?? getEnv().DATABASE_PATH;
  const loginUrl = `http://localhost:${options.port ?? getEnv().PORT}/connexion`;
  const password = generatePassword();
  await createUser(opened.db, {
    email: DEMO_COORDINATOR_EMAIL,
    role: "coordinator",
    password,
    territorySlugs: [DEMO_SLUG],
  });
  const lines = [
    "=".repeat(64),
    `Coéduc demo coordinator (territory "${DEMO_SLUG}"), password generated now:`,
    `  e-mail:    ${DEMO_COORDINATOR_EMAIL}`,
    `  password:  ${password}`,
    `  sign in:   ${loginUrl}`,
  ];
  if (databasePath !== ":memory:") {
    const file = path.join(path.dirname(path.resolve(databasePath)), DEMO_COORDINATOR_FILE);
    const relative = path.relative(process.cwd(), file);
    const shown = relative.startsWith("..") ? file : relative;
    try {
      writeDemoCoordinatorFile(file, { email: DEMO_COORDINATOR_EMAIL, password, loginUrl, createdAt: now });
      lines.push(`Also saved in ${shown} (readable by you only).`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      lines.push(`Could not save it in ${shown} (${reason}): note it now.`);
    }
  }
  lines.push("Change the password at /tableau/compte once signed in.", "=".repeat(64));
  console.log(`\n${lines.join("\n")}\n`);
}

function writeDemoCoordinatorFile(
  file: string,
  account: { email: string; password: string; loginUrl: string; createdAt: Date },
): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = [
    `# Coéduc demo coordinator, created ${account.createdAt.toISOString()} with the demo data.`,
    "# Out of date once the password is changed at /tableau/compte.",
    `email=${account.email}`,
    `password=${account.password}`,
    `login=${account.loginUrl}`,
    "",
  ].join("\n");
  // Created 0600; chmod as well in case an older file (e.g. from a deleted database) was wider.
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/**
 * Adds `count` synthetic responses to a campaign, spread over its surveys and the last
 * 30 days, in batches (a million takes a few minutes).
 */
/** How often each language is chosen in demo data (others: 0.05). */
const DEMO_LOCALE_WEIGHTS: Record<string, number> = { fr: 0.78, ar: 0.1, en: 0.07, falc: 0.05 };

export async function addSyntheticResponses(
  opened: OpenedDatabase,
  slug: string,
  count: number,
  options: { seed?: number; now?: Date; shift?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const campaign = await findCampaignBySlug(opened.db, slug);
  if (!campaign) throw new Error(`No campaign with slug "${slug}"`);
  const defs = campaign.surveys
    .map((s) => getSurveyDefinition(s.surveyId, s.surveyVersion))
    .filter((d): d is SurveyDefinition => !!d && d.audience in AUDIENCE_WEIGHTS);
  if (defs.length === 0) throw new Error(`Campaign "${slug}" offers no survey to answer`);
  const weighted = defs.map((d): [SurveyDefinition, number] => [d, AUDIENCE_WEIGHTS[d.audience]!]);

  const random = seededRandom(options.seed ?? Date.now());
  const now = (options.now ?? new Date()).getTime();
  const start = Math.max(Date.parse(campaign.opens_at), now - 30 * DAY);
  const end = Math.min(now, Date.parse(campaign.closes_at));
  const BATCH = 5000;
  let done = 0;
  while (done < count) {
    const rows: BulkResponse[] = [];
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const long = pickWeighted(weighted, random);
      // Where the campaign lets people choose, about half take the short form (when there is one).
      const form =
        campaign.form_offer !== "long" &&
        hasShortForm(long) &&
        (campaign.form_offer === "short" || random() < 0.5)
          ? "short"
          : "long";
      const def = formOf(long, form);
      const answers = syntheticAnswers(def, random, options.shift);
      const scores = scoreResponse(answers, def.scoring);
      const answersJson = JSON.stringify(answers);
      const ageBand = pickWeighted(SYNTHETIC_AGE_BANDS[def.audience] ?? [[null, 1]], random);
      const submittedAt = submissionDay(new Date(start + random() * Math.max(0, end - start)));
      const recordKey = Math.floor(random() * RECORD_KEY_RANGE);
      // Every language the questionnaire offers, French first, as in a priority neighbourhood.
      const locale = pickWeighted(
        def.locales.map((l): [string, number] => [l, DEMO_LOCALE_WEIGHTS[l] ?? 0.05]),
        random,
      );
      const contribution = contributionOf(def, { answers, ageBand, locale, submittedAt, scores, recordKey });
      rows.push({
        id: crypto.randomUUID(),
        campaignId: campaign.id,
        surveyId: def.id,
        surveyVersion: def.version,
        audience: def.audience,
        ageBand,
        locale,
        answers: answersJson,
        // Synthetic rows have no erasure code; random hashes keep the columns unique.
        contentHash: crypto.createHash("sha256").update(answersJson).digest("hex"),
        erasureHash: crypto.randomBytes(32).toString("hex"),
        submittedAt,
        recordKey,
        scores: contribution.scores,
        choices: contribution.choices,
        texts: contribution.texts,
        form,
      });
    }
    insertResponsesBulk(opened.sqlite, rows);
    done += rows.length;
    options.onProgress?.(done);
  }
  return done;
}
