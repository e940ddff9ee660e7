import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";
import {
  CHILD_ANSWERS,
  CHILD_SURVEY_PATH,
  completeChildSurvey,
  countResponses,
  currentQuestionName,
  findResponse,
  responseIdOf,
  waitForSurvey,
} from "./fixtures";

// RGAA / WCAG 2.1 AA: axe-core on every respondent page, the council pages, the public
// results page and the dashboard (zero violations), a survey completed with the keyboard
// alone, and the pages at 320 CSS pixels (what 200 % zoom leaves on a 640 px window).

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe's violations on the page as it is now, in a readable form for the failure message. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
}

async function expectNoViolations(page: Page, url: string): Promise<void> {
  expect(await violations(page), `axe violations on ${url}`).toEqual([]);
}

const RESPONDENT_PAGES = [
  "/",
  "/s/demo",
  "/s/demo/parent",
  "/s/demo/enfant",
  "/s/demo/jeune",
  "/s/demo/accord",
  "/s/demo/resultats",
  "/s/demo-printemps-2026/resultats",
  "/s/inconnue",
  "/effacer",
  "/conseil",
  "/accessibilite",
  "/confidentialite",
  "/confidentialite?lang=ar",
  "/mentions-legales",
];

test.describe("axe on the respondent pages (phone)", () => {
  for (const url of RESPONDENT_PAGES) {
    test(`no violation on ${url}`, async ({ page }) => {
      await page.goto(url);
      await expectNoViolations(page, url);
    });
  }

  test("no violation on the survey's first question, the last one and the thank-you page", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto("/s/demo/questionnaire/parent");
    await waitForSurvey(page);
    await expectNoViolations(page, "first question of the parent survey");
    // Opening the parent's part starts a family visit and keeps its draft at once (decision
    // 028); this parent leaves it and answers for a child instead, on a phone without them.
    await page.evaluate(() => localStorage.clear());
    await completeChildSurvey(page);
    await expectNoViolations(page, "thank-you page");
  });

  test("no violation on the survey's error state (a required question left empty)", async ({ page }) => {
    await page.goto(CHILD_SURVEY_PATH);
    await waitForSurvey(page);
    await page.getByRole("button", { name: "Suivant" }).click();
    await expect(page.locator(".sd-question__erbox, [role=alert]").first()).toBeVisible();
    await expectNoViolations(page, "survey with an error");
  });
});

/** The control with this id says it is wrong and is described by its error message. */
async function expectLinkedError(page: Page, id: string): Promise<void> {
  const control = page.locator(`[id="${id}"]`);
  await expect(control).toHaveAttribute("aria-invalid", "true");
  await expect(control).toHaveAttribute("aria-describedby", new RegExp(`(^| )${id}-error( |$)`));
  await expect(page.locator(`[id="${id}-error"]`)).toBeVisible();
}

test.describe("forms refused (phone): errors tied to their fields, no axe violation", () => {
  test("erasure code and joint consent", async ({ page }) => {
    await page.goto("/effacer");
    await page.getByRole("button", { name: "Continuer" }).click();
    await expectLinkedError(page, "code");
    await expectNoViolations(page, "/effacer, refused");
    await page.goto("/s/demo/accord");
    await page.getByRole("button", { name: "Commencer le questionnaire" }).click();
    await expectLinkedError(page, "youth");
    await expectLinkedError(page, "parent");
    await expectNoViolations(page, "/s/demo/accord, refused");
  });

  test("login, my account, a new campaign", async ({ page }) => {
    // Five axe runs and a sign-in: about 30 s alone on a loaded machine.
    test.setTimeout(90_000);
    // Empty fields: refused before any password is checked (no login attempt counted).
    await page.goto("/connexion");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expectLinkedError(page, "email");
    await expectLinkedError(page, "password");
    await expectNoViolations(page, "/connexion, refused");
    await signInAsDemoCoordinator(page);
    await page.goto("/tableau/compte");
    await page.getByRole("button", { name: "Changer mon mot de passe" }).click();
    await expectLinkedError(page, "current");
    await expect(page.locator("#password")).toHaveAttribute(
      "aria-describedby",
      "password-hint password-error",
    );
    await expectNoViolations(page, "/tableau/compte, refused");
    await page.goto("/tableau/campagnes/nouvelle");
    await expectNoViolations(page, "/tableau/campagnes/nouvelle");
    await page.getByRole("button", { name: "Enregistrer en brouillon" }).click();
    await expectLinkedError(page, "campagne-title");
    await expect(page.locator("#campagne-title-error")).toContainText("Erreur :");
    await expectNoViolations(page, "/tableau/campagnes/nouvelle, refused in the browser");
    await page.goto("/tableau/campagnes/demo/modifier");
    await expectNoViolations(page, "/tableau/campagnes/demo/modifier");
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  });
});

test.describe("a survey with the keyboard alone", () => {
  test("the child survey is completed and sent with Tab, arrows, Space and Enter only", async ({ page }) => {
    await page.goto(CHILD_SURVEY_PATH);
    await waitForSurvey(page);
    let id = "";
    for (const { question, label } of CHILD_ANSWERS) {
      expect(await currentQuestionName(page)).toBe(question);
      // Tab into the radio group; Space picks the focused choice, arrows move within the group.
      const wanted = label.replace(/^\S+\s/, "");
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.type === "radio" ? (el.closest("label")?.textContent ?? "").trim() : null;
        });
        if (focused !== null) break;
      }
      for (let i = 0; i < 6; i++) {
        const text = await page.evaluate(() =>
          ((document.activeElement as HTMLInputElement | null)?.closest("label")?.textContent ?? "").trim(),
        );
        if (text.endsWith(wanted)) break;
        await page.keyboard.press("ArrowDown");
      }
      await page.keyboard.press("Space");
      // Focus must be visible on the chosen answer (an outline or a box shadow).
      const visible = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const target = el.closest(".sd-item") ?? el;
        const style = getComputedStyle(el);
        const around = getComputedStyle(target);
        return (
          (style.outlineStyle !== "none" && style.outlineWidth !== "0px") ||
          around.boxShadow !== "none" ||
          (getComputedStyle(el.parentElement!).outlineStyle !== "none" &&
            getComputedStyle(el.parentElement!).outlineWidth !== "0px")
        );
      });
      expect(visible, `focus visible on ${question}`).toBe(true);
      // Tab to "Suivant" and press Enter.
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press("Tab");
        const name = await page.evaluate(
          () => (document.activeElement as HTMLElement | null)?.innerText ?? "",
        );
        if (/Suivant/.test(name)) break;
      }
      await page.keyboard.press("Enter");
      id ||= await responseIdOf(page);
    }
    expect(await currentQuestionName(page)).toBe("knowledge_child");
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? "");
      if (/Envoyer mes réponses/.test(name)) break;
    }
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/s\/demo\/merci$/);
    expect(countResponses(id)).toBe(1);
    expect(findResponse(id)!.survey_id).toBe("child");
  });
});

test.describe("320 CSS pixels wide (200 % zoom)", () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const url of [
    "/s/demo",
    "/s/demo/parent",
    "/s/demo/resultats",
    "/conseil",
    "/accessibilite",
    "/confidentialite",
  ]) {
    test(`${url} has no sideways scroll and nothing cut off`, async ({ page }) => {
      await page.goto(url);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(320);
    });
  }
  test("the survey's question and buttons fit", async ({ page }) => {
    await page.goto(CHILD_SURVEY_PATH);
    await waitForSurvey(page);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(320);
    const next = await page.getByRole("button", { name: "Suivant" }).boundingBox();
    expect(next!.x + next!.width).toBeLessThanOrEqual(320);
  });
});

test.describe("axe on the coordinators' pages and the council (laptop)", () => {
  test.use({
    viewport: { width: 1280, height: 900 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  });

  test("no violation on the dashboard, the council pages and the projector", async ({ page, browser }) => {
    // Many pages, each analysed by axe; the dashboard has grown (non-answers, forms, waves).
    test.setTimeout(180_000);
    await signInAsDemoCoordinator(page);
    for (const url of [
      "/tableau",
      "/tableau/campagnes/demo",
      "/tableau/campagnes/demo/rapport",
      "/tableau/campagnes/demo/actions",
      "/tableau/campagnes/demo/verbatims",
      "/tableau/campagnes/demo/conseils",
    ]) {
      await page.goto(url);
      await expectNoViolations(page, url);
    }
    // A session of our own, open, with a phone answering: every council page in each state.
    await page.getByLabel("Nom du conseil").fill(`Conseil axe ${Date.now()}`);
    await page.getByRole("button", { name: "Créer la séance" }).click();
    await expect(page).toHaveURL(/\/conseils\/\d+$/);
    const sessionUrl = page.url();
    await expectNoViolations(page, "session page (waiting)");
    const code = (await page.locator(".council-code").first().innerText()).replace(" ", "");
    await page.getByRole("button", { name: "Ouvrir la séance" }).click();
    await expect(page.getByRole("button", { name: "Clore la séance" })).toBeVisible();
    await expectNoViolations(page, "session page (open, with the record form)");
    const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const phone = await phoneContext.newPage();
    await phone.goto(`/conseil/${code}`);
    await expect(phone.getByText(/Question 1 sur/)).toBeVisible();
    await expectNoViolations(phone, "council phone question");
    await phone.getByRole("radio", { name: "Oui", exact: true }).check();
    await phone.getByRole("button", { name: "Valider" }).click();
    await expect(phone.getByText(/Question 2 sur/)).toBeVisible();
    await phoneContext.close();
    await page.goto(`${sessionUrl}/ecran`);
    await expect(page.locator(".live-items")).toBeVisible();
    await expectNoViolations(page, "projector");
  });
});
