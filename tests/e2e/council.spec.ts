import fs from "node:fs";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";

// A youth council session from end to end, on the open demo campaign: a facilitator opens
// a session, five phones (each its own browser context, as five people) join with the code
// and answer, the projected page shows the results as they come, the facilitator records
// the council's opinion and self-assessment, closes the session, and the opinion reaches
// the public results page and the dashboard.

const SLUG = "demo";
const ITEMS = (
  JSON.parse(fs.readFileSync(new URL("../../surveys/council-items.v2.json", import.meta.url), "utf8")) as {
    survey: { pages: { elements: { name: string; title: { default: string }; choices: unknown[] }[] }[] };
  }
).survey.pages.map((p) => ({
  name: p.elements[0]!.name,
  title: p.elements[0]!.title.default,
  choices: p.elements[0]!.choices.length,
}));
const FIRST = ITEMS[0]!;

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function newPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "fr-FR",
  });
  return { context, page: await context.newPage() };
}

/** Answers the question on screen and waits for the next screen. */
async function answer(phone: Page, choice: string, expectedNext: RegExp): Promise<void> {
  await phone.getByRole("radio", { name: choice, exact: true }).check();
  await phone.getByRole("button", { name: "Valider" }).click();
  await expect(phone.locator("body")).toContainText(expectedNext);
}

test("a council session: five phones answer, the projector shows results live, the opinion is recorded and published", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const council = `Conseil des jeunes e2e ${Date.now()}`;
  const opinion = `Nous voulons un lieu ouvert le soir pour les jeunes (${Date.now()}).`;
  const evidence = `Exemple vérifiable ${Date.now()}`;

  // The facilitator prepares the session.
  await signInAsDemoCoordinator(page);
  await page.goto(`/tableau/campagnes/${SLUG}/conseils`);
  await page.getByLabel("Nom du conseil").fill(council);
  await page.getByRole("button", { name: "Créer la séance" }).click();
  await expect(page).toHaveURL(/\/conseils\/\d+$/);
  const sessionUrl = page.url();
  const shown = (await page.locator(".council-code").first().innerText()).trim();
  expect(shown).toMatch(/^[A-Z2-9]{3} [A-Z2-9]{3}$/);
  const code = shown.replace(" ", "");
  await expect(page.getByRole("img", { name: new RegExp(`QR code vers .*/conseil/${code}$`) })).toBeVisible();

  // The projected page, in another tab.
  const projector = await page.context().newPage();
  await projector.goto(`${sessionUrl}/ecran`);
  await expect(projector.getByText("La séance va commencer.")).toBeVisible();
  await expect(projector.locator(".council-code")).toHaveText(shown);

  // Five phones join: the first types the code (lower case, with a space), the others follow the QR code.
  const phones = await Promise.all([0, 1, 2, 3, 4].map(() => newPhone(browser)));
  const p0 = phones[0]!.page;
  await p0.goto("/conseil");
  await p0.getByLabel("Code de la séance").fill(shown.toLowerCase());
  await p0.getByRole("button", { name: "Rejoindre" }).click();
  await expect(p0.getByRole("heading", { name: "La séance va commencer" })).toBeVisible();
  for (const phone of phones.slice(1)) {
    await phone.page.goto(`/conseil/${code}`);
    await expect(phone.page.getByRole("heading", { name: "La séance va commencer" })).toBeVisible();
  }
  await expect(projector.getByText("5 téléphones connectés")).toBeVisible();

  // An answer sent before the session opens is refused with a clear message, and not counted.
  const early = await phones[0]!.context.request.post(`/conseil/${code}`, {
    form: { question: FIRST.name, value: "3" },
  });
  expect(early.status()).toBe(409);
  expect(await early.text()).toContain("La séance n&#x27;a pas encore commencé");

  // The facilitator opens it; the waiting phones show the first question without a reload.
  await page.getByRole("button", { name: "Ouvrir la séance" }).click();
  await expect(page.getByRole("status").first()).toContainText("Séance ouverte");
  for (const phone of phones) {
    await expect(phone.page.getByRole("heading", { name: FIRST.title })).toBeVisible({ timeout: 15_000 });
    await expect(phone.page.getByText(`Question 1 sur ${ITEMS.length}`)).toBeVisible();
  }

  // First item: Non, Un peu, Oui, Oui, Oui. Four answers: still no figures on the projector.
  const firstChoices = ["Non", "Un peu", "Oui", "Oui", "Oui"];
  const firstOnProjector = projector.locator(`[data-item="${FIRST.name}"]`);
  for (let i = 0; i < 4; i++) await answer(phones[i]!.page, firstChoices[i]!, /Question 2 sur/);
  await expect(firstOnProjector).toContainText("4 réponses. Le résultat s'affiche à partir de 5 réponses.");
  await expect(firstOnProjector.locator(".live-bar")).toHaveCount(0);

  // The fifth answer: the projector shows the figures, without being reloaded.
  await answer(phones[4]!.page, firstChoices[4]!, /Question 2 sur/);
  // One bar per choice, the two non-answers included (version 2: Non, Un peu, Oui, Je ne sais
  // pas, Ce n'est pas mon cas).
  await expect(firstOnProjector.locator(".live-bar")).toHaveCount(FIRST.choices);
  await expect(firstOnProjector.locator(".live-bar", { hasText: "Oui" })).toContainText("3");
  await expect(firstOnProjector.locator(".live-bar", { hasText: "Oui" })).toContainText(/60\s%/);
  await expect(firstOnProjector.locator(".live-bar", { hasText: "Non" })).toContainText(/20\s%/);

  // Everyone answers the other items ("Oui").
  await Promise.all(
    phones.map(async (phone) => {
      for (let k = 1; k < ITEMS.length; k++) {
        await answer(phone.page, "Oui", k + 1 < ITEMS.length ? new RegExp(`Question ${k + 2} sur`) : /Merci/);
      }
      await expect(
        phone.page.getByRole("heading", { name: "Merci, tes réponses sont enregistrées" }),
      ).toBeVisible();
    }),
  );
  for (const item of ITEMS.slice(1)) {
    await expect(projector.locator(`[data-item="${item.name}"] .live-bar`, { hasText: "Oui" })).toContainText(
      /100\s%/,
    );
  }

  // The first phone answers the first item again: its answer is replaced, not added.
  await p0.getByRole("link", { name: `Changer ma réponse à « ${FIRST.title} »` }).click();
  await expect(p0.getByRole("radio", { name: "Non", exact: true })).toBeChecked();
  await answer(p0, "Oui", /Ta réponse est changée/);
  await expect(firstOnProjector.locator(".live-bar", { hasText: "Oui" })).toContainText(/80\s%/);
  await expect(firstOnProjector.locator(".live-bar", { hasText: "Non" })).toContainText(/\(0\s%\)/);
  await expect(firstOnProjector.locator(".live-total")).toHaveText("5 réponses.");

  // The facilitator records the council's opinion and self-assessment with the group.
  await page.getByLabel("L'avis du conseil", { exact: true }).fill(opinion);
  const criteria = page.locator("fieldset.criterion");
  const count = await criteria.count();
  expect(count).toBe(9);
  for (let i = 0; i < count; i++) {
    const criterion = criteria.nth(i);
    await criterion
      .getByRole("radio", { name: i < 5 ? "oui" : i < 8 ? "en partie" : "non", exact: true })
      .check();
    await criterion.getByLabel("Pourquoi ? Un exemple").fill(`${evidence} n° ${i + 1}`);
  }
  await page.getByRole("button", { name: "Enregistrer l'avis du conseil" }).click();
  await expect(page.getByText("L'avis du conseil est enregistré.")).toBeVisible();
  await expect(page.getByText(/Avis enregistré : 5 critères remplis sur 9 \(56\s%\)/)).toBeVisible();

  // The session closes; its code is refused from then on, with a clear message.
  await page.getByRole("button", { name: "Clore la séance" }).click();
  await expect(page.getByRole("status").first()).toContainText("Séance close");
  await expect(projector.getByText("La séance est close.")).toBeVisible();
  await phones[1]!.page.reload();
  await expect(phones[1]!.page.getByRole("heading", { name: "Cette séance est terminée" })).toBeVisible();
  await p0.goto("/conseil");
  await p0.getByLabel("Code de la séance").fill(shown);
  await p0.getByRole("button", { name: "Rejoindre" }).click();
  await expect(p0.getByRole("alert")).toHaveText(
    "Cette séance est terminée. On ne peut plus y répondre. Merci !",
  );
  const late = await phones[2]!.context.request.post(`/conseil/${code}`, {
    form: { question: FIRST.name, value: "1" },
  });
  expect(late.status()).toBe(410);
  // A wrong code: said so, in plain words.
  await p0.getByLabel("Code de la séance").fill("ZZZ ZZZ");
  await p0.getByRole("button", { name: "Rejoindre" }).click();
  await expect(p0.getByRole("alert")).toHaveText("Aucune séance n'a ce code. Vérifie le code sur l'écran.");
  await p0.getByLabel("Code de la séance").fill("K0O 1IL");
  await p0.getByRole("button", { name: "Rejoindre" }).click();
  await expect(p0.getByRole("alert")).toContainText("Le code a 6 caractères");
  for (const phone of phones) await phone.context.close();

  // The public results page shows the council's opinion and verdicts, never the evidence.
  const visitor = await newPhone(browser);
  await visitor.page.goto(`/s/${SLUG}/resultats`);
  await expect(visitor.page.getByText(council)).toBeVisible();
  await expect(visitor.page.getByText(opinion)).toBeVisible();
  await expect(visitor.page.getByText(evidence)).toHaveCount(0);
  expect(await visitor.page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  await visitor.context.close();

  // The dashboard shows it apart from the individual scores, with the share of criteria met.
  await page.goto(`/tableau/campagnes/${SLUG}`);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Conseils de jeunes" }) });
  await expect(section.getByText(council)).toBeVisible();
  await expect(section.getByText(opinion)).toBeVisible();
});
