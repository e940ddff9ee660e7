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

/** Answers the child questionnaire's 7 scored questions (CHILD_ANSWERS) by value, in any language. */
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
  await expect(page.getByRole("heading", { name: "كم عمر طفلكم؟" })).toBeVisible();
  await page.getByRole("link", { name: "من 3 إلى 5 سنوات" }).click();

  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=3-5$/);
  await expect(page.getByRole("heading", { name: "استبيان عن طفلك من 0 إلى 11 سنة" })).toBeVisible();
  await waitForSurvey(page);
  await expect(html).toHaveAttribute("dir", "rtl");
  await expect(questionTitle(page)).toHaveText("في الحضانة أو في المدرسة، يهتمّون بما يحبّه طفلك.");
  await expect(page.locator(".sd-progress__text:not(.sd-hidden)")).toHaveText("السؤال 1 من 8");
  // A choice reads right to left: its radio circle sits to the right of its words, at the
  // right-hand edge of the question.
  const first = page.locator(".sd-question label.sd-selectbase__label").first();
  const circle = (await first.locator(".sd-item__decorator").boundingBox())!;
  const words = (await first.locator(".sd-item__control-label").boundingBox())!;
  const question = (await currentQuestion(page).boundingBox())!;
  expect(circle.x).toBeGreaterThan(words.x + words.width - 1);
  expect(question.x + question.width - (circle.x + circle.width)).toBeLessThan(question.width / 4);
  // SurveyJS's own words are Arabic too: the required-answer message and the buttons.
  await navButton(page, "next").click();
  await expect(page.locator(".sd-question__erbox")).toContainText("يُرجى الإجابة عن هذا السؤال.");
  await expect(navButton(page, "next")).toHaveText("التالي");
  expect(await axeViolations(page)).toEqual([]);

  await answerChildByValue(page);
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
  await answerAndNext(page, "🙂 Oui");
  await answerAndNext(page, "🙂 Oui");
  expect(await currentQuestionName(page)).toBe("d1_listened");
  const before = await readDraft(page);
  expect(before).toMatchObject({ pageNo: 2, data: { d1_likes: 3, d1_needs: 3 } });

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
    "When your child shows what they want, professionals listen to them.",
  );
  await expect(page.locator(".sd-progress__text:not(.sd-hidden)")).toHaveText("Question 3 of 8");
  expect((await readDraft(page)).id).toBe(before.id);
  await goBackAnyLanguage(page);
  await expect(choiceLabel(page, 3)).toContainText("Yes");
  await expect(choiceLabel(page, 3).locator("input")).toBeChecked();
  await goNextAnyLanguage(page);

  await answerChildByValue(page, 2);
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
    "On vous demande votre avis sur les projets pour les enfants du quartier.",
  );
  await expect(questionTitle(page).locator(".pictogram[aria-hidden=true]")).toHaveCount(1);
  await expect(choiceLabel(page, 1)).toContainText("Non, pas du tout");

  // Every question: the third choice ("Plutôt oui" on the agreement scale), then on.
  for (let i = 0; i < 40 && !(await navButton(page, "complete").isVisible()); i++) {
    const choices = page.locator(".sd-question label.sd-selectbase__label");
    if ((await choices.count()) > 0) {
      await expect(questionTitle(page).locator(".pictogram")).toHaveCount(1);
      await choices.nth((await choices.count()) > 2 ? 2 : 0).click();
    }
    await goNextAnyLanguage(page);
  }
  const id = await responseIdOf(page);
  await navButton(page, "complete").click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByRole("heading", { name: "Merci !" })).toBeVisible();
  await expect(page.getByText("Nous avons bien reçu vos réponses.")).toBeVisible();

  expect(findResponse(id)).toMatchObject({ survey_id: "parent", audience: "P", locale: "falc" });
  // Scored in the same dimensions as the French version.
  expect(Object.keys(scoresOf(id)).sort()).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7"]);
  expect(countScoreRows(id)).toBe(7);
});
