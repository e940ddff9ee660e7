import { expect, type Page, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";
import { completeChildSurvey } from "./fixtures";

// The Content-Security-Policy (server/headers.ts, nonce per response) must not block anything the
// pages need: no `securitypolicyviolation` event and no CSP message in the console while a
// questionnaire is answered and sent, the offline worker registers, and the dashboard's
// charts draw. See docs/decisions/014-web-security.md.

/** Collects CSP violations from the first script on every page of this context. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return async () => [
    ...console,
    ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])),
  ];
}

test("a questionnaire is answered and sent under the CSP; the offline worker registers; no violation", async ({
  page,
}) => {
  const violations = await watchCsp(page);
  // Each page's HTML names a nonce the CSP header allows (a new one per response).
  const response = await page.goto("/s/demo");
  const csp = response!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-/);
  expect(await violations()).toEqual([]);

  const { erasureCode } = await completeChildSurvey(page);
  expect(erasureCode).toBeTruthy();
  expect(await violations()).toEqual([]);

  await page.goto("/s/demo");
  const registered = await page.evaluate(async () => {
    const registration = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    return registration?.active?.scriptURL ?? null;
  });
  expect(registered).toMatch(/\/sw\.js$/);
  expect(await violations()).toEqual([]);
});

test.describe("on a laptop", () => {
  test.use({
    viewport: { width: 1280, height: 900 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  });

  test("the dashboard's charts draw under the CSP, no violation; a form without its token is refused", async ({
    page,
  }) => {
    const violations = await watchCsp(page);
    await signInAsDemoCoordinator(page);
    await page.goto("/tableau/campagnes/demo");
    await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    expect(await violations()).toEqual([]);

    // A form whose token was tampered with (as a page of another site would post it).
    await page.goto("/tableau/compte");
    const submit = page.getByRole("button", { name: "Changer mon mot de passe" });
    const form = page.locator("form", { has: submit });
    await form.getByLabel("Mot de passe actuel").fill("n'importe quoi");
    await form.locator('input[name="_csrf"]').evaluate((input) => {
      (input as HTMLInputElement).value = "forged";
    });
    await submit.click();
    await expect(page.getByRole("heading", { name: "Formulaire expiré" })).toBeVisible();
    await expect(page.getByText("rien n'a été enregistré")).toBeVisible();
  });
});
