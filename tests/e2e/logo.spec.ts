import { expect, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";

// A territory's logo (issue 14, part 8): the demo coordinator uploads an SVG from the poster's
// page, the poster and the landing page show it beside the territory's name, its address
// answers as an image that cannot run; then it is removed again (other specs see no logo).

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" onload="alert(1)">
<script>alert(2)</script><rect width="120" height="40" rx="6" fill="#1f4e8c"/>
<text x="60" y="26" font-size="16" text-anchor="middle" fill="#fff">Démo</text></svg>`;

test.setTimeout(120_000);

test("a coordinator adds the territory's logo; the poster and the landing page show it", async ({ page }) => {
  await signInAsDemoCoordinator(page);
  await page.goto("/tableau/campagnes/demo/affiche");
  await expect(page.locator(".poster-territory")).toHaveText("Cité éducative de démonstration");
  await page.getByRole("link", { name: /^(Ajouter|Changer) le logo du territoire$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logo de Cité éducative de démonstration");

  // Too large: refused in the browser, in French, before anything is sent.
  await page.getByLabel("Fichier du logo").setInputFiles({
    name: "grand.png",
    mimeType: "image/png",
    buffer: Buffer.alloc(300 * 1024, 1),
  });
  await page.getByRole("button", { name: "Enregistrer le logo" }).click();
  await expect(page.getByRole("alert")).toContainText("Le fichier dépasse 200 Ko");

  await page.getByLabel("Fichier du logo").setInputFiles({
    name: "logo.svg",
    mimeType: "image/svg+xml",
    buffer: Buffer.from(SVG),
  });
  await page.getByRole("button", { name: "Enregistrer le logo" }).click();
  // The first SVG loads the sanitiser (jsdom): seconds on a busy machine.
  await expect(page.getByRole("status")).toHaveText("Le logo est enregistré.", { timeout: 30_000 });
  const current = page.getByRole("img", { name: "Logo de Cité éducative de démonstration" });
  await expect(current).toBeVisible();
  const src = (await current.getAttribute("src"))!;
  expect(src).toMatch(/^\/logo\/demo\?v=[0-9a-f]{16}$/);

  // Served as an image that can run nothing, whatever the page policy would have been.
  const served = await page.request.get(src);
  expect(served.headers()["content-type"]).toBe("image/svg+xml");
  expect(served.headers()["content-security-policy"]).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  );
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await served.text()).not.toMatch(/script|onload/);

  await page.goto("/tableau/campagnes/demo/affiche");
  const posterLogo = page
    .locator(".poster")
    .getByRole("img", { name: "Logo de Cité éducative de démonstration" });
  await expect(posterLogo).toBeVisible();
  expect(await posterLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
    true,
  );

  await page.goto("/s/demo");
  await expect(page.getByRole("img", { name: "Logo de Cité éducative de démonstration" })).toBeVisible();

  // Removed again: the pages show the name alone.
  await page.goto("/tableau/territoires/demo/logo");
  await page.getByRole("button", { name: "Retirer le logo" }).click();
  await expect(page.getByRole("status")).toHaveText("Le logo est retiré.");
  expect((await page.request.get(src)).status()).toBe(404);
});
