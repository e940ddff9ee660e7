import { expect, type Page, test } from "@playwright/test";
import {
  choiceByValue,
  currentQuestion,
  currentQuestionName,
  ERASURE_CODE,
  erasureHash,
  goNextAnyLanguage,
  navButton,
  readDrafts,
  waitForSurvey,
  withDb,
} from "./fixtures";

// The family's path (issue 14, part 5) and the first screen (part 6), on a 360 x 740 phone.

/**
 * Answers the questionnaire on screen to its last page (the value 3 where there is one, else
 * the first choice; free texts left empty) and sends it; returns how many screens it had.
 */
async function answerAndSend(page: Page): Promise<number> {
  await waitForSurvey(page);
  let screens = 1;
  while (!(await navButton(page, "complete").isVisible())) {
    const three = choiceByValue(page, 3);
    const choices = page.locator(".sd-question label.sd-selectbase__label");
    if ((await three.count()) > 0) await three.click();
    else if ((await choices.count()) > 0) await choices.first().click();
    await goNextAnyLanguage(page);
    screens += 1;
    expect(screens).toBeLessThan(60);
  }
  await navButton(page, "complete").click();
  return screens;
}

/** Adds a child on the children screen: its age band and care setting, then "Ajouter cet enfant". */
async function addChild(page: Page, age: string, care: string) {
  await page.getByRole("group", { name: "Son âge" }).getByLabel(age).check();
  await page
    .getByRole("group", { name: "Où passe-t-il la journée, le plus souvent ?" })
    .getByLabel(care)
    .check();
  await page.getByRole("button", { name: "Ajouter cet enfant" }).click();
}

/** The visit's response ids: every draft the phone keeps for the campaign carries one. */
async function draftIds(page: Page): Promise<string[]> {
  return Object.values(await readDrafts(page)).map((d) => d.id);
}

function countRows(ids: string[]): number {
  return withDb(
    (db) =>
      (
        db
          .prepare(`SELECT count(*) AS n FROM response WHERE id IN (${ids.map(() => "?").join(",")})`)
          .get(...ids) as {
          n: number;
        }
      ).n,
  );
}

test("a parent of two answers their part, the children screen comes next, both children, then ONE code that erases all three", async ({
  page,
}) => {
  test.setTimeout(180_000);
  let screens = 0;
  await page.goto("/s/demo");
  screens += 1; // the landing
  await page.getByRole("link", { name: "Je suis parent ou je m'occupe d'un enfant" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/parent$/);
  screens += 1; // the parent page
  await page.getByRole("link", { name: "Commencer" }).click();
  const ids: string[] = [];
  await waitForSurvey(page);
  ids.push(...(await draftIds(page)));
  screens += await answerAndSend(page);

  // Not a "Merci" that looks like the end: the children, at once.
  await expect(page).toHaveURL(/\/s\/demo\/enfants$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Avez-vous des enfants de 0 à 11 ans ?" }),
  ).toBeVisible();
  await expect(page.getByTestId("erasure-code")).toHaveCount(0);
  screens += 1; // the children screen
  // Nothing chosen: a clear message, nothing added.
  await page.getByRole("button", { name: "Ajouter cet enfant" }).click();
  await expect(page.getByRole("alert")).toHaveText("Choisissez l'âge et où il passe la journée.");
  await addChild(page, "De 3 à 5 ans", "À l'école maternelle");
  await addChild(page, "De 6 à 11 ans", "À l'école élémentaire");
  await expect(page.getByTestId("family-list").getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "C'est tout : répondre pour mes 2 enfants" }).click();

  // The first child, then the second, one after the other.
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=3-5&enfant=0$/);
  await waitForSurvey(page);
  const drafts = await readDrafts(page);
  const firstChildKey = Object.keys(drafts).find((k) => k.endsWith(":3-5:0"))!;
  expect(firstChildKey).toBeTruthy();
  ids.push(drafts[firstChildKey]!.id);
  screens += await answerAndSend(page);

  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=6-11&enfant=1$/);
  await waitForSurvey(page);
  await expect(currentQuestion(page)).toBeVisible();
  const secondKey = Object.keys(await readDrafts(page)).find((k) => k.endsWith(":6-11:1"))!;
  ids.push((await readDrafts(page))[secondKey]!.id);
  expect(await currentQuestionName(page)).toBeTruthy();
  screens += await answerAndSend(page);

  // One thank-you page, one code, saying what was saved.
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  screens += 1;
  await expect(page.getByTestId("thanks-stored")).toHaveText(
    "Vos réponses et celles de vos 2 enfants sont enregistrées.",
  );
  await expect(page.getByTestId("erasure-code")).toHaveCount(1);
  const code = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(code).toMatch(ERASURE_CODE);
  await expect(page.getByText("Vous avez un seul code à garder.", { exact: false })).toBeVisible();
  await expect(
    page.getByText(/Les résultats seront publiés après la fermeture du questionnaire/),
  ).toBeVisible();
  // No "répondre pour un enfant" after the children were asked for.
  await expect(page.getByRole("link", { name: /pour un (autre )?enfant/ })).toHaveCount(0);
  console.log(`parent of two: ${screens} screens`);

  // The three responses are stored, with three different erasure hashes.
  expect(new Set(ids).size).toBe(3);
  expect(countRows(ids)).toBe(3);
  const hashes = withDb((db) =>
    ids.map(
      (id) =>
        (db.prepare("SELECT erasure_hash FROM response WHERE id = ?").get(id) as { erasure_hash: string })
          .erasure_hash,
    ),
  );
  expect(new Set(hashes).size).toBe(3);
  // Each is the one code's hash for its part: parent 0, first child 1, second child 2.
  expect(hashes).toEqual([erasureHash(code, 0), erasureHash(code, 1), erasureHash(code, 2)]);
  // The phone forgets the visit and the answers.
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("coeduc:draft:") || k.startsWith("coeduc:visit:")),
    ),
  ).toEqual([]);

  // Erasing with the one code removes all three.
  await page.goto("/effacer");
  await page.getByLabel("Votre code").fill(code);
  await page.getByRole("button", { name: "Continuer" }).click();
  await expect(page.getByText("Ce code efface 3 réponses", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Oui, effacer mes réponses" }).click();
  await expect(page.getByRole("heading", { name: "Vos réponses sont effacées" })).toBeVisible();
  await expect(page.getByText("3 réponses sont effacées.", { exact: false })).toBeVisible();
  expect(countRows(ids)).toBe(0);
});

test("a 19-year-old parent answers as a young adult, is offered the parent part, then the children", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/s/demo");
  await page.getByRole("link", { name: "J'ai entre 18 et 25 ans" }).click();
  await answerAndSend(page);

  await expect(page).toHaveURL(/\/s\/demo\/enfants\?jeune=1$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Es-tu parent d'un enfant de 0 à 11 ans ?" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Oui, je suis parent" }).click();

  // The parent questionnaire, in the same visit.
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/parent$/);
  await answerAndSend(page);
  await expect(page).toHaveURL(/\/s\/demo\/enfants$/);
  await addChild(page, "Moins de 3 ans", "Chez une assistante maternelle");
  await page.getByRole("button", { name: "C'est tout : répondre pour mon enfant" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=0-2&enfant=0$/);
  await answerAndSend(page);

  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByTestId("thanks-stored")).toHaveText(
    "Tes réponses et celles de ton enfant sont enregistrées.",
  );
  await expect(page.getByTestId("erasure-code")).toHaveCount(1);
});

test("a young adult who is not a parent goes straight to the thank-you page with their code", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("/s/demo/questionnaire/young-adult?age=18-25");
  await answerAndSend(page);
  await expect(page).toHaveURL(/\/s\/demo\/enfants\?jeune=1$/);
  await page.getByRole("button", { name: "Non, j'ai fini" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByTestId("thanks-stored")).toHaveText("Tes réponses sont enregistrées.");
  await expect(page.getByTestId("erasure-code")).toHaveCount(1);
});

for (const [lang, question, first] of [
  ["fr", "Qui répond ?", "Je suis parent ou je m'occupe d'un enfant"],
  ["en", "Who is answering?", null],
  ["ar", "من يجيب؟", null],
  ["falc", null, null],
] as const) {
  test(`first screen (${lang}): "Qui répond ?" and its first choice show without scrolling on 360 x 740, and the languages fit on one line`, async ({
    page,
  }) => {
    await page.goto(`/s/demo?lang=${lang}`);
    const heading = question
      ? page.getByRole("heading", { level: 2, name: question })
      : page.locator("h2.landing-who");
    const firstChoice = first
      ? page.getByRole("link", { name: first })
      : page.locator("ul.choices .choice").first();
    await expect(heading).toBeVisible();
    const viewport = page.viewportSize()!;
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const element of [heading, firstChoice]) {
      const box = (await element.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${lang}: ${await element.innerText()}`).toBeLessThanOrEqual(
        viewport.height,
      );
    }
    // The language switcher: one line, each language named in itself with its own lang.
    const links = page.locator("nav.lang-switcher a");
    await expect(links).toHaveCount(4);
    const tops = new Set<number>();
    for (const link of await links.all()) tops.add(Math.round((await link.boundingBox())!.y));
    expect(tops.size).toBe(1);
    await expect(links.nth(2)).toHaveAttribute("lang", "ar");
    await expect(links.nth(3)).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("link", { name: "Français, version simplifiée" })).toHaveCount(1);
    // The privacy essentials stay on the page.
    await expect(page.locator('a[href="/confidentialite"]').first()).toBeAttached();
    await expect(page.locator('main a[href="/effacer"]')).toBeAttached();
  });
}
