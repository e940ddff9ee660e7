import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

// The demo coordinator (DEMO_DATA=true): the password is generated at first start and
// written beside the e2e database (app/demo/demo.server.ts).
const COORDINATOR_FILE = fileURLToPath(new URL("../../tmp/e2e/demo-coordinator.txt", import.meta.url));

export function demoCoordinator(): { email: string; password: string } {
  const fields = Object.fromEntries(
    fs
      .readFileSync(COORDINATOR_FILE, "utf8")
      .split("\n")
      .filter((line) => !line.startsWith("#") && line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
  );
  if (!fields.email || !fields.password) throw new Error(`no email/password in ${COORDINATOR_FILE}`);
  return { email: fields.email, password: fields.password };
}

/** Signs in as the demo coordinator through the login form; lands on the campaign list. */
export async function signInAsDemoCoordinator(page: Page): Promise<void> {
  const { email, password } = demoCoordinator();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/tableau$/);
}
