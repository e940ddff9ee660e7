import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { CHILD_SURVEY_PATH, chooseValue, goNextAnyLanguage, waitForSurvey } from "./fixtures";

// Easy to read on a 360 × 740 phone (issue 14, part 4): pictograms drawn as SVG (never as emoji,
// which a phone without an emoji font shows as empty boxes and a screen reader reads out), answers
// with a picture as large tiles (the picture 48 px or more, the word under it, the word the
// radio's name), read-aloud on every question, including the one the server draws before SurveyJS.
// The demo offers the version 2 files: the children's questionnaire opens on where the child
// spends the day (a list of words), and its face scale comes next, with two non-answers.

const EMOJI = /\p{Extended_Pictographic}/u;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** No sideways scrolling at 360 px. */
async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The tiles of the question on screen (SurveyJS). */
function tiles(page: Page): Locator {
  return page.locator(".sd-question .choice-tiles label.sd-selectbase__label");
}

/** Opens the children's questionnaire and goes to its first face scale (after the care setting). */
async function openFaceScale(page: Page, path: string) {
  await page.goto(path);
  await waitForSurvey(page);
  await chooseValue(page, "creche");
  await goNextAnyLanguage(page);
  await expect(tiles(page).first()).toBeVisible();
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** The question on screen says no emoji, to the eye or to a screen reader, and draws its pictures. */
async function expectNoEmojiText(page: Page) {
  const question = page.locator(".sd-question");
  expect(await question.innerText()).not.toMatch(EMOJI);
  await expect(page.getByRole("radiogroup")).not.toHaveAccessibleName(EMOJI);
  for (const radio of await page.getByRole("radio").all())
    await expect(radio).not.toHaveAccessibleName(EMOJI);
}

test("the simplified parent questionnaire draws its pictograms as SVG, on every question, with read-aloud", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/s/demo/questionnaire/parent?lang=falc");
  await waitForSurvey(page);
  for (let i = 0; i < 2; i++) {
    const title = page.locator(".sd-question .sd-question__title");
    // The question's pictogram: an SVG before the words, big enough to see, hidden from screen readers.
    const picture = title.locator("svg[aria-hidden=true]");
    await expect(picture).toHaveCount(1);
    expect((await box(picture)).width).toBeGreaterThanOrEqual(40);
    await expectNoEmojiText(page);
    // The radio group is named by the question's words.
    const words = (await title.locator(".sv-string-viewer").innerText()).trim();
    expect(words.length).toBeGreaterThan(10);
    await expect(page.getByRole("radiogroup")).toHaveAccessibleName(words);
    // Every answer is a large tile named by its words, the whole tile the tap target.
    const count = await tiles(page).count();
    expect(count).toBeGreaterThan(1);
    for (const tile of await tiles(page).all()) {
      const b = await box(tile);
      expect(b.height).toBeGreaterThanOrEqual(48);
      expect(b.width).toBeGreaterThanOrEqual(48);
      const words = (await tile.innerText()).trim();
      await expect(tile.getByRole("radio")).toHaveAccessibleName(words);
    }
    await expect(page.getByRole("radio", { name: "Non, pas du tout", exact: true })).toHaveCount(1);
    await expect(page.getByTestId("read-aloud")).toBeVisible();
    await expectNoHorizontalScroll(page);
    if (i === 0) expect(await axeViolations(page)).toEqual([]);
    // Tapping anywhere on a tile chooses it (here: near its lower edge).
    const third = tiles(page).nth(2);
    await third.scrollIntoViewIfNeeded();
    const b = await box(third);
    await page.mouse.click(b.x + b.width / 2, b.y + b.height - 6);
    await expect(third.getByRole("radio")).toBeChecked();
    const before = await page.locator(".sd-question").getAttribute("data-name");
    await page.getByRole("button", { name: "Suivant", exact: true }).click();
    await expect(page.locator(`.sd-question[data-name="${before}"]`)).toHaveCount(0);
  }
});

test("the face scale: three faces of 48 px or more side by side, the word under each, a radio group", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openFaceScale(page, CHILD_SURVEY_PATH);
  await expectNoEmojiText(page);
  const words = ["Non", "Un peu", "Oui", "Je ne sais pas", "Ce n'est pas mon cas"];
  await expect(tiles(page)).toHaveCount(words.length);
  const boxes = [];
  for (const [i, word] of words.entries()) {
    const tile = tiles(page).nth(i);
    await expect(tile.getByRole("radio")).toHaveAccessibleName(word);
    const b = await box(tile);
    expect(b.height).toBeGreaterThanOrEqual(48);
    expect(b.width).toBeGreaterThanOrEqual(48);
    boxes.push(b);
    if (i < 3) {
      const face = tile.locator("svg.pictogram-face[aria-hidden=true]");
      const f = await box(face);
      expect(f.width).toBeGreaterThanOrEqual(48);
      expect(f.height).toBeGreaterThanOrEqual(48);
      // The word under the face.
      const w = await box(tile.locator(".tile-word"));
      expect(w.y).toBeGreaterThanOrEqual(f.y + f.height - 1);
    }
  }
  // The three faces on one row, in reading order; the non-answers on a row of their own.
  expect(boxes[1]!.y).toBeCloseTo(boxes[0]!.y, 0);
  expect(boxes[2]!.y).toBeCloseTo(boxes[0]!.y, 0);
  expect(boxes[1]!.x).toBeGreaterThan(boxes[0]!.x);
  expect(boxes[3]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height);
  await expectNoHorizontalScroll(page);

  // Still a radio group for the keyboard: an arrow key moves the choice.
  await tiles(page).nth(0).click();
  await expect(page.getByRole("radio", { name: "Non", exact: true })).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Un peu", exact: true })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Un peu", exact: true })).toBeFocused();
  await expect(page.getByTestId("read-aloud")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test("the face scale in Arabic reads right to left, without sideways scrolling", async ({ page }) => {
  test.setTimeout(60_000);
  await openFaceScale(page, `${CHILD_SURVEY_PATH}&lang=ar`);
  const first = await box(tiles(page).nth(0));
  const second = await box(tiles(page).nth(1));
  expect(second.x).toBeLessThan(first.x);
  await expectNoHorizontalScroll(page);
  await expectNoEmojiText(page);
});

test("the question drawn by the server, before SurveyJS arrives, has its read-aloud button, SVG pictures and tiles", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Hold the SurveyJS chunk back, as a slow line would.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(/\/assets\/SurveyForm\.client-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  try {
    await page.goto("/s/demo/questionnaire/parent?lang=falc");
    // The server draws the first pages (quick pages), one on screen at a time.
    const quick = page.locator("form[data-quick-pages]");
    const preview = quick.locator("fieldset[data-name]:not([hidden])");
    await expect(quick).toBeVisible();
    await expect(preview).toHaveCount(1);
    await expect(page.locator(".sd-question")).toHaveCount(0);
    await expect(preview.getByTestId("read-aloud")).toBeVisible();
    await expect(preview.locator(".first-question-title svg[aria-hidden=true]")).toHaveCount(1);
    expect(await preview.innerText()).not.toMatch(EMOJI);
    // The page is a group named by its legend (the question's words, not an emoji).
    await expect(preview).toHaveRole("group");
    await expect(preview).not.toHaveAccessibleName(EMOJI);
    await expect(preview.getByRole("radio", { name: "Non, pas du tout", exact: true })).toHaveCount(1);
    expect(await axeViolations(page)).toEqual([]);

    // The children's questionnaire: where the child spends the day, then the face scale.
    await page.goto(CHILD_SURVEY_PATH);
    await expect(preview).toHaveCount(1);
    await expect(preview.getByTestId("read-aloud")).toBeVisible();
    await preview.getByRole("radio", { name: "À la crèche", exact: true }).check();
    await quick.getByRole("button", { name: "Suivant", exact: true }).click();
    await expect(preview).toHaveAttribute("data-name", "d1_likes");
    await expect(preview.getByTestId("read-aloud")).toBeVisible();
    const faces = preview.locator(".choice-tiles svg.pictogram-face");
    await expect(faces).toHaveCount(3);
    for (const face of await faces.all()) expect((await box(face)).height).toBeGreaterThanOrEqual(48);
    await expect(preview.getByRole("radio", { name: "Un peu", exact: true })).toHaveCount(1);
    await expectNoHorizontalScroll(page);
  } finally {
    release();
  }
});
