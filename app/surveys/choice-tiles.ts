// When a question's answers are drawn as large tiles (issue 14, part 4): the picture (a face or a
// pictogram, 48 CSS px or more) with the word under it, the whole tile the tap target. The same
// rule for SurveyJS (adapter.ts) and the server-drawn first question (first-question.ts), so the
// hand-over between them does not move anything. Pure: no Node or browser API.
import { isNonAnswer } from "./non-answers";
import { splitPictogram } from "./pictogram";
import { hasDrawing } from "./pictograms";

/** The picture's size in a tile, in CSS pixels (at least 48: issue 14, part 4). */
export const TILE_PICTURE_PX = 56;
/** A question title's pictogram, in CSS pixels. */
export const TITLE_PICTURE_PX = 44;

export interface ChoiceTiles {
  /**
   * Tiles per row for the scale's answers: three faces side by side, four in two rows of two
   * (six tiles do not fit 360 px in one row with their words), one column for words alone. The
   * non-answers ("Je ne sais pas", "Ce n'est pas mon cas") start a row of their own.
   */
  columns: 1 | 2 | 3;
}

/**
 * The tiles of a single- or multiple-choice question, given its answers as shown (their texts in
 * the questionnaire's language); null for the ordinary list. Tiles wherever an answer has a
 * picture, and in the simplified version (`falc`) always.
 */
export function choiceTilesOf(
  choices: readonly { value: unknown; text: string }[],
  locale: string,
): ChoiceTiles | null {
  return tilesFor(
    choices.map((c) => {
      const { pictogram } = splitPictogram(c.text);
      return { value: c.value, pictured: pictogram !== null && hasDrawing(pictogram) };
    }),
    locale,
  );
}

/** The same rule, for answers whose pictures are already known (the council's phones). */
export function tilesFor(
  choices: readonly { value: unknown; pictured: boolean }[],
  locale: string,
): ChoiceTiles | null {
  if (!choices.some((c) => c.pictured))
    return locale === "falc" && choices.length > 0 ? { columns: 1 } : null;
  const scale = choices.filter((c) => !isNonAnswer(c.value)).length;
  return { columns: scale === 3 ? 3 : scale <= 1 ? 1 : 2 };
}

/** The class names of a question's tiles (on its choices' container). */
export function tileClasses(tiles: ChoiceTiles): string {
  return `choice-tiles choice-tiles--${tiles.columns}`;
}
