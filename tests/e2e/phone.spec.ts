import { expect, type Page, type Route, test } from "@playwright/test";
import {
  answerAndNext,
  CHILD_ANSWERS,
  CHILD_SURVEY_PATH,
  countResponses,
  currentQuestionName,
  findResponse,
  readDraft,
  responseIdOf,
  sendButton,
  waitForSurvey,
} from "./fixtures";

// A slow phone: the first question is there (and answerable) before the SurveyJS bundle
// arrives, and every question can be heard with the phone's speech synthesis.
// Scripts are held with context.route, not page.route: once the offline worker controls the
// page (it claims it on first load), it fetches the hashed assets itself, out of page.route's reach.

test("the first question shows before SurveyJS arrives, and a tap on it is kept", async ({ page }) => {
  // Hold the SurveyJS chunk back, as a 400 kbit/s line would for about 9 seconds.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(/\/assets\/SurveyForm\.client-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(CHILD_SURVEY_PATH);
  const preview = page.locator("[data-first-question]");
  await expect(preview).toBeVisible();
  await expect(preview.getByText(/^Question 1 sur \d+$/)).toBeVisible();
  await expect(preview.getByRole("group")).toContainText("Où votre enfant passe-t-il");
  await expect(page.locator(".sd-question")).toHaveCount(0);
  await preview.getByRole("radio", { name: "À l'école maternelle", exact: true }).check();

  release();
  await waitForSurvey(page);
  await expect(preview).toHaveCount(0);
  expect(await currentQuestionName(page)).toBe("care");
  // SurveyJS shows the answer given on the preview, and it is kept on the phone.
  await expect(page.locator(".sd-question input[type=radio][value='maternelle']")).toBeChecked();
  expect((await readDraft(page)).data).toMatchObject({ care: "maternelle" });
});

test("a tap on the first question before React has hydrated is kept when SurveyJS takes over", async ({
  page,
}) => {
  // Hold every script: the page is server HTML only, as on a slow phone before hydration.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(/\/assets\/[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(CHILD_SURVEY_PATH, { waitUntil: "commit" });
  const preview = page.locator("[data-first-question]");
  const school = preview.getByRole("radio", { name: "À l'école maternelle", exact: true });
  await school.check();

  release();
  await waitForSurvey(page);
  await expect(page.locator(".sd-question input[type=radio][value='maternelle']")).toBeChecked();
  expect(errors).toEqual([]);
});

test("when the SurveyJS chunk cannot load, the page says so and keeps the first question", async ({
  page,
}) => {
  await page
    .context()
    .route(/\/assets\/SurveyForm\.client-[^/]+\.js$/, (route) => route.abort("internetdisconnected"));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(CHILD_SURVEY_PATH);
  await expect(page.getByRole("alert")).toContainText("Le questionnaire n'a pas pu se charger");
  await expect(page.getByRole("button", { name: "Recharger la page" })).toBeVisible();
  // The question drawn by the server is still there to read, and the page did not break.
  await expect(page.locator("[data-first-question]")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the first question is in the page's language, right to left in Arabic", async ({ page }) => {
  await page.context().route(/\/assets\/SurveyForm\.client-[^/]+\.js$/, () => new Promise(() => {}));
  await page.goto(`${CHILD_SURVEY_PATH}&lang=ar`);
  const preview = page.locator("[data-first-question]");
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute("dir", "rtl");
  await expect(preview.getByRole("group")).toContainText(/\p{Script=Arabic}/u);
});

test("read-aloud reads the question on screen and its choices in the survey's language", async ({ page }) => {
  // Headless Chromium has no voices: give the page a fake speech synthesis that records.
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
    const voices = [{ lang: "fr-FR", name: "Voix française", localService: true, default: true }];
    Object.defineProperty(window, "speechSynthesis", {
      configurable: true,
      value: {
        getVoices: () => voices,
        speak: (u: { text: string; lang: string; onend?: () => void }) => {
          spoken.push({ text: u.text, lang: u.lang });
          setTimeout(() => u.onend?.(), 10);
        },
        cancel: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
      },
    });
    (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class {
      text: string;
      lang = "";
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text: string) {
        this.text = text;
      }
    };
  });
  await page.goto(CHILD_SURVEY_PATH);
  await waitForSurvey(page);
  const button = page.getByRole("button", { name: "Écouter la question" });
  await expect(button).toBeVisible();
  await button.click();
  const spoken = await page.evaluate(
    () => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken,
  );
  expect(spoken).toHaveLength(1);
  expect(spoken[0]!.lang).toBe("fr-FR");
  expect(spoken[0]!.text).toMatch(
    /^Où votre enfant passe-t-il la plus grande partie de la journée \?.*À la maison, avec la famille\.$/,
  );
});

test("without a voice for the language, the button says so", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "speechSynthesis", {
      configurable: true,
      value: {
        getVoices: () => [{ lang: "en-US", name: "English", localService: true, default: true }],
        speak: () => {
          throw new Error("must not speak without a voice for the language");
        },
        cancel: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
      },
    });
  });
  await page.goto(`${CHILD_SURVEY_PATH}&lang=ar`);
  await waitForSurvey(page);
  const button = page.getByTestId("read-aloud");
  await expect(button).toHaveText(/لا يوجد صوت/);
  await expect(button).toHaveAttribute("aria-disabled", "true");
  // Still focusable and clickable (a screen reader hears why); clicking speaks nothing.
  await button.click({ force: true });
  await expect(button).toHaveText(/لا يوجد صوت/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the landing works: it reads, switches language and leads to the questionnaire", async ({ page }) => {
    await page.goto("/s/demo");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("link", { name: "Français", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await page
      .getByRole("link", { name: /parent/i })
      .first()
      .click();
    await expect(page).toHaveURL(/\/s\/demo\/parent/);
    // The survey itself needs JavaScript; its first question is still readable, and the page says why.
    await page.goto("/s/demo/questionnaire/parent");
    await expect(
      page.locator("[data-first-question] fieldset:not([hidden]) .first-question-title"),
    ).toBeVisible();
    // The drawn pages' "Suivant" needs their script: without it, no button that does nothing.
    await expect(page.getByRole("button", { name: "Suivant", exact: true })).toHaveCount(0);
    // (Playwright turns scripts off after parsing starts, so the <noscript> text stays raw: read the HTML.)
    expect(await page.content()).toContain("Pour répondre, activez JavaScript dans votre navigateur.");
  });
});

/** Opens the child questionnaire and waits until the offline worker controls it and keeps it. */
async function openSurveyKeptOffline(page: Page) {
  await page.goto(CHILD_SURVEY_PATH);
  await waitForSurvey(page);
  // The service worker controls the page and has kept the page and the SurveyJS files.
  await page.waitForFunction(
    async () => {
      if (!navigator.serviceWorker.controller) return false;
      const assets = await (await caches.open("coeduc-assets-1")).keys();
      const kept = await (await caches.open("coeduc-pages-1")).match(location.pathname + location.search);
      return kept !== undefined && assets.some((r) => r.url.includes("SurveyForm.client"));
    },
    null,
    { timeout: 30_000, polling: 500 },
  );
}

test("offline: a parent reloads without network, finishes, and the answers are stored once when back online", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await openSurveyKeptOffline(page);

  await answerAndNext(page, CHILD_ANSWERS[0]!.label);
  await answerAndNext(page, CHILD_ANSWERS[1]!.label);
  const id = await responseIdOf(page);

  // No network at all, for the page and for the service worker.
  const cut = (route: Route) =>
    route.request().serviceWorker() ? route.abort("internetdisconnected") : route.continue();
  await context.setOffline(true);
  await context.route("**", cut);
  await page.reload();
  await waitForSurvey(page);
  expect(await currentQuestionName(page)).toBe(CHILD_ANSWERS[2]!.question);
  for (const { label } of CHILD_ANSWERS.slice(2)) await answerAndNext(page, label);
  await sendButton(page).click();
  await expect(page.locator(".send-status")).toContainText(/connexion|réseau|internet/i);
  expect(countResponses(id)).toBe(0);

  // Back online: sent by itself, stored once, and the phone says so with the erasure code: on
  // the thank-you page, or in place when the way there failed (the offline worker's own requests
  // can come back a moment after the page's: the test below does that on purpose).
  await context.unroute("**", cut);
  await context.setOffline(false);
  await expect(page.getByText("Vos réponses sont bien enregistrées.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("erasure-code")).toBeVisible();
  expect(countResponses(id)).toBe(1);
  expect(findResponse(id)!.answers).toContain('"d4_followup":2');
});

test("stored, then the connection drops before the thank-you page: the phone says the answers are stored, once", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await openSurveyKeptOffline(page);

  for (const { label } of CHILD_ANSWERS) await answerAndNext(page, label);
  const id = await responseIdOf(page);
  // Everything but the answers fails from now on: the thank-you page's files and data cannot
  // be fetched, so Remix reloads the questionnaire (from the worker's cache).
  const cut = (route: Route) =>
    route.request().method() === "POST" ? route.continue() : route.abort("internetdisconnected");
  await context.route("**", cut);
  await sendButton(page).click();

  const here = page.getByTestId("stored-here");
  await expect(here).toBeVisible({ timeout: 30_000 });
  await expect(here).toContainText("Vos réponses sont bien enregistrées.");
  const code = (await page.getByTestId("erasure-code").textContent())!.trim();
  expect(code.length).toBeGreaterThan(5);
  expect(page.url()).toContain("/questionnaire/child");
  expect(countResponses(id)).toBe(1);
  // Not an empty questionnaire to answer a second time.
  await expect(page.locator(".sd-question")).toHaveCount(0);

  // Back online, the confirmation is not kept for ever: shown at most once more (when the page
  // was not reloaded meanwhile, the phone still holds the code), then a new questionnaire.
  await context.unroute("**", cut);
  await page.goto(CHILD_SURVEY_PATH);
  await expect(page.getByTestId("stored-here").or(page.locator(".sd-question"))).toBeVisible({
    timeout: 15_000,
  });
  if (await page.getByTestId("stored-here").isVisible()) {
    await expect(page.getByTestId("erasure-code")).toHaveText(code);
    await page.goto(CHILD_SURVEY_PATH);
  }
  await waitForSurvey(page);
  await expect(page.getByTestId("stored-here")).toHaveCount(0);
  expect(await currentQuestionName(page)).toBe(CHILD_ANSWERS[0]!.question);
  expect(countResponses(id)).toBe(1);
});
