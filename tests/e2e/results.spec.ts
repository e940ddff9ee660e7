import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

// "Vous avez dit, nous avons fait": a coordinator publishes an action and approves an edited
// free text on the demo territory's closed spring wave; the public results page shows both,
// and never the original text. The demo coordinator's password is beside the e2e database.
const COORDINATOR_FILE = fileURLToPath(new URL("../../tmp/e2e/demo-coordinator.txt", import.meta.url));
const SLUG = "demo-printemps-2026";

function demoCoordinator(): { email: string; password: string } {
  const fields = Object.fromEntries(
    fs
      .readFileSync(COORDINATOR_FILE, "utf8")
      .split("\n")
      .filter((line) => !line.startsWith("#") && line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
  );
  return { email: fields.email!, password: fields.password! };
}

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

test("a published action and an approved, edited free text reach the public results page", async ({
  page,
}) => {
  const { email, password } = demoCoordinator();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/tableau$/);

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
  await pub.goto(`http://localhost:3100/s/${SLUG}/resultats`);
  await expect(pub.getByText(decided)).toBeVisible();
  await expect(pub.getByText(edited)).toBeVisible();
  // Only the edited text is public; the original stays private.
  await expect(pub.getByText(original, { exact: true })).toHaveCount(0);
  expect(await pub.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  await visitor.close();
});
