import { expect, type Page, test } from "@playwright/test";
import {
  choiceByValue,
  currentQuestionName,
  findResponse,
  goBackAnyLanguage,
  goNextAnyLanguage,
  readDraft,
  responseIdOf,
  sendButton,
  waitForSurvey,
} from "./fixtures";

// Issue 14, part 11 (decision 031): on a slow phone the questionnaire's first pages are drawn by
// the server and turned by a small script until the SurveyJS chunk has arrived; SurveyJS then
// goes on from the page on screen with every answer given. 360×740 (playwright.config.ts).
// Scripts are held with context.route: once the offline worker controls the page it fetches
// the assets itself, out of page.route's reach.

const PARENT_SURVEY_PATH = "/s/demo/questionnaire/parent";

/** Holds the SurveyJS chunk until `release()` is called. */
async function holdSurveyJs(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(/\/assets\/SurveyForm\.client-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Answers every remaining question with its first choice (free text left empty) and sends the parent's part. */
async function finishAndSend(page: Page): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const radios = page.locator(".sd-question input[type=radio]");
    if ((await radios.count()) > 0) {
      const value = await radios.first().getAttribute("value");
      await choiceByValue(page, value!).click();
    }
    if (await sendButton(page).isVisible()) {
      await sendButton(page).click();
      // The family path: after the parent's part comes the children's screen.
      await expect(page).toHaveURL(/\/s\/demo\/enfants$/);
      return;
    }
    await goNextAnyLanguage(page);
  }
  throw new Error("the questionnaire never offered to send");
}

test("before SurveyJS arrives a parent answers questions 1 to 3, and SurveyJS goes on at question 4 with them", async ({
  page,
}) => {
  // Then the whole of parent.v2 (up to 42 pages) to the thank-you page, on a shared machine.
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const release = await holdSurveyJs(page);
  await page.goto(PARENT_SURVEY_PATH);
  const quick = page.locator("form[data-quick-pages]");
  await expect(quick).toBeVisible();
  const names = await quick
    .locator("fieldset[data-name]")
    .evaluateAll((fs) => fs.map((f) => f.getAttribute("data-name")!));
  expect(names.length).toBeGreaterThanOrEqual(4);
  const progress = quick.locator(".first-question-progress");
  const total = Number((await progress.innerText()).match(/^Question 1 sur (\d+)$/)![1]);
  const group = (i: number) => quick.locator(`fieldset[data-name="${names[i]}"]`);
  const next = quick.getByRole("button", { name: "Suivant", exact: true });
  const previous = quick.getByRole("button", { name: "Précédent", exact: true });

  // One question at a time, a real radio group with its legend.
  await expect(quick.getByRole("group")).toHaveCount(1);
  await expect(previous).toBeHidden();
  // "Suivant" without an answer: the same message as SurveyJS's, nothing moves.
  await next.click();
  await expect(group(0).getByText("La réponse à cette question est obligatoire.")).toBeVisible();
  await expect(group(0)).toHaveAttribute("aria-invalid", "true");
  await expect(progress).toHaveText(`Question 1 sur ${total}`);

  await group(0).getByRole("radio", { name: "Plutôt d'accord", exact: true }).check();
  await next.click();
  // Question 2 at once, focus on it, the progress said. In parent.v2 "Plutôt d'accord" to the
  // first question shows its two follow-up questions (d1_feedback, d1_changed, drawn here too):
  // the count grows by two, as SurveyJS's does.
  const shown = total + 2;
  await expect(group(1)).toBeVisible();
  await expect(group(0)).toBeHidden();
  await expect(group(1)).toBeFocused();
  await expect(progress).toHaveText(`Question 2 sur ${shown}`);
  await expect(previous).toBeVisible();
  await expect(page.locator(".sd-question")).toHaveCount(0);

  await group(1).getByRole("radio", { name: "Tout à fait d'accord", exact: true }).check();
  await next.click();
  await expect(group(2)).toBeVisible();
  // Back and forth keeps the answers.
  await previous.click();
  await expect(group(1).getByRole("radio", { name: "Tout à fait d'accord", exact: true })).toBeChecked();
  await next.click();
  await group(2).getByRole("radio", { name: "Pas du tout d'accord", exact: true }).check();
  await next.click();
  await expect(group(3)).toBeVisible();
  await expect(progress).toHaveText(`Question 4 sur ${shown}`);

  release();
  await waitForSurvey(page);
  await expect(quick).toHaveCount(0);
  expect(await currentQuestionName(page)).toBe(names[3]);
  await expect(page.locator(".sd-progress__text:visible")).toHaveText(`Question 4 sur ${shown}`);
  expect((await readDraft(page)).data).toMatchObject({ [names[0]!]: 3, [names[1]!]: 4, [names[2]!]: 1 });
  // SurveyJS shows the answers given before it came.
  await goBackAnyLanguage(page);
  expect(await currentQuestionName(page)).toBe(names[2]);
  await expect(page.locator(".sd-question input[type=radio][value='1']")).toBeChecked();
  await goNextAnyLanguage(page);

  const id = await responseIdOf(page);
  await finishAndSend(page);
  const stored = JSON.parse(findResponse(id)!.answers) as Record<string, unknown>;
  expect(stored).toMatchObject({ [names[0]!]: 3, [names[1]!]: 4, [names[2]!]: 1 });
  expect(errors).toEqual([]);
});

test("'Suivant' on the last drawn page before SurveyJS arrives goes on once it is here", async ({ page }) => {
  const release = await holdSurveyJs(page);
  await page.goto(PARENT_SURVEY_PATH);
  const quick = page.locator("form[data-quick-pages]");
  const groups = quick.locator("fieldset[data-name]");
  const count = await groups.count();
  const onScreen = quick.locator("fieldset[data-name]:not([hidden])");
  const waiting = quick.getByText("Chargement du questionnaire…");
  const next = quick.getByRole("button", { name: "Suivant", exact: true });
  // Each page on screen answered with its first choice. Drawn pages whose condition is then
  // false are skipped (parent.v2: "Pas du tout d'accord" to the first question hides its two
  // follow-up questions), so fewer pages are answered than drawn.
  let answered = 0;
  let last: string | null = null;
  for (let i = 0; i < count && !(await waiting.isVisible()); i++) {
    await expect(onScreen).toHaveCount(1);
    last = await onScreen.getAttribute("data-name");
    await onScreen.getByRole("radio").first().check();
    await next.click();
    answered++;
  }
  // Nothing more to draw: the page says the questionnaire is coming.
  await expect(waiting).toBeVisible();
  expect(answered).toBeLessThan(count);
  await expect(onScreen).toHaveAttribute("data-name", last!);
  await expect(groups.nth(count - 1)).toBeVisible();

  release();
  await waitForSurvey(page);
  // SurveyJS is past the last drawn page, which it has kept.
  await expect(page.locator(".sd-progress__text:visible")).toHaveText(
    new RegExp(`^Question ${answered + 1} sur `),
  );
  expect(Object.keys((await readDraft(page)).data)).toContain(last!);
});

test("with every script already there, SurveyJS takes over at once and nothing breaks", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(PARENT_SURVEY_PATH);
  await waitForSurvey(page);
  await expect(page.locator("form[data-quick-pages]")).toHaveCount(0);
  const first = await currentQuestionName(page);
  await page.locator(".sd-question input[type=radio]").first().check({ force: true });
  await goNextAnyLanguage(page);
  expect(await currentQuestionName(page)).not.toBe(first);
  // A reload (scripts from the cache, drawn quick pages for an instant) keeps the page and answer.
  await page.reload();
  await waitForSurvey(page);
  expect(await currentQuestionName(page)).not.toBe(first);
  expect(Object.keys((await readDraft(page)).data)).toContain(first);
  expect(errors).toEqual([]);
});
