import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import {
  answerAndNext,
  chooseAnswer,
  currentQuestion,
  currentQuestionName,
  ERASURE_CODE,
  findResponse,
  responseIdOf,
  scoresOf,
  sendButton,
  waitForSurvey,
} from "./fixtures";

// A child of 8–11 answers the face-scale questionnaire (surveys/child-self.v1.json, audience E)
// with a parent beside them, on a 360×740 phone: from the landing's choice, through the first page
// (for the parent, then for the child, and both agreements), ten questions with faces, to the
// thank-you page with the erasure code.

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}

/** The ten questions in page order, and the answer the child taps on each. */
const ANSWERS: { question: string; label: string }[] = [
  { question: "d1_asked", label: "🙂 Oui" },
  { question: "d1_listened", label: "🙂 Oui" },
  { question: "d1_likes", label: "🙂 Oui" },
  { question: "d1_choose", label: "🙂 Oui" },
  { question: "d5_belong", label: "😐 Un peu" },
  { question: "d5_welcome", label: "😐 Un peu" },
  { question: "d5_family", label: "😐 Un peu" },
  { question: "d4_followup", label: "❓ Je ne sais pas" },
  { question: "d4_prepared", label: "🙂 Oui" },
  { question: "d4_help", label: "🙁 Non" },
];

test("a child of 8–11 answers with a parent beside them, from the landing to the thank-you page", async ({
  page,
}) => {
  // Ten questions and four axe runs on a throttled shared machine.
  test.setTimeout(120_000);
  await page.goto("/s/demo");
  await page.getByRole("link", { name: "Un enfant de 8 à 11 ans, avec un parent" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/enfant-8-11$/);

  // The first page speaks to the parent, then to the child.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Votre enfant répond, avec vous");
  await expect(page.getByRole("heading", { name: "Pour le parent" })).toBeVisible();
  await expect(page.getByText("Asseyez-vous à côté de votre enfant.")).toBeVisible();
  await expect(page.getByText("Laissez-le choisir ses réponses.")).toBeVisible();
  await expect(page.getByText("Vous pouvez lire les questions avec lui.")).toBeVisible();
  await expect(page.getByText(/Ce code est pour vous/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pour toi" })).toBeVisible();
  // The three faces, drawn (not emoji), each with its word.
  await expect(page.locator(".face-legend svg")).toHaveCount(3);
  await expect(page.locator(".face-legend li")).toHaveText(["Non", "Un peu", "Oui"]);
  await expectNoViolations(page, "/s/demo/enfant-8-11");

  // Without the agreements: both are asked for, and nothing starts.
  await page.getByRole("button", { name: "Commencer le questionnaire" }).click();
  await expect(page.locator(".error-summary")).toContainText("Il manque 2 accords :");
  await expect(page.locator(".error-summary")).toBeFocused();
  await expect(page.locator("#parent-error")).toHaveText(
    "Cochez cette case si vous êtes d'accord et restez à côté de votre enfant.",
  );
  await expect(page).toHaveURL(/\/s\/demo\/enfant-8-11$/);
  await expectNoViolations(page, "/s/demo/enfant-8-11 (refused)");

  await page.getByLabel("Moi, l'enfant, je suis d'accord pour répondre.").check();
  await page.getByLabel("Moi, le parent, je suis d'accord et je reste à côté de mon enfant.").check();
  await page.getByRole("button", { name: "Commencer le questionnaire" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child-self\?age=8-11$/);

  await waitForSurvey(page);
  // One short question a screen, in "tu", with the faces drawn beside "Non", "Un peu", "Oui"
  // (and, since the SVG pictograms, a drawn question mark beside "Je ne sais pas").
  await expect(currentQuestion(page)).toContainText("les adultes te demandent ton avis");
  await expect(currentQuestion(page).locator("svg.pictogram-face")).toHaveCount(3);
  await expect(currentQuestion(page).locator("svg.pictogram")).toHaveCount(4);
  await expectNoViolations(page, "the first question");
  for (const [i, { question, label }] of ANSWERS.entries()) {
    expect(await currentQuestionName(page)).toBe(question);
    if (i < ANSWERS.length - 1) await answerAndNext(page, label);
    else await chooseAnswer(page, label);
  }
  const id = await responseIdOf(page);
  await sendButton(page).click();

  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  // The code is the parent's: the page speaks to them ("vous").
  await expect(page.getByText("Vos réponses sont bien enregistrées.")).toBeVisible();
  await expect(page.getByTestId("erasure-code")).toHaveText(ERASURE_CODE);
  await expectNoViolations(page, "/s/demo/merci");

  const row = findResponse(id)!;
  expect(row).toMatchObject({ survey_id: "child-self", audience: "E", age_band: "8-11", locale: "fr" });
  expect(JSON.parse(row.answers)).toMatchObject({ d4_followup: "nsp", d1_asked: 3, d4_help: 1 });
  // D1 all "Oui", D5 all "Un peu", D4: "Oui" and "Non" (the "Je ne sais pas" left out).
  expect(scoresOf(id)).toEqual({ D1: 100, D4: 50, D5: 50 });
});

test("the questionnaire's link without the agreements leads to the first page", async ({ page }) => {
  await page.goto("/s/demo/questionnaire/child-self?age=8-11");
  await expect(page).toHaveURL(/\/s\/demo\/enfant-8-11$/);
  await expect(page.getByText("Asseyez-vous à côté de votre enfant.")).toBeVisible();
});
