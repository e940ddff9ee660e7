import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  currentQuestion,
  currentQuestionName,
  ERASURE_CODE,
  findResponse,
  goNext,
  nextButton,
  responseIdOf,
  sendButton,
  waitForSurvey,
} from "./fixtures";

// A parent on a phone, on the demo campaign that lets each person choose the short or the
// complete version (demo-au-choix; issue 14, part 3). It needs a parent questionnaire with a
// short form: the demo offers the newest parent file of the server's SURVEYS_DIR. Until those
// files have a `short` list, run it on a copy that has one:
//   npx tsx tests/fixtures/short-surveys.ts tmp/short-surveys
//   SURVEYS_DIR=tmp/short-surveys E2E_PORT=… npx playwright test tests/e2e/short-form.spec.ts

const SURVEYS_DIR = path.resolve(process.env.SURVEYS_DIR ?? "surveys");

/** The `short` list of the newest parent questionnaire the server reads, if it has one. */
function parentShortForm(): string[] | null {
  const newest = fs
    .readdirSync(SURVEYS_DIR)
    .map((file) => /^parent\.v(\d+)\.json$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))[0];
  if (!newest) return null;
  const def = JSON.parse(fs.readFileSync(path.join(SURVEYS_DIR, newest[0]), "utf8")) as { short?: string[] };
  return def.short && def.short.length > 0 ? def.short : null;
}

test("on a campaign that lets people choose, a parent answers the short version and it is stored as such", async ({
  page,
}) => {
  // About 13 screens answered one by one: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const short = parentShortForm();
  test.skip(
    short === null,
    `No short form: the newest parent questionnaire in ${SURVEYS_DIR} has no "short" list (see the comment at the top of this file).`,
  );
  await page.goto("/s/demo-au-choix");
  await page
    .getByRole("link", { name: /parent/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/s\/demo-au-choix\/parent$/);
  await page.getByRole("link", { name: "Commencer", exact: true }).click();

  // One short screen before the first question: two big choices, with their minutes.
  await expect(page.getByRole("heading", { name: "Quelle version voulez-vous ?" })).toBeVisible();
  const shortChoice = page.getByRole("link", { name: /^Version courte — environ \d+ minutes/ });
  const longChoice = page.getByRole("link", { name: /^Version complète — environ \d+ minutes/ });
  await expect(shortChoice).toBeInViewport();
  await expect(longChoice).toBeVisible();
  const minutesOf = async (link: typeof shortChoice) =>
    Number(/environ (\d+) minutes/.exec(await link.innerText())![1]);
  expect(await minutesOf(shortChoice)).toBeLessThan(await minutesOf(longChoice));
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shortChoice.click();
  await expect(page).toHaveURL(/forme=courte/);

  // The short form's questions only, each answered with a middle or first choice.
  await waitForSurvey(page);
  const asked: string[] = [];
  for (;;) {
    const name = await currentQuestionName(page);
    asked.push(name);
    expect(short, `${name} is in the short form`).toContain(name);
    const radios = currentQuestion(page).locator("label.sd-selectbase__label");
    if ((await radios.count()) > 0) {
      const three = currentQuestion(page).locator('label.sd-selectbase__label:has(input[value="3"])');
      await ((await three.count()) > 0 ? three : radios.first()).click();
    }
    if (!(await nextButton(page).isVisible())) break;
    await goNext(page);
  }
  expect(asked.length).toBeLessThanOrEqual(short!.length);
  const id = await responseIdOf(page);
  await sendButton(page).click();
  await expect(page).toHaveURL(/\/s\/demo-au-choix\/merci$/);
  await expect(page.getByTestId("erasure-code")).toHaveText(ERASURE_CODE);

  const row = findResponse(id) as (ReturnType<typeof findResponse> & { form: string }) | undefined;
  expect(row?.form).toBe("short");
  const answered = Object.keys(JSON.parse(row!.answers) as Record<string, unknown>);
  expect(answered.length).toBeGreaterThan(0);
  for (const name of answered) expect(short).toContain(name);
});
