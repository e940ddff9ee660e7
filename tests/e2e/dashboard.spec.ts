import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";

// The coordinator's dashboards on the demo campaign (DEMO_DATA=true: 300 synthetic
// responses, every group shown). The demo coordinator's password is generated at first
// start and written beside the e2e database (app/demo/demo.server.ts).

/** Signs in as the demo coordinator and opens the demo dashboard (campaign `demo`) from the campaign list. */
async function openDemoDashboard(page: Page): Promise<void> {
  await signInAsDemoCoordinator(page);
  // The demo territory has several campaigns (one, listed first, lets people choose the short
  // form; the spring wave has the same title): open the main one, `demo`.
  await page
    .getByRole("link", { name: /^Tableau de bord/ })
    .and(page.locator('[href="/tableau/campagnes/demo"]'))
    .click();
  await expect(page).toHaveURL(/\/tableau\/campagnes\/demo$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test.describe("dashboard on a laptop", () => {
  test.use({
    viewport: { width: 1280, height: 900 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  });

  test("the coordinator sees the charts and their tables", async ({ page }) => {
    await openDemoDashboard(page);
    await expect(page.getByRole("heading", { name: "Profil par dimension" })).toBeVisible();
    // When the figures were released, and that they are perturbed (decision 021).
    await expect(page.getByText(/^Chiffres arrêtés le \d{1,2} \S+ \d{4}/)).toBeVisible();
    await expect(page.getByText(/légèrement perturbés, toujours de la même façon/)).toBeVisible();

    // Charts are drawn in the browser (recharts SVG), each with a spoken summary.
    const profileChart = page.getByRole("img", {
      name: /Parents \(pour eux-mêmes\) : part de réponses favorables/,
    });
    await expect(profileChart).toBeVisible();
    await expect(profileChart.locator("svg.recharts-surface")).toBeVisible();
    await expect(profileChart.locator(".recharts-bar-rectangle").first()).toBeVisible();

    // The same numbers as a real table, D1 first.
    const table = page.getByRole("table", { name: "Parents (pour eux-mêmes) : chiffres par dimension" });
    await expect(table).toBeVisible();
    const firstRow = table.getByRole("row").nth(1);
    await expect(firstRow.getByRole("rowheader")).toContainText("D1");
    await expect(firstRow.getByRole("rowheader")).toContainText("Reconnu·e comme acteur ou actrice");
    await expect(firstRow.getByRole("cell").first()).toHaveText(/^\d+\s%$/);
    await expect(table.getByRole("columnheader", { name: "Intervalle à 95 %" })).toBeVisible();

    // Weekly participation: the chart, its table behind « Voir le tableau ».
    await page.locator("summary", { hasText: "Voir le tableau" }).first().click();
    await expect(page.getByRole("table", { name: /Réponses par semaine/ })).toBeVisible();
  });

  test("the coordinator downloads the responses CSV for French Excel", async ({ page }) => {
    await openDemoDashboard(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Réponses (CSV) : Parents (pour eux-mêmes)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = bytes.subarray(3).toString("utf8").split(/\r?\n/)[0]!;
    expect(header).toContain(";");
  });

  test("the printable report opens and prints to an A4 PDF", async ({ page }) => {
    await openDemoDashboard(page);
    await page.getByRole("link", { name: "Rapport imprimable" }).click();
    await expect(page).toHaveURL(/\/tableau\/campagnes\/demo\/rapport$/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Questionnaire des familles et des jeunes" }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "Comment lire ce rapport" })).toBeVisible();
    await expect(page.getByText(/Rapport produit le .*, sur les chiffres arrêtés le/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Imprimer" })).toBeVisible();

    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // A4 is 595 × 842 points.
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    expect(box).not.toBeNull();
    expect(Math.round(Number(box![1]))).toBe(595);
    expect(Math.round(Number(box![2]))).toBe(842);

    // Printed: no menu, no button.
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Imprimer" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Espace des équipes" })).toBeHidden();
  });
});

test.describe("dashboard on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the dashboard has no sideways page scroll at 360 px", async ({ page }) => {
    await openDemoDashboard(page);
    await expect(page.locator(".chart svg.recharts-surface").first()).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
