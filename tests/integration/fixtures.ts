/**
 * Helpers for integration tests. Each test file runs in its own process with its own
 * temporary SQLite file (tests/setup/env.ts), so the database starts empty (no demo data).
 */
import type SQLite from "better-sqlite3";
import { expect } from "vitest";
import type { Question } from "survey-core";
import type { DB, OpenedDatabase } from "../../db/client";
import type { CampaignStatus, FormOffer, Role } from "../../db/schema";
import { insertCampaign } from "~/campaigns/campaign.server";
import { getDatabase } from "~/db.server";
import { startSession } from "~/accounts/login.server";
import { createSurveyModel } from "~/surveys/adapter";
import { syntheticAnswers } from "~/demo/synthetic";
import type { SurveyDefinition } from "~/surveys/definition";
import { recomputeIndicatorAggregates } from "~/indicators/aggregates.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { createUser, findActor } from "~/accounts/user.server";
import { action } from "~/routes/api.v1.campaigns.$slug.responses";

const DAY = 24 * 60 * 60 * 1000;

/**
 * The five individual questionnaires, version 1: parent, child (proxy), child 8–11 (self-report),
 * youth, young adult.
 */
export const ALL_SURVEYS: readonly { surveyId: string; surveyVersion: number }[] = [
  { surveyId: "parent", surveyVersion: 1 },
  { surveyId: "child", surveyVersion: 1 },
  { surveyId: "child-self", surveyVersion: 1 },
  { surveyId: "youth", surveyVersion: 1 },
  { surveyId: "young-adult", surveyVersion: 1 },
];

/**
 * The four individual questionnaires, version 2 (issue 14): conditions (`visibleIf`), both
 * non-answers, a short form. A newer wave answers these while an older one stays on version 1.
 */
export const LATEST_SURVEYS: readonly { surveyId: string; surveyVersion: number }[] = ALL_SURVEYS.map(
  (s) => ({
    ...s,
    surveyVersion: 2,
  }),
);

/** The application's database (migrated; empty apart from what the tests insert). */
export async function getTestDb(): Promise<OpenedDatabase> {
  return await getDatabase();
}

export interface CampaignOptions {
  slug: string;
  status?: CampaignStatus;
  opensAt?: Date | string;
  closesAt?: Date | string;
  surveys?: readonly { surveyId: string; surveyVersion: number }[];
  title?: string;
  /** Which form of its questionnaires the campaign offers; long by default. */
  formOffer?: FormOffer;
}

export interface CreatedCampaign {
  id: number;
  slug: string;
  opensAt: string;
  closesAt: string;
}

const TEST_TERRITORY_SLUG = "territoire-test";

function iso(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString();
}

/**
 * Inserts a campaign (and the test territory on first use) offering the given survey
 * versions; by default all four v1 surveys, open, opened yesterday, closing in a year.
 */
export async function createCampaign(db: DB, options: CampaignOptions): Promise<CreatedCampaign> {
  const now = Date.now();
  const opensAt = iso(options.opensAt ?? new Date(now - DAY));
  const closesAt = iso(options.closesAt ?? new Date(now + 365 * DAY));
  const surveys = options.surveys ?? ALL_SURVEYS;

  return db.transaction().execute(async (trx) => {
    let territory = await trx
      .selectFrom("territory")
      .select("id")
      .where("slug", "=", TEST_TERRITORY_SLUG)
      .executeTakeFirst();
    territory ??= await trx
      .insertInto("territory")
      .values({ slug: TEST_TERRITORY_SLUG, name: "Cité éducative de test" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = await insertCampaign(
      trx,
      {
        territoryId: territory.id,
        slug: options.slug,
        title: options.title ?? `Campagne ${options.slug}`,
        waveLabel: "test",
        opensAt,
        closesAt,
        status: options.status ?? "open",
        ...(options.formOffer ? { formOffer: options.formOffer } : {}),
      },
      surveys,
    );
    return { id, slug: options.slug, opensAt, closesAt };
  });
}

/** A survey definition from `surveys/`, or a thrown error (a test typo should fail loudly). */
export function surveyDefinition(surveyId: string, version = 1): SurveyDefinition {
  const def = getSurveyDefinition(surveyId, version);
  if (!def) throw new Error(`no survey ${surveyId}.v${version}`);
  return def;
}

function choiceValuesOf(question: Question): unknown[] {
  const choices = (question as unknown as { choices?: { value: unknown }[] }).choices ?? [];
  return choices.map((c) => c.value);
}

/**
 * A complete, valid answer set: every required question that is shown answered, with 3 where 3
 * is a choice, else the first choice (e.g. the Montreal continuum, yes/no; in version 2 "yes" to
 * d7_aware and "creche" to the child's care setting). Questions a condition hides are left out,
 * as the questionnaire would; so are optional free-text questions.
 */
export function validAnswers(surveyId: string, version = 1): Record<string, unknown> {
  const def = surveyDefinition(surveyId, version);
  const model = createSurveyModel(def.survey);
  const answers: Record<string, unknown> = {};
  // In page order: a condition only reads answers given before it (setValue runs the conditions).
  for (const question of model.getAllQuestions(false)) {
    if (!question.isRequired || !question.isVisible) continue;
    const values = choiceValuesOf(question);
    if (values.length === 0) throw new Error(`validAnswers: ${question.name} has no choices`);
    answers[question.name] = values.includes(3) ? 3 : values[0];
    model.setValue(question.name, answers[question.name]);
  }
  return answers;
}

export type PostInit = Omit<RequestInit, "body"> & {
  /** The Content-Type header; `null` sends none. Defaults to application/json. */
  contentType?: string | null;
};

/** Every shape the submission API answers with (all fields optional, to be asserted). */
export interface ApiBody {
  id?: string;
  erasureCode?: string;
  errors?: { question: string; message: string }[];
  error?: {
    code: string;
    message: string;
    opensAt?: string;
    closesAt?: string;
    fields?: { field: string; message: string }[];
  };
}

export interface PostResult {
  status: number;
  /** The parsed JSON body, or null when the body is empty or not JSON. */
  body: ApiBody | null;
  headers: Headers;
}

export const RESPONSES_URL = (slug: string) => `http://localhost/api/v1/campaigns/${slug}/responses`;

/**
 * Calls the submission route's action with a real Request. Objects are sent as JSON; a
 * string, bytes or a stream are sent as they are (so malformed bodies can be tested).
 */
export async function postResponse(slug: string, body: unknown, init: PostInit = {}): Promise<PostResult> {
  const { contentType = "application/json", headers: extraHeaders, ...rest } = init;
  const headers = new Headers(extraHeaders);
  let payload: BodyInit;
  if (typeof body === "string") {
    // A string body would make Request add "text/plain" by itself; bytes do not.
    payload = new TextEncoder().encode(body);
  } else if (body instanceof Uint8Array || body instanceof ReadableStream) {
    payload = body as BodyInit;
  } else {
    payload = new TextEncoder().encode(JSON.stringify(body));
  }
  if (contentType !== null && !headers.has("content-type")) headers.set("content-type", contentType);
  const request = new Request(RESPONSES_URL(slug), {
    method: "POST",
    ...rest,
    headers,
    body: payload,
    ...(payload instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await action({ request, params: { slug }, context: {} });
  if (!(response instanceof Response)) throw new Error("the action did not return a Response");
  const text = await response.text();
  let parsed: ApiBody | null = null;
  try {
    parsed = text ? (JSON.parse(text) as ApiBody) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** How many responses and response scores are stored. */
export function countRows(sqlite: SQLite.Database): { responses: number; scores: number } {
  const count = (table: string) =>
    (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { responses: count("response"), scores: count("response_score") };
}

/**
 * Creates one account per entry (e-mail `<name>@example.org`) and signs each in, writing the
 * session cookie (`name=value`, ready for a Cookie header) into `cookies[name]`.
 */
export async function signInPeople<K extends string>(
  db: DB,
  people: Record<K, { role: Role; territorySlugs: readonly string[] }>,
  cookies: Record<K, string>,
): Promise<void> {
  for (const name of Object.keys(people) as K[]) {
    const p = people[name];
    const id = await createUser(db, {
      email: `${name}@example.org`,
      role: p.role,
      password: "un mot de passe assez long",
      territorySlugs: [...p.territorySlugs],
    });
    const setCookie = await startSession(
      new Request("http://localhost/connexion"),
      (await findActor(db, id))!,
    );
    cookies[name] = setCookie.split(";")[0]!;
  }
}

/**
 * The indicator totals a dashboard reads equal those recomputed from the stored scores (rows
 * whose count went back to 0 aside).
 */
export async function expectIndicatorTotalsMatch(db: DB, campaignId: number): Promise<void> {
  const stored = await db
    .selectFrom("indicator_aggregate")
    .select(["audience", "age_band", "dimension", "n", "sum", "sum_squares", "favourable"])
    .where("campaign_id", "=", campaignId)
    .where("n", "!=", 0)
    .execute();
  const recomputed = await recomputeIndicatorAggregates(db, campaignId);
  const key = (r: { audience: string; age_band: string; dimension: string }) =>
    `${r.audience}|${r.age_band}|${r.dimension}`;
  expect(stored.map(key).sort()).toEqual(recomputed.map(key).sort());
  for (const r of recomputed) {
    const s = stored.find((x) => key(x) === key(r))!;
    expect([s.n, s.favourable]).toEqual([r.n, r.favourable]);
    expect(s.sum).toBeCloseTo(r.sum, 6);
    expect(s.sum_squares).toBeCloseTo(r.sum_squares, 4);
  }
}

const SYNTHETIC_SURVEYS = ["parent", "child", "youth", "young-adult"] as const;
const SYNTHETIC_BANDS: Record<(typeof SYNTHETIC_SURVEYS)[number], (string | null)[]> = {
  parent: [null],
  child: ["0-2", "3-5", "6-11"],
  youth: ["15-17"],
  "young-adult": ["18-25"],
};

/**
 * The `i`-th of a series of valid submissions with a new id: the four questionnaires in turn,
 * each with its age bands in turn, answers drawn from `random`.
 */
export function syntheticSubmission(i: number, random: () => number) {
  const surveyId = SYNTHETIC_SURVEYS[i % SYNTHETIC_SURVEYS.length]!;
  const bands = SYNTHETIC_BANDS[surveyId];
  return {
    id: crypto.randomUUID(),
    surveyId,
    surveyVersion: 1,
    locale: "fr",
    ageBand: bands[i % bands.length]!,
    answers: syntheticAnswers(getSurveyDefinition(surveyId, 1)!, random) as Record<string, unknown>,
  };
}

/** RFC 4180 with `;`: quoted fields may hold `;`, CRLF, LF and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
