import crypto from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { PICTOGRAM, splitPictogram } from "../../app/surveys/pictogram";
import { readingOf } from "../../app/surveys/duration";

/**
 * Helpers for the respondent end-to-end tests: the e2e database (read-only), the
 * SurveyJS v3 page as it is rendered, and the answers the browser keeps.
 *
 * SurveyJS v3 DOM relied on (survey-react-ui 3.0.0, default theme):
 * - one `.sd-question` per page, with `data-name` = the question name;
 * - its title in `.sd-question__title` (text inside `.sv-string-viewer`);
 * - a choice is `label.sd-selectbase__label` wrapping a visually hidden
 *   `input[type=radio].sd-item__control` and the text in `.sd-item__control-label`
 *   (a leading pictogram, a face or an icon, is rendered by our adapter as
 *   `svg.pictogram[aria-hidden]` in a `.tile-picture`, the words in a `.tile-word`: the text is
 *   e.g. "Oui"; such answers are tiles, in a `.choice-tiles` fieldset);
 * - a long-text question is `textarea.sd-comment__input`;
 * - navigation buttons are `<button>`s: `.sd-navigation__prev-btn` ("Précédent"),
 *   `.sd-navigation__next-btn` ("Suivant"), `.sd-navigation__complete-btn`
 *   ("Envoyer mes réponses"); in other languages, the same classes (`navButton`);
 * - a choice's `input` carries the choice's value (`value="3"`), whatever the language
 *   (`chooseValue`).
 */

// ---------------------------------------------------------------------------
// Database

/** The SQLite file the e2e server writes (DATABASE_PATH in playwright.config.ts). */
export const E2E_DB_PATH = fileURLToPath(new URL("../../tmp/e2e/e2e.db", import.meta.url));

export interface ResponseRow {
  id: string;
  campaign_id: number;
  survey_id: string;
  survey_version: number;
  audience: string;
  age_band: string | null;
  locale: string;
  answers: string;
  content_hash: string;
  erasure_hash: string;
  submitted_at: string;
}

/** Runs `fn` on a fresh read-only connection (so it sees the latest commit), then closes it. */
export function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(E2E_DB_PATH, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

export function findResponse(id: string): ResponseRow | undefined {
  return withDb((db) => db.prepare("SELECT * FROM response WHERE id = ?").get(id) as ResponseRow | undefined);
}

/** How many response rows carry this id (the idempotency key): 0 or 1, never more. */
export function countResponses(id: string): number {
  return withDb(
    (db) => (db.prepare("SELECT count(*) AS n FROM response WHERE id = ?").get(id) as { n: number }).n,
  );
}

/** The response's dimension scores, e.g. `{ D1: 100, D4: 50 }`. */
export function scoresOf(id: string): Record<string, number> {
  return withDb((db) => {
    const rows = db
      .prepare("SELECT dimension, score FROM response_score WHERE response_id = ? ORDER BY dimension")
      .all(id) as { dimension: string; score: number }[];
    return Object.fromEntries(rows.map((r) => [r.dimension, r.score]));
  });
}

export function countScoreRows(id: string): number {
  return withDb(
    (db) =>
      (db.prepare("SELECT count(*) AS n FROM response_score WHERE response_id = ?").get(id) as { n: number })
        .n,
  );
}

/** SHA-256 of a normalised erasure code, as stored in response.erasure_hash (app/privacy/erasure.server.ts). */
export function erasureHash(code: string, visitPart?: number): string {
  const normalized = code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  // In a family visit, one hash per part (docs/decisions/028-family-visit-code.md).
  return crypto
    .createHash("sha256")
    .update(visitPart === undefined ? normalized : `${normalized}:${visitPart}`)
    .digest("hex");
}

// ---------------------------------------------------------------------------
// The answers kept on the device (app/responses/answer-store.ts)

export interface Draft {
  id: string;
  data: Record<string, unknown>;
  pageNo: number;
  status: "answering" | "sending";
  locale?: string;
  updatedAt: string;
}

export const DRAFT_PREFIX = "coeduc:draft:";

/** Every draft in this page's localStorage, by key. */
export async function readDrafts(page: Page): Promise<Record<string, Draft>> {
  const raw = await page.evaluate((prefix) => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith(prefix)) out[key] = localStorage.getItem(key)!;
    }
    return out;
  }, DRAFT_PREFIX);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as Draft]));
}

/** The one draft of this page (fails when there is none or several). */
export async function readDraft(page: Page): Promise<Draft> {
  const drafts = Object.values(await readDrafts(page));
  expect(drafts, "exactly one draft in localStorage").toHaveLength(1);
  return drafts[0]!;
}

/** The response id the survey will be sent with (the draft's id). */
export async function responseIdOf(page: Page): Promise<string> {
  const { id } = await readDraft(page);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return id;
}

// ---------------------------------------------------------------------------
// SurveyJS page

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A choice label written with or without its leading pictogram ("🙂 Oui" or "Oui"). */
function choiceText(label: string): RegExp {
  const bare = splitPictogram(label).text;
  return new RegExp(`^\\s*(?:${PICTOGRAM}\\s*)?${escapeRegExp(bare)}\\s*$`, "u");
}

/** The question on screen (one question per page). */
export function currentQuestion(page: Page): Locator {
  return page.locator(".sd-question");
}

/** The visible title of the question on screen. */
export function questionTitle(page: Page): Locator {
  return page.locator(".sd-question .sd-question__title .sv-string-viewer").first();
}

/** The clickable label of a choice of the question on screen, by its visible text. */
export function choice(page: Page, label: string): Locator {
  return page
    .locator(".sd-question label.sd-selectbase__label")
    .filter({ has: page.locator(".sd-item__control-label", { hasText: choiceText(label) }) });
}

/** Taps a choice by its visible label and checks that it is selected. */
export async function chooseAnswer(page: Page, label: string): Promise<void> {
  const target = choice(page, label);
  await expect(target).toHaveCount(1);
  await target.click();
  await expect(target.locator("input.sd-item__control")).toBeChecked();
}

export async function expectChosen(page: Page, label: string): Promise<void> {
  await expect(choice(page, label).locator("input.sd-item__control")).toBeChecked();
}

export function nextButton(page: Page): Locator {
  return page.getByRole("button", { name: "Suivant", exact: true });
}
export function previousButton(page: Page): Locator {
  return page.getByRole("button", { name: "Précédent", exact: true });
}
export function sendButton(page: Page): Locator {
  return page.getByRole("button", { name: "Envoyer mes réponses", exact: true });
}

/** Waits for the survey to be rendered (it loads on the client, after the page). */
export async function waitForSurvey(page: Page): Promise<void> {
  await expect(currentQuestion(page)).toBeVisible({ timeout: 15_000 });
}

/** The name of the question on screen (SurveyJS `data-name`). */
export async function currentQuestionName(page: Page): Promise<string> {
  const name = await currentQuestion(page).getAttribute("data-name");
  expect(name).toBeTruthy();
  return name!;
}

/** Moves one page with a navigation button and waits until the question has changed. */
async function move(page: Page, button: Locator): Promise<void> {
  const before = await currentQuestionName(page);
  await button.click();
  await expect(page.locator(`.sd-question[data-name="${before}"]`)).toHaveCount(0);
  await expect(currentQuestion(page)).toBeVisible();
}

export async function goNext(page: Page): Promise<void> {
  await move(page, nextButton(page));
}
export async function goBack(page: Page): Promise<void> {
  await move(page, previousButton(page));
}

/** Answers the question on screen with `label`, then presses "Suivant". */
export async function answerAndNext(page: Page, label: string): Promise<void> {
  await chooseAnswer(page, label);
  await goNext(page);
}

/** A navigation button in any language, by its SurveyJS class. */
export function navButton(page: Page, which: "prev" | "next" | "complete"): Locator {
  return page.locator(`.sd-navigation__${which}-btn`);
}

/** The clickable label of the choice with this value on the question on screen (any language). */
export function choiceByValue(page: Page, value: string | number): Locator {
  return page.locator(".sd-question label.sd-selectbase__label").filter({
    has: page.locator(`input.sd-item__control[value="${value}"]`),
  });
}

/** Taps the choice with this value and checks that it is selected. */
export async function chooseValue(page: Page, value: string | number): Promise<void> {
  const target = choiceByValue(page, value);
  await expect(target).toHaveCount(1);
  await target.click();
  await expect(target.locator("input.sd-item__control")).toBeChecked();
}

/** Moves one page forward or back in any language. */
export async function goNextAnyLanguage(page: Page): Promise<void> {
  await move(page, navButton(page, "next"));
}
export async function goBackAnyLanguage(page: Page): Promise<void> {
  await move(page, navButton(page, "prev"));
}

// ---------------------------------------------------------------------------
// The child questionnaire (surveys/child.v2.json: the demo's open wave offers version 2)

/**
 * Answers of child.v2 for a child at nursery school, in page order: the care setting first
 * (`care`, unscored), then the 8 scored questions shown for a child in a setting: every D1 item
 * "Oui" (3 on 1–3 → 100), every D4 item "Un peu" (2 on 1–3 → 50). `d4_first_entry` is for a
 * child at home and is not shown.
 */
export const CHILD_ANSWERS: { question: string; label: string; value: number | string }[] = [
  { question: "care", label: "À l'école maternelle", value: "maternelle" },
  { question: "d1_likes", label: "🙂 Oui", value: 3 },
  { question: "d1_needs", label: "🙂 Oui", value: 3 },
  { question: "d1_listened", label: "🙂 Oui", value: 3 },
  { question: "d1_choose", label: "🙂 Oui", value: 3 },
  { question: "d4_prepared", label: "😐 Un peu", value: 2 },
  { question: "d4_handover", label: "😐 Un peu", value: 2 },
  { question: "d4_followup", label: "😐 Un peu", value: 2 },
  { question: "d4_help", label: "😐 Un peu", value: 2 },
];
export const CHILD_EXPECTED_SCORES = { D1: 100, D4: 50 };

/** The minutes stated for surveys/child.v2.json (the rule of app/surveys/duration.ts, in French). */
export const CHILD_SURVEY_MINUTES = readingOf(
  JSON.parse(fs.readFileSync(new URL("../../surveys/child.v2.json", import.meta.url), "utf8")) as {
    survey: Record<string, unknown>;
  },
  "fr",
).minutes;

/** Child questionnaire for a 3–5-year-old, opened directly (the journey is tested elsewhere). */
export const CHILD_SURVEY_PATH = "/s/demo/questionnaire/child?age=3-5";

/**
 * From the first question of child.v2, answers the care setting and the 8 scored questions with
 * CHILD_ANSWERS and stops on the last page (the optional free text), where
 * "Envoyer mes réponses" is shown.
 */
export async function answerChildSurvey(page: Page, freeText?: string): Promise<void> {
  await waitForSurvey(page);
  for (const { question, label } of CHILD_ANSWERS) {
    expect(await currentQuestionName(page)).toBe(question);
    await answerAndNext(page, label);
  }
  expect(await currentQuestionName(page)).toBe("knowledge_child");
  if (freeText !== undefined) {
    await page.locator(".sd-question textarea.sd-comment__input").fill(freeText);
  }
  await expect(sendButton(page)).toBeVisible();
}

/** Opens the child questionnaire and goes through it to the thank-you page; returns the response id and code. */
export async function completeChildSurvey(page: Page): Promise<{ id: string; erasureCode: string }> {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const id = await responseIdOf(page);
  await sendButton(page).click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  const erasureCode = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(erasureCode).toMatch(ERASURE_CODE);
  return { id, erasureCode };
}

/** XXXX-XXXX-XXXX-XXXX in Crockford base32. */
export const ERASURE_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
