// The three faces of the face scale, drawn as SVG rather than left to the phone's emoji
// font, which may lack them (then the person sees an empty box) and which screen readers
// would read out. One drawing for the SurveyJS questionnaires and the council's phones.

export type FaceKind = "sad" | "neutral" | "happy";

/** The emoji a survey file writes before a choice's text, and the face drawn for it. */
export const FACE_BY_EMOJI: Record<string, FaceKind> = { "🙁": "sad", "😐": "neutral", "🙂": "happy" };

/** The face a pictogram stands for, with or without its presentation selector ("🙂️" too); null for any other. */
export function faceOf(pictogram: string): FaceKind | null {
  return FACE_BY_EMOJI[pictogram.replace("\uFE0F", "")] ?? null;
}

export const FACE_MOUTHS: Record<FaceKind, string> = {
  sad: "M8 17c1.2-1.6 2.5-2.3 4-2.3s2.8.7 4 2.3",
  neutral: "M8 16h8",
  happy: "M8 14.5c1.2 1.6 2.5 2.3 4 2.3s2.8-.7 4-2.3",
};

/** The face as SVG markup (decorative: the choice's text says the same in words). */
export function faceSvg(kind: FaceKind, size = 32): string {
  return (
    `<svg class="pictogram" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="${size}" height="${size}">` +
    `<circle cx="12" cy="12" r="10.5" fill="#ffd75e" stroke="#161616" stroke-width="1.5"/>` +
    `<circle cx="8.5" cy="9.5" r="1.4" fill="#161616"/><circle cx="15.5" cy="9.5" r="1.4" fill="#161616"/>` +
    `<path d="${FACE_MOUTHS[kind]}" fill="none" stroke="#161616" stroke-width="1.6" stroke-linecap="round"/></svg>`
  );
}
