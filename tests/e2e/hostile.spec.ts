import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemoCoordinator } from "./coordinator";

// HTML and script written by a respondent or a coordinator stay text (issue 6): a free-text
// answer full of markup is sent through the API, approved in moderation, and an action is
// published with markup in its title, and a youth council's opinion and evidence carry it too;
// the verbatims page, the council's page, the dashboard and the public results page show them
// as text. No dialog opens, no injected element exists, and the HTML the
// server sends (including the data handed to the browser) never carries the markup unescaped.

const SLUG = "demo";
const MARK = `hostile-${Date.now()}`;
/** Every classic way out of text: a script, an event handler, a broken-out attribute, a URL. */
const PAYLOAD =
  `${MARK} <script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>` +
  ` <a href="javascript:alert(4)">lien</a> </script><script>alert(5)</script> '-alert(6)-' {{7*7}}`;
/** What must never reach the page's HTML as markup. */
const RAW = ["<script>alert(", "<img src=x", "<svg onload", '<a href="javascript:', "</script><script>"];

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** A complete, valid parent answer set read from the survey file, with the payload as free text. */
function parentAnswers(): Record<string, unknown> {
  const file = fileURLToPath(new URL("../../surveys/parent.v2.json", import.meta.url));
  const def = JSON.parse(fs.readFileSync(file, "utf8")) as {
    survey: { pages: { elements: { name: string; isRequired?: boolean; choices?: unknown[] }[] }[] };
  };
  const answers: Record<string, unknown> = {};
  for (const q of def.survey.pages.flatMap((p) => p.elements)) {
    if (!q.isRequired) continue;
    const values = (q.choices ?? []).map((c) =>
      c && typeof c === "object" ? (c as { value: unknown }).value : c,
    );
    answers[q.name] = values.includes(3) ? 3 : values[0];
  }
  answers.knowledge = PAYLOAD;
  return answers;
}

/** Fails the test if the page ever opens a dialog (alert, confirm, prompt). */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Elements the payload would have made had it been parsed as HTML. */
async function injectedElements(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:"]')
        .length +
      // A script made by the payload holds only the call; the page's own data script holds the
      // payload as an escaped JSON string, which is what must happen.
      [...document.querySelectorAll("script")].filter((s) => /^\s*alert\(\d\)\s*$/.test(s.textContent ?? ""))
        .length,
  );
}

/** The page's HTML as the server sends it: the payload only ever escaped. */
async function expectEscapedHtml(page: Page, path: string): Promise<void> {
  const res = await page.request.get(path);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain(MARK);
  for (const raw of RAW) expect(html, `${path} carries ${raw} unescaped`).not.toContain(raw);
}

test("markup in a free text, an action and a council record is shown as text on every page", async ({
  page,
}) => {
  const dialogs = watchDialogs(page);

  // A respondent sends the payload as free text, through the API the survey page uses.
  const sent = await page.request.post(`/api/v1/campaigns/${SLUG}/responses`, {
    data: {
      id: crypto.randomUUID(),
      surveyId: "parent",
      surveyVersion: 2,
      locale: "fr",
      ageBand: null,
      answers: parentAnswers(),
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);

  await signInAsDemoCoordinator(page);

  // Verbatims: the text as written, then approved as is.
  const verbatims = `/tableau/campagnes/${SLUG}/verbatims?q=${encodeURIComponent(MARK)}`;
  await page.goto(verbatims);
  await expect(page.getByText("<script>alert(1)</script>", { exact: false }).first()).toBeVisible();
  const form = page.locator("form:has(textarea[name=publicText])").first();
  await expect(form.locator("textarea[name=publicText]")).toHaveValue(PAYLOAD);
  await form.getByRole("button", { name: "Publier tel quel" }).click();
  await expect(
    page
      .locator("form:has(textarea[name=publicText])")
      .first()
      .getByRole("button", { name: "Retirer de la page" }),
  ).toBeVisible();
  expect(await injectedElements(page)).toBe(0);
  await expectEscapedHtml(page, verbatims);

  // An action whose title and description carry the payload.
  await page.goto(`/tableau/campagnes/${SLUG}/actions`);
  await page.getByLabel("Ce que nous avons entendu").fill(`Entendu : ${PAYLOAD}`);
  await page.getByLabel("Ce que nous avons décidé").fill(`Décidé : ${PAYLOAD}`);
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByText(`Décidé : ${PAYLOAD}`).first()).toBeVisible();
  expect(await injectedElements(page)).toBe(0);

  // A youth council whose recorded opinion and lines of evidence carry the payload.
  await page.goto(`/tableau/campagnes/${SLUG}/conseils`);
  await page.getByLabel("Nom du conseil").fill(`Conseil ${MARK}`);
  await page.getByRole("button", { name: "Créer la séance" }).click();
  await expect(page).toHaveURL(/\/conseils\/\d+$/);
  const sessionPath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Ouvrir la séance" }).click();
  await expect(page.getByRole("button", { name: "Clore la séance" })).toBeVisible();
  await page.getByLabel("L'avis du conseil", { exact: true }).fill(`Avis : ${PAYLOAD}`);
  const criteria = page.locator("fieldset.criterion");
  const count = await criteria.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await criteria.nth(i).getByRole("radio", { name: "oui", exact: true }).check();
    await criteria
      .nth(i)
      .getByLabel("Pourquoi ? Un exemple")
      .fill(`Preuve ${i + 1} : ${PAYLOAD}`);
  }
  await page.getByRole("button", { name: "Enregistrer l'avis du conseil" }).click();
  await expect(page.getByText("L'avis du conseil est enregistré.")).toBeVisible();
  expect(await injectedElements(page)).toBe(0);
  await expectEscapedHtml(page, sessionPath);
  await page.getByRole("button", { name: "Clore la séance" }).click();
  await expect(page.getByRole("status").first()).toContainText("Séance close");

  // The dashboard: the council's opinion and its evidence, as text.
  await page.goto(`/tableau/campagnes/${SLUG}`);
  await expect(page.getByText(`Avis : ${PAYLOAD}`).first()).toBeVisible();
  await expect(page.getByText(`Preuve 1 : ${PAYLOAD}`).first()).toBeVisible();
  expect(await injectedElements(page)).toBe(0);
  await expectEscapedHtml(page, `/tableau/campagnes/${SLUG}`);

  // The public results page, as anyone sees it (no session).
  const visitor = await page.context().browser()!.newContext();
  const pub = await visitor.newPage();
  const publicDialogs = watchDialogs(pub);
  await pub.goto(`/s/${SLUG}/resultats`);
  await expect(pub.getByText(`Décidé : ${PAYLOAD}`).first()).toBeVisible();
  await expect(pub.getByText(PAYLOAD, { exact: true }).first()).toBeVisible();
  await expect(pub.getByText(`Avis : ${PAYLOAD}`).first()).toBeVisible();
  expect(await injectedElements(pub)).toBe(0);
  await expectEscapedHtml(pub, `/s/${SLUG}/resultats`);
  // Give any deferred handler (an image error, a late hydration) the time to fire.
  await pub.waitForTimeout(500);
  expect(publicDialogs).toEqual([]);
  await visitor.close();

  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});
