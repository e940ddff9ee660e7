import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import {
  answerAndNext,
  CHILD_ANSWERS,
  CHILD_EXPECTED_SCORES,
  CHILD_SURVEY_PATH,
  chooseValue,
  countResponses,
  countScoreRows,
  currentQuestion,
  currentQuestionName,
  ERASURE_CODE,
  findResponse,
  goBackAnyLanguage,
  goNextAnyLanguage,
  navButton,
  questionTitle,
  readDraft,
  responseIdOf,
  scoresOf,
  waitForSurvey,
} from "./fixtures";

// Languages (issue 5): Arabic right to left, a change of language in the middle of a
// questionnaire, and the simplified French version of the parent questionnaire.

/** axe-core's WCAG 2.1 AA violations on the page as it is now (ids and targets). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Answers the child questionnaire's care setting and scored questions (CHILD_ANSWERS) by value, in any language. */
async function answerChildByValue(page: Page, from = 0): Promise<void> {
  for (const { question, value } of CHILD_ANSWERS.slice(from)) {
    expect(await currentQuestionName(page)).toBe(question);
    await chooseValue(page, value);
    await goNextAnyLanguage(page);
  }
  expect(await currentQuestionName(page)).toBe("knowledge_child");
}

test("in Arabic, the pages and the questionnaire read right to left, and the answers are stored as Arabic", async ({
  page,
  context,
}) => {
  // The whole journey with two axe runs and nine questions: longer than the default 30 s.
  test.setTimeout(90_000);
  await page.goto("/s/demo?lang=ar");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("dir", "rtl");
  await expect(html).toHaveAttribute("lang", "ar");
  await expect(page.getByRole("heading", { name: "من يجيب؟" })).toBeVisible();
  // The language is kept for the next pages (cookie), without ?lang= in their links.
  const cookie = (await context.cookies()).find((c) => c.name === "coeduc_lang");
  expect(cookie).toMatchObject({ value: "ar", path: "/", sameSite: "Lax" });
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(360 * 24 * 3600);
  // Right to left: the switcher's first language (Français) is the rightmost one.
  const switcher = page.getByRole("navigation", { name: "اللغة" });
  const french = await switcher.getByRole("link", { name: "Français", exact: true }).boundingBox();
  const english = await switcher.getByRole("link", { name: "English" }).boundingBox();
  expect(french!.x).toBeGreaterThan(english!.x);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "أنا وليّ أمر أو أعتني بطفل" }).click();
  await expect(page.getByRole("heading", { name: "أنتم من أولياء الأمور" })).toBeVisible();
  await page.getByRole("link", { name: "أجبت عن نفسي: الإجابة عن طفل" }).click();
  // The children screen, in Arabic: the child's age and where they spend the day.
  await expect(page.getByRole("heading", { name: "هل لديكم أطفال من 0 إلى 11 سنة؟" })).toBeVisible();
  await page.getByRole("group", { name: "عمره" }).getByLabel("من 3 إلى 5 سنوات").check();
  await page.getByRole("group", { name: "أين يقضي النهار في أغلب الأوقات؟" }).getByLabel("في المدرسة التمهيدية (maternelle)").check();
  await page.getByRole("button", { name: "إضافة هذا الطفل" }).click();
  await page.getByRole("button", { name: "هذا كل شيء: الإجابة عن طفلي" }).click();

  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=3-5&enfant=0$/);
  await expect(page.getByRole("heading", { name: "استبيان عن طفلك من 0 إلى 11 سنة" })).toBeVisible();
  await waitForSurvey(page);
  await expect(html).toHaveAttribute("dir", "rtl");
  // The care setting chosen on the children screen is filled in: child.v2 starts after it
  // (SurveyJS still counts the care page: 10 pages for a child in a setting, this is the 2nd).
  await expect(questionTitle(page)).toHaveText(
    "في المكان الذي يُرعى فيه طفلك أو يدرس فيه، يهتمّون بما يحبّه طفلك.",
  );
  await expect(page.locator(".sd-progress__text:not(.sd-hidden)")).toHaveText("السؤال 2 من 10");
  // The answers read right to left: the face scale's tiles (face above the word) start at the
  // right-hand edge of the question, and a tile's radio circle sits in its right-hand corner.
  const first = page.locator(".sd-question label.sd-selectbase__label").first();
  const circle = (await first.locator(".sd-item__decorator").boundingBox())!;
  const words = (await first.locator(".sd-item__control-label").boundingBox())!;
  const question = (await currentQuestion(page).boundingBox())!;
  expect(circle.x).toBeGreaterThan(words.x + words.width / 2);
  expect(question.x + question.width - (circle.x + circle.width)).toBeLessThan(question.width / 4);
  // SurveyJS's own words are Arabic too: the required-answer message and the buttons.
  await navButton(page, "next").click();
  await expect(page.locator(".sd-question__erbox")).toContainText("يُرجى الإجابة عن هذا السؤال.");
  await expect(navButton(page, "next")).toHaveText("التالي");
  expect(await axeViolations(page)).toEqual([]);

  await answerChildByValue(page, 1);
  const id = await responseIdOf(page);
  await expect(navButton(page, "complete")).toHaveText("إرسال إجاباتي");
  await navButton(page, "complete").click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByRole("heading", { name: "شكرًا!" })).toBeVisible();
  await expect(html).toHaveAttribute("dir", "rtl");
  expect((await page.getByTestId("erasure-code").innerText()).trim()).toMatch(ERASURE_CODE);

  expect(findResponse(id)).toMatchObject({ survey_id: "child", age_band: "3-5", locale: "ar" });
  expect(scoresOf(id)).toEqual(CHILD_EXPECTED_SCORES);
});

test("switching from French to English in the middle keeps the answers and the question", async ({
  page,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await waitForSurvey(page);
  await answerAndNext(page, "À l'école maternelle");
  await answerAndNext(page, "🙂 Oui");
  await answerAndNext(page, "🙂 Oui");
  expect(await currentQuestionName(page)).toBe("d1_listened");
  const before = await readDraft(page);
  expect(before).toMatchObject({ pageNo: 3, data: { care: "maternelle", d1_likes: 3, d1_needs: 3 } });

  await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=3-5&lang=en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(
    page.getByRole("heading", { name: "Questionnaire about your child aged 0 to 11" }),
  ).toBeVisible();
  await waitForSurvey(page);
  // The same question, now in English, with the earlier answers kept.
  expect(await currentQuestionName(page)).toBe("d1_listened");
  await expect(questionTitle(page)).toHaveText(
    "When your child shows what they want, the professionals who look after them listen.",
  );
  await expect(page.locator(".sd-progress__text:not(.sd-hidden)")).toHaveText("Question 4 of 10");
  expect((await readDraft(page)).id).toBe(before.id);
  await goBackAnyLanguage(page);
  await expect(choiceLabel(page, 3)).toContainText("Yes");
  await expect(choiceLabel(page, 3).locator("input")).toBeChecked();
  await goNextAnyLanguage(page);

  await answerChildByValue(page, 3);
  await expect(navButton(page, "complete")).toHaveText("Send my answers");
  await navButton(page, "complete").click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();

  expect(countResponses(before.id)).toBe(1);
  const row = findResponse(before.id)!;
  expect(row.locale).toBe("en");
  expect(JSON.parse(row.answers)).toEqual(
    Object.fromEntries(CHILD_ANSWERS.map((a) => [a.question, a.value])),
  );
});

function choiceLabel(page: Page, value: number) {
  return page.locator(".sd-question label.sd-selectbase__label").filter({
    has: page.locator(`input[value="${value}"]`),
  });
}

test("a parent answers the simplified version, offered on the landing page", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/s/demo");
  await page.getByRole("link", { name: "Version simplifiée : des phrases courtes, des images" }).click();
  await expect(page).toHaveURL(/\/s\/demo\?lang=falc$/);
  const html = page.locator("html");
  await expect(html).toHaveAttribute("lang", "fr");
  await expect(html).toHaveAttribute("data-locale", "falc");
  await expect(
    page
      .getByRole("navigation", { name: "Langue" })
      .getByRole("link", { name: "Français, version simplifiée" }),
  ).toHaveAttribute("aria-current", "true");
  // Never called "FALC" or "facile à lire" on screen: it is not proofread yet.
  await expect(page.locator("body")).not.toContainText(/FALC|facile à lire/i);
  // The facts of the landing have their pictures.
  await expect(page.locator(".facts .fact-pictured svg.picto")).toHaveCount(4);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "Je suis un parent. Ou je m'occupe d'un enfant." }).click();
  await expect(page.getByRole("heading", { name: "Vous êtes un parent" })).toBeVisible();
  await page.getByRole("link", { name: "Commencer" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/parent$/);
  await expect(
    page.getByRole("heading", { name: "Questionnaire pour les parents, version simplifiée" }),
  ).toBeVisible();
  await waitForSurvey(page);
  // The simplified title, after its pictogram (hidden from screen readers).
  await expect(questionTitle(page)).toContainText(
    "Depuis 12 mois, l'école, la crèche ou le centre social vous a demandé votre avis ?",
  );
  await expect(questionTitle(page).locator(".pictogram[aria-hidden=true]")).toHaveCount(1);
  await expect(choiceLabel(page, 1)).toContainText("Non, pas du tout");

  // Every question: the third choice ("Plutôt oui" on the agreement scale), then on.
  for (let i = 0; i < 60 && !(await navButton(page, "complete").isVisible()); i++) {
    const choices = page.locator(".sd-question label.sd-selectbase__label");
    if ((await choices.count()) > 0) {
      await expect(questionTitle(page).locator(".pictogram")).toHaveCount(1);
      await choices.nth((await choices.count()) > 2 ? 2 : 0).click();
    }
    await goNextAnyLanguage(page);
  }
  const id = await responseIdOf(page);
  await navButton(page, "complete").click();
  // Next, the children screen (the family's path), also simplified.
  await expect(page).toHaveURL(/\/s\/demo\/enfants$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Avez-vous des enfants de 0 à 11 ans ?" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Je n'ai pas d'enfant de cet âge" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByRole("heading", { name: "Merci !" })).toBeVisible();
  await expect(page.getByTestId("thanks-stored")).toHaveText("Vos réponses sont enregistrées.");

  expect(findResponse(id)).toMatchObject({ survey_id: "parent", audience: "P", locale: "falc" });
  // Scored in the same dimensions as the French version.
  expect(Object.keys(scoresOf(id)).sort()).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7"]);
  expect(countScoreRows(id)).toBe(7);
});

// Correct language everywhere (issue 14, part 7): screen readers pick their voice from the
// nearest `lang`. SurveyJS's root once said `lang="en"` on French pages and `lang="falc"` in
// the simplified version; every element of the questionnaire must now say the language of
// its text, before SurveyJS (the server-drawn first question) and after.

const PAGE_LANGS = [
  { locale: "fr", lang: "fr", dir: "ltr" },
  { locale: "en", lang: "en", dir: "ltr" },
  { locale: "ar", lang: "ar", dir: "rtl" },
  { locale: "falc", lang: "fr", dir: "ltr" },
] as const;

const PARENT_SURVEY_PATH = "/s/demo/questionnaire/parent";

interface LangReport {
  /** Every element of the questionnaire that declares a `lang`, as "tag.class[lang]". */
  declared: string[];
  /** The nearest `lang` of the words of each question title and of each choice. */
  titles: (string | null)[];
  choices: (string | null)[];
  /** SurveyJS's root: its `lang` and `dir` (null while it is not on the page). */
  root: { lang: string; dir: string } | null;
}

/** What the questionnaire area (`.survey-page`: heading, first question, SurveyJS) declares. */
async function langReport(page: Page): Promise<LangReport> {
  return page.locator(".survey-page").evaluate((area) => {
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.classList.length ? "." + [...el.classList].join(".") : ""}[${el.getAttribute("lang")}]`;
    // The nearest `lang` of each run of words (not of marks such as the required "*").
    const langsOfWords = (selector: string) =>
      [...area.querySelectorAll(selector)].flatMap((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const langs: (string | null)[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (/\p{L}/u.test(node.textContent ?? "")) {
            langs.push(node.parentElement?.closest("[lang]")?.getAttribute("lang") ?? null);
          }
        }
        return langs;
      });
    const root = area.querySelector(".sd-root-modern");
    return {
      declared: [...area.querySelectorAll("[lang]")].map(describe),
      titles: langsOfWords(".sd-question__title, .first-question-title"),
      choices: langsOfWords(".sd-item__control-label, .first-question-choice > span"),
      root: root ? { lang: root.getAttribute("lang") ?? "", dir: root.getAttribute("dir") ?? "" } : null,
    };
  });
}

/** Nothing in the questionnaire says another language than `lang`, and its texts say `lang`. */
function expectAllIn(report: LangReport, lang: string, where: string): void {
  const other = report.declared.filter((d) => !d.endsWith(`[${lang}]`));
  expect(other, `elements declaring another language than "${lang}" (${where})`).toEqual([]);
  expect(report.titles.length, `question titles found (${where})`).toBeGreaterThan(0);
  expect(report.choices.length, `choices found (${where})`).toBeGreaterThan(0);
  expect(new Set(report.titles), `nearest lang of the question titles (${where})`).toEqual(new Set([lang]));
  expect(new Set(report.choices), `nearest lang of the choices (${where})`).toEqual(new Set([lang]));
}

test.describe("every element of the questionnaire says the language of its text", () => {
  for (const { locale, lang, dir } of PAGE_LANGS) {
    test(`${locale}: the first question drawn by the server, then SurveyJS, say lang="${lang}"; no axe violation`, async ({
      page,
      browser,
    }) => {
      // Before SurveyJS: the server-drawn first question, as a phone without JavaScript sees it.
      const bare = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 360, height: 740 },
        isMobile: true,
      });
      try {
        const preview = await bare.newPage();
        await preview.goto(`${PARENT_SURVEY_PATH}?lang=${locale}`);
        await expect(preview.locator("html")).toHaveAttribute("lang", lang);
        await expect(preview.locator("[data-first-question]")).toBeVisible();
        expectAllIn(await langReport(preview), lang, `${locale}, server-drawn first question`);
      } finally {
        await bare.close();
      }

      await page.goto(`${PARENT_SURVEY_PATH}?lang=${locale}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await waitForSurvey(page);
      for (const step of ["first question", "second question"]) {
        const report = await langReport(page);
        expectAllIn(report, lang, `${locale}, ${step}`);
        expect(report.root, `SurveyJS root (${locale}, ${step})`).toEqual({ lang, dir });
        expect(await axeViolations(page), `axe (${locale}, ${step})`).toEqual([]);
        if (step === "first question") {
          await page.locator(".sd-question label.sd-selectbase__label").first().click();
          await goNextAnyLanguage(page);
        }
      }
    });
  }

  // The offline worker answers from its own fetch, out of page.route's reach: no worker here.
  test.describe(() => {
    test.use({ serviceWorkers: "block" });
    test('en: a question without its English text shows the French one, and says lang="fr" there only', async ({
      page,
    }) => {
      await page.goto("/s/demo/parent?lang=en");
      // The questionnaire is reached inside the app: its data come as JSON, where one translation is
      // taken out (as in a survey file that lacks it).
      let changed = false;
      await page.route(
        (url) =>
          url.pathname === PARENT_SURVEY_PATH &&
          (url.searchParams.get("_data") ?? "").includes("questionnaire"),
        async (route) => {
          const response = await route.fetch();
          const data = (await response.json()) as {
            survey: { json: { pages: { elements: { title: Record<string, string> }[] }[] } };
          };
          const title = data.survey.json.pages[0]!.elements[0]!.title;
          changed = typeof title.en === "string" && typeof title.default === "string";
          delete title.en;
          await route.fulfill({ response, json: data });
        },
      );
      // A link followed once Remix runs (a tap before it would load the page itself, no JSON).
      await page.waitForFunction(() => "__remixRouter" in window);
      await page.evaluate(() =>
        (
          window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }
        ).__remixRouter.navigate("/s/demo/questionnaire/parent"),
      );
      await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/parent$/);
      await waitForSurvey(page);
      expect(changed, "the English title was taken out").toBe(true);
      const title = page.locator(".sd-question .sd-question__title");
      await expect(title).not.toContainText("your opinion");
      const report = await langReport(page);
      expect(report.titles).toEqual(["fr"]);
      expect(report.root).toEqual({ lang: "en", dir: "ltr" });
      expect(new Set(report.choices)).toEqual(new Set(["en"]));
      // Only the French words say French; everything else stays English.
      expect(report.declared.filter((d) => !d.endsWith("[en]"))).toEqual(["span[fr]"]);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
