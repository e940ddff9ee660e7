// The one rule for a pictogram at the start of a text: the face scale's faces ("🙂 Oui") and the
// simplified version's pictures ("🏫 À l'école"). The adapter draws it, the server-drawn first
// question and the council's phones set it apart, read-aloud leaves it out, the tests find it.
// Pure: no Node or browser API.

/** One pictogram: an emoji, with its optional emoji-presentation selector (U+FE0F). */
export const PICTOGRAM = String.raw`\p{Extended_Pictographic}\uFE0F?`;

/** A pictogram, white space, then the text: match[1] is the pictogram, match[2] the text. */
export const LEADING_PICTOGRAM = new RegExp(String.raw`^(${PICTOGRAM})\s+(.*)$`, "su");

/** "🏫 À l'école" → { pictogram: "🏫", text: "À l'école" }; a text without one is kept whole. */
export function splitPictogram(text: string): { pictogram: string | null; text: string } {
  const match = LEADING_PICTOGRAM.exec(text);
  return match ? { pictogram: match[1]!, text: match[2]! } : { pictogram: null, text };
}
