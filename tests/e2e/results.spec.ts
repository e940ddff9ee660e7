import { expect, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";

// "Vous avez dit, nous avons fait": a coordinator publishes an action and approves an edited
// free text on the demo territory's closed spring wave; the public results page shows both,
// and never the original text. The demo coordinator's password is beside the e2e database.

const SLUG = "demo-printemps-2026";

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

test("a published action and an approved, edited free text reach the public results page", async ({
  page,
}) => {
  await signInAsDemoCoordinator(page);

  // Before: the public page has neither.
  const decided = `Ouvrir la ludothèque le samedi matin (${Date.now()})`;
  const edited = `Les familles demandent des horaires adaptés (${Date.now()})`;

  await page.goto(`/tableau/campagnes/${SLUG}/actions`);
  await page.getByLabel("Ce que nous avons entendu").fill("Les parents veulent des activités le week-end.");
  await page.getByLabel("Ce que nous avons décidé").fill(decided);
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByText(decided).first()).toBeVisible();

  await page.goto(`/tableau/campagnes/${SLUG}/verbatims`);
  const form = page.locator("form:has(textarea[name=publicText])").first();
  const original = await form.locator("textarea[name=publicText]").inputValue();
  expect(original.length).toBeGreaterThan(0);
  await form.locator("textarea[name=publicText]").fill(edited);
  await form.getByRole("button", { name: "Publier ce texte modifié" }).click();
  await expect(
    page
      .locator("form:has(textarea[name=publicText])")
      .first()
      .getByRole("button", { name: "Retirer de la page" }),
  ).toBeVisible();

  // The public page, as anyone sees it (a fresh context: no session).
  const visitor = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 360, height: 740 } });
  const pub = await visitor.newPage();
  await pub.goto(new URL(`/s/${SLUG}/resultats`, page.url()).href);
  await expect(pub.getByText(decided)).toBeVisible();
  await expect(pub.getByText(edited)).toBeVisible();
  // Only the edited text is public; the original stays private.
  await expect(pub.getByText(original, { exact: true })).toHaveCount(0);
  expect(await pub.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  await visitor.close();
});

test("a closed questionnaire says when it was open, in the past tense, in each language", async ({
  page,
}) => {
  const closed = await page.goto(`/s/${SLUG}`);
  expect(closed?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "Ce questionnaire est fermé" })).toBeVisible();
  await expect(page.getByText(/^Il était ouvert du .+ au .+\.$/)).toBeVisible();
  await expect(page.getByText(/Il est ouvert/)).toHaveCount(0);

  await page.goto(`/s/${SLUG}?lang=en`);
  await expect(page.getByText(/^It was open from .+ to .+\.$/)).toBeVisible();
});
