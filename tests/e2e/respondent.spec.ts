import { expect, test } from "@playwright/test";
import {
  answerAndNext,
  answerChildSurvey,
  CHILD_ANSWERS,
  CHILD_EXPECTED_SCORES,
  CHILD_SURVEY_MINUTES,
  CHILD_SURVEY_PATH,
  completeChildSurvey,
  countResponses,
  countScoreRows,
  currentQuestionName,
  ERASURE_CODE,
  erasureHash,
  expectChosen,
  findResponse,
  goBack,
  questionTitle,
  readDraft,
  responseIdOf,
  scoresOf,
  sendButton,
  waitForSurvey,
} from "./fixtures";

// Every test gets a fresh browser context (Playwright's default), so no localStorage,
// cookie or consent leaks from one test to another. The viewport is 360×740 (project
// "chromium-phone" in playwright.config.ts).

test("a parent answers for a child aged 3–5 from the landing page to the thank-you page", async ({
  page,
}) => {
  await page.goto("/s/demo");
  await expect(page.getByRole("heading", { name: "Qui répond ?" })).toBeVisible();
  await page.getByRole("link", { name: "Je suis parent ou je m'occupe d'un enfant" }).click();

  await expect(page).toHaveURL(/\/s\/demo\/parent$/);
  await expect(page.getByRole("heading", { name: "Vous êtes parent" })).toBeVisible();
  await page.getByRole("link", { name: "J'ai déjà répondu pour moi : répondre pour un enfant" }).click();

  // The children screen: the child's age and where they spend the day.
  await expect(page).toHaveURL(/\/s\/demo\/enfants$/);
  await expect(page.getByRole("heading", { name: "Avez-vous des enfants de 0 à 11 ans ?" })).toBeVisible();
  await page.getByRole("group", { name: "Son âge" }).getByLabel("De 3 à 5 ans").check();
  await page
    .getByRole("group", { name: "Où passe-t-il la journée, le plus souvent ?" })
    .getByLabel("À l'école maternelle")
    .check();
  await page.getByRole("button", { name: "Ajouter cet enfant" }).click();
  await page.getByRole("button", { name: "C'est tout : répondre pour mon enfant" }).click();

  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/child\?age=3-5&enfant=0$/);
  await expect(
    page.getByRole("heading", { name: "Questionnaire sur votre enfant de 0 à 11 ans" }),
  ).toBeVisible();
  const freeText = "Il aime dessiner et il a peur du bruit.";
  // The care setting chosen on the children screen is filled in: the questionnaire (child.v2)
  // starts on the question after it, and the setting is stored with the answers.
  await waitForSurvey(page);
  for (const { question, label } of CHILD_ANSWERS.slice(1)) {
    expect(await currentQuestionName(page)).toBe(question);
    await answerAndNext(page, label);
  }
  expect(await currentQuestionName(page)).toBe("knowledge_child");
  await page.locator(".sd-question textarea.sd-comment__input").fill(freeText);
  const id = await responseIdOf(page);
  expect(countResponses(id)).toBe(0);

  await sendButton(page).click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByRole("heading", { name: "Merci !" })).toBeVisible();
  await expect(page.getByText("Les réponses pour votre enfant sont enregistrées.")).toBeVisible();
  const code = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(code).toMatch(ERASURE_CODE);
  // Sent and acknowledged: the device forgets the answers.
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("coeduc:draft:"))),
  ).toEqual([]);

  const row = findResponse(id);
  expect(row).toBeDefined();
  expect(row).toMatchObject({
    audience: "Px",
    age_band: "3-5",
    survey_id: "child",
    survey_version: 2,
    locale: "fr",
  });
  expect(JSON.parse(row!.answers)).toEqual({
    ...Object.fromEntries(CHILD_ANSWERS.map((a) => [a.question, a.value])),
    knowledge_child: freeText,
  });
  // Answered from the children screen: part 0 of a family visit (decision 028).
  expect(row!.erasure_hash).toBe(erasureHash(code, 0));

  const scores = scoresOf(id);
  expect(Object.keys(scores).sort()).toEqual(["D1", "D4"]);
  for (const score of Object.values(scores)) {
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
  }
  // All D1 items "Oui" (3 of 1–3) → 100; all D4 items "Un peu" (2 of 1–3) → 50.
  expect(scores.D1).toBeCloseTo(CHILD_EXPECTED_SCORES.D1, 6);
  expect(scores.D4).toBeCloseTo(CHILD_EXPECTED_SCORES.D4, 6);
});

test("the thank-you page offers another child and shows the erasure code only once", async ({ page }) => {
  await completeChildSurvey(page);
  const another = page.getByRole("link", { name: "Répondre pour un autre enfant" });
  await expect(another).toBeVisible();
  await expect(another).toHaveAttribute("href", "/s/demo/enfant");
  // The time per child comes from the child questionnaire's definition.
  await expect(page.getByText(`Environ ${CHILD_SURVEY_MINUTES} minutes par enfant.`)).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Merci !" })).toBeVisible();
  await expect(page.getByTestId("erasure-code")).toHaveCount(0);
  await expect(page.getByText("Votre code pour effacer vos réponses")).toHaveCount(0);
  // Still offers to answer for a child after the reload.
  await page.getByRole("link", { name: /Répondre pour un (autre )?enfant/ }).click();
  await expect(page).toHaveURL(/\/s\/demo\/enfant$/);
  await expect(page.getByRole("heading", { name: "Quel âge a votre enfant ?" })).toBeVisible();
});

test("a 13-year-old goes through the joint consent before the youth survey", async ({ page, browser }) => {
  await page.goto("/s/demo");
  await page.getByRole("link", { name: "J'ai entre 12 et 17 ans" }).click();
  await expect(page).toHaveURL(/\/s\/demo\/jeune$/);
  await expect(page.getByRole("heading", { name: "Quel âge as-tu ?" })).toBeVisible();
  await page.getByRole("link", { name: "12, 13 ou 14 ans" }).click();

  await expect(page).toHaveURL(/\/s\/demo\/accord$/);
  await expect(page.getByRole("heading", { name: "Avant de commencer" })).toBeVisible();
  const start = page.getByRole("button", { name: "Commencer le questionnaire" });

  // Nothing ticked: both French errors, and the page stays.
  await start.click();
  const summary = page.locator(".error-summary");
  await expect(summary).toContainText("Il manque 2 accords");
  await expect(summary).toBeFocused();
  await expect(
    summary.getByRole("link", { name: "Coche cette case si tu es d'accord pour répondre." }),
  ).toBeVisible();
  await expect(page.locator("#youth-error")).toHaveText("Coche cette case si tu es d'accord pour répondre.");
  await expect(page.locator("#parent-error")).toHaveText("Il faut aussi l'accord d'un de tes parents.");
  await expect(page).toHaveURL(/\/s\/demo\/accord$/);
  const youthBox = page.getByRole("checkbox", { name: "Moi, je suis d'accord pour répondre." });
  const parentBox = page.getByRole("checkbox", {
    name: "Mon parent, ou l'adulte qui s'occupe de moi, est d'accord.",
  });
  await expect(youthBox).toHaveAttribute("aria-invalid", "true");
  await expect(parentBox).toHaveAttribute("aria-invalid", "true");

  // Only the young person's box: the parent's agreement is still missing.
  await youthBox.check();
  await start.click();
  await expect(summary).toContainText("Il manque un accord");
  await expect(page.locator("#parent-error")).toHaveText("Il faut aussi l'accord d'un de tes parents.");
  await expect(page.locator("#youth-error")).toHaveCount(0);
  await expect(page).toHaveURL(/\/s\/demo\/accord$/);

  await youthBox.check();
  await parentBox.check();
  await start.click();
  await expect(page).toHaveURL(/\/s\/demo\/questionnaire\/youth\?age=12-14$/);
  await expect(
    page.getByRole("heading", { name: "Questionnaire pour les jeunes de 12 à 17 ans" }),
  ).toBeVisible();
  await waitForSurvey(page);
  // youth.v2 starts with whether someone asked for their opinion in the last 12 months.
  await expect(questionTitle(page)).toHaveText(/^Ces 12 derniers mois, .* t'a demandé ton avis/);

  // Without the consent (a fresh context: no cookie), the survey link leads to the consent page.
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto("/s/demo/questionnaire/youth?age=12-14");
    await expect(other).toHaveURL(/\/s\/demo\/accord$/);
    await expect(other.getByRole("heading", { name: "Avant de commencer" })).toBeVisible();
  } finally {
    await fresh.close();
  }
});

test("a reload in the middle of the survey resumes on the same question with the answers kept", async ({
  page,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await waitForSurvey(page);
  // child.v2 asks the care setting first (opened directly, not from the children screen).
  await answerAndNext(page, "À l'école maternelle");
  await answerAndNext(page, "🙂 Oui");
  await answerAndNext(page, "🙁 Non");
  await answerAndNext(page, "😐 Un peu");
  const title = (await questionTitle(page).innerText()).trim();
  expect(title).toBe("Là où votre enfant est gardé ou va à l'école, votre enfant peut faire des choix.");
  const before = await readDraft(page);
  expect(before).toMatchObject({
    pageNo: 4,
    status: "answering",
    data: { care: "maternelle", d1_likes: 3, d1_needs: 1, d1_listened: 2 },
  });

  await page.reload();
  await waitForSurvey(page);
  await expect(questionTitle(page)).toHaveText(title);
  // The same response id: a reload does not start a new response.
  expect((await readDraft(page)).id).toBe(before.id);

  await goBack(page);
  await expect(questionTitle(page)).toHaveText(
    "Quand votre enfant montre ce qu'il veut, les professionnels qui s'occupent de lui l'écoutent.",
  );
  await expectChosen(page, "😐 Un peu");
  await goBack(page);
  await expectChosen(page, "🙁 Non");
  await goBack(page);
  await expectChosen(page, "🙂 Oui");
});

test("offline when sending: the answers wait on the phone and are sent once back online", async ({
  page,
  context,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const id = await responseIdOf(page);

  await context.setOffline(true);
  await sendButton(page).click();
  const status = page.locator(".send-status");
  await expect(status.getByText("Pas de connexion internet pour le moment.")).toBeVisible();
  // The send button is gone: focus moves to the message, and a live region says it too.
  await expect(status.locator(".status-title")).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Pas de connexion" })).toHaveCount(1);
  await expect(status.getByText("Vos réponses sont gardées sur ce téléphone.")).toBeVisible();
  await expect(status.getByRole("button", { name: "Réessayer maintenant" })).toBeVisible();
  // The answers are kept, with the same id, marked as waiting to be sent.
  const draft = await readDraft(page);
  expect(draft.id).toBe(id);
  expect(draft.status).toBe("sending");
  expect(draft.data).toEqual(Object.fromEntries(CHILD_ANSWERS.map((a) => [a.question, a.value])));
  expect(countResponses(id)).toBe(0);

  await context.setOffline(false);
  // Sent again on its own (the `online` event or the retry timer).
  await expect(page).toHaveURL(/\/s\/demo\/merci$/, { timeout: 20_000 });
  const code = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(code).toMatch(ERASURE_CODE);
  expect(countResponses(id)).toBe(1);
  expect(findResponse(id)!.erasure_hash).toBe(erasureHash(code));
  expect(scoresOf(id)).toEqual(CHILD_EXPECTED_SCORES);
});

test("a lost acknowledgement is retried without storing the response twice", async ({ page }) => {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const id = await responseIdOf(page);

  // The first POST reaches the server (and is stored), but its answer never reaches the phone.
  const statuses: number[] = [];
  let firstCode: string | undefined;
  await page.route("**/api/v1/campaigns/demo/responses", async (route) => {
    if (statuses.length === 0) {
      const response = await route.fetch();
      statuses.push(response.status());
      firstCode = ((await response.json()) as { erasureCode: string }).erasureCode;
      await route.abort("connectionreset");
      return;
    }
    const response = await route.fetch();
    statuses.push(response.status());
    await route.fulfill({ response });
  });

  await sendButton(page).click();
  // The phone believes it is offline and keeps the answers …
  await expect(page.locator(".send-status .status-title")).toHaveText(
    "Pas de connexion internet pour le moment.",
  );
  // … and the retry timer sends them again.
  await expect(page).toHaveURL(/\/s\/demo\/merci$/, { timeout: 20_000 });

  expect(statuses[0]).toBe(201); // created
  expect(statuses.slice(1)).not.toHaveLength(0);
  for (const status of statuses.slice(1)) expect(status).toBe(200); // recognised as a retry
  expect(countResponses(id)).toBe(1);
  expect(countScoreRows(id)).toBe(Object.keys(CHILD_EXPECTED_SCORES).length);
  const shown = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(firstCode).toMatch(ERASURE_CODE);
  expect(shown).toBe(firstCode);
  expect(findResponse(id)!.erasure_hash).toBe(erasureHash(shown));
});

test("a lost acknowledgement, then a reload: the phone's retry still gets its code, a replay by someone else does not", async ({
  page,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const id = await responseIdOf(page);

  // The first POST is stored but its answer is lost; the phone's tries fail until it reloads.
  let firstCode: string | undefined;
  let reloaded = false;
  await page.route("**/api/v1/campaigns/demo/responses", async (route) => {
    if (firstCode === undefined) {
      const response = await route.fetch();
      firstCode = ((await response.json()) as { erasureCode: string }).erasureCode;
      await route.abort("connectionreset");
    } else if (!reloaded) await route.abort("internetdisconnected");
    else await route.continue();
  });
  await sendButton(page).click();
  await expect(page.locator(".send-status .status-title")).toHaveText(
    "Pas de connexion internet pour le moment.",
  );
  expect(countResponses(id)).toBe(1);

  // Reloaded (the tab was closed, the phone restarted): the answers and the secret kept with
  // them come back from the phone's storage and are sent again.
  reloaded = true;
  await page.reload();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/, { timeout: 20_000 });
  const shown = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(firstCode).toMatch(ERASURE_CODE);
  expect(shown).toBe(firstCode);
  expect(countResponses(id)).toBe(1);

  // Someone else replaying the same id and answers, without the phone's secret: no code.
  const row = findResponse(id)!;
  const replay = await page.request.post("/api/v1/campaigns/demo/responses", {
    data: {
      id,
      surveyId: "child",
      surveyVersion: 2,
      locale: row.locale,
      ageBand: row.age_band,
      answers: JSON.parse(row.answers) as unknown,
    },
  });
  expect(replay.status()).toBe(200);
  const body = (await replay.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ id, alreadyStored: true });
  expect(body).not.toHaveProperty("erasureCode");
  expect(JSON.stringify(body)).not.toContain(shown);
});

test("answers waiting on the phone from before an update are sent on the next visit and show their code", async ({
  page,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const id = await responseIdOf(page);
  // The previous version of the page kept finished answers without a secret.
  await page.evaluate((prefix) => {
    for (const key of Object.keys(localStorage).filter((k) => k.startsWith(prefix))) {
      const draft = JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>;
      delete draft.secret;
      localStorage.setItem(key, JSON.stringify({ ...draft, status: "sending", locale: "fr" }));
    }
  }, "coeduc:draft:");

  await page.reload();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/, { timeout: 20_000 });
  const code = (await page.getByTestId("erasure-code").innerText()).trim();
  expect(code).toMatch(ERASURE_CODE);
  expect(countResponses(id)).toBe(1);
  expect(findResponse(id)!.erasure_hash).toBe(erasureHash(code));
  expect(scoresOf(id)).toEqual(CHILD_EXPECTED_SCORES);
});

test("answers the server already had without this phone's secret: stored, and the page says the code cannot be shown", async ({
  page,
}) => {
  await page.goto(CHILD_SURVEY_PATH);
  await answerChildSurvey(page);
  const { id, data } = await readDraft(page);
  // The previous version of the page had sent these answers, without a secret, and lost the answer.
  const earlier = await page.request.post("/api/v1/campaigns/demo/responses", {
    data: { id, surveyId: "child", surveyVersion: 2, locale: "fr", ageBand: "3-5", answers: data },
  });
  expect(earlier.status()).toBe(201);

  await sendButton(page).click();
  await expect(page).toHaveURL(/\/s\/demo\/merci$/);
  await expect(page.getByText("Vos réponses sont bien enregistrées.")).toBeVisible();
  await expect(
    page.getByText(
      "Ces réponses étaient déjà arrivées : le code pour les effacer ne peut plus être affiché.",
    ),
  ).toBeVisible();
  await expect(page.getByTestId("erasure-code")).toHaveCount(0);
  expect(countResponses(id)).toBe(1);
  // Stored: the phone forgets the answers.
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("coeduc:draft:"))),
  ).toEqual([]);
});

test("the erasure code deletes the response and its scores", async ({ page }) => {
  const { id, erasureCode } = await completeChildSurvey(page);
  expect(countResponses(id)).toBe(1);
  expect(countScoreRows(id)).toBeGreaterThan(0);

  await page.goto("/effacer");
  await expect(page.getByRole("heading", { name: "Effacer mes réponses" })).toBeVisible();
  const codeField = page.getByRole("textbox", { name: "Votre code" });
  const proceed = page.getByRole("button", { name: "Continuer" });

  // A code with the wrong shape, then a well-formed code of no response: French errors.
  await codeField.fill("1234");
  await proceed.click();
  await expect(page.getByRole("alert")).toHaveText(
    "Le code a 16 lettres et chiffres, par exemple ABCD-1234-EFGH-5678.",
  );
  await codeField.fill("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
  await proceed.click();
  await expect(page.getByRole("alert")).toHaveText(
    "Ce code ne correspond à aucune réponse. Vérifiez le code.",
  );
  expect(countResponses(id)).toBe(1);

  // The right code, typed as a person might (lower case, no dashes).
  await codeField.fill(erasureCode.replace(/-/g, "").toLowerCase());
  await proceed.click();
  await expect(page.getByRole("heading", { name: "Effacer ces réponses ?" })).toBeVisible();
  await expect(page.getByText("Questionnaire des familles et des jeunes", { exact: false })).toBeVisible();
  expect(countResponses(id)).toBe(1);
  await page.getByRole("button", { name: "Oui, effacer mes réponses" }).click();
  await expect(page.getByRole("heading", { name: "Vos réponses sont effacées" })).toBeVisible();

  expect(countResponses(id)).toBe(0);
  expect(countScoreRows(id)).toBe(0);

  // The code now points to nothing.
  await page.goto("/effacer");
  await page.getByRole("textbox", { name: "Votre code" }).fill(erasureCode);
  await page.getByRole("button", { name: "Continuer" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "Ce code ne correspond à aucune réponse. Vérifiez le code.",
  );
});

test("an unknown campaign answers 404 with a French page", async ({ page }) => {
  const response = await page.goto("/s/inconnu");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Questionnaire introuvable" })).toBeVisible();
  await expect(page.getByText("Ce lien ne mène à aucun questionnaire.")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
});

test("the landing page fits a 360 px screen with large tap targets", async ({ page }) => {
  await page.goto("/s/demo");
  await expect(page.getByRole("heading", { name: "Qui répond ?" })).toBeVisible();
  expect(page.viewportSize()?.width).toBe(360);
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);

  const choices = page.locator("a.choice");
  await expect(choices).not.toHaveCount(0);
  for (const link of await choices.all()) {
    const box = await link.boundingBox();
    expect(box, await link.innerText()).not.toBeNull();
    expect(box!.height, `height of "${await link.innerText()}"`).toBeGreaterThanOrEqual(44);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  }
});
