// The faces of the face scales, drawn as SVG rather than left to the phone's emoji font,
// which may lack them (then the person sees an empty box) and which screen readers would
// read out. Three faces (🙁 😐 🙂: "Non", "Un peu", "Oui") and four (😞 🙁 🙂 😀: "Non, pas
// du tout" … "Oui, tout à fait"). One drawing for the SurveyJS questionnaires, the
// server-drawn first question and the council's phones. Pure: no Node or browser API.

export type FaceKind = "very-sad" | "sad" | "neutral" | "happy" | "very-happy";

/** The emoji a survey file writes before a choice's text, and the face drawn for it. */
export const FACE_BY_EMOJI: Record<string, FaceKind> = {
  "😞": "very-sad",
  "🙁": "sad",
  "😐": "neutral",
  "🙂": "happy",
  "😀": "very-happy",
};

/** The face a pictogram stands for, with or without its presentation selector ("🙂️" too); null for any other. */
export function faceOf(pictogram: string): FaceKind | null {
  return FACE_BY_EMOJI[pictogram.replace(/\uFE0F/g, "")] ?? null;
}

/** What tells the faces apart: the mouth, drawn as a line or (`open`) filled, and eyebrows. */
export interface FaceFeatures {
  mouth: string;
  /** An open mouth, filled (the very happy face's laugh). */
  open?: boolean;
  /** Raised inner eyebrows (the very sad face). */
  brows?: string;
}

export const FACE_FEATURES: Record<FaceKind, FaceFeatures> = {
  "very-sad": {
    mouth: "M7.5 17.8c1.3-2.3 2.8-3.4 4.5-3.4s3.2 1.1 4.5 3.4",
    brows: "M6.3 7.6l3.4-1.3M17.7 7.6l-3.4-1.3",
  },
  sad: { mouth: "M8 17c1.2-1.6 2.5-2.3 4-2.3s2.8.7 4 2.3" },
  neutral: { mouth: "M8 16h8" },
  happy: { mouth: "M8 14.5c1.2 1.6 2.5 2.3 4 2.3s2.8-.7 4-2.3" },
  "very-happy": { mouth: "M7 13.2h10c0 2.9-2.2 5-5 5s-5-2.1-5-5z", open: true },
};

const INK = "#161616";

/** The face's shapes inside a 24×24 SVG, as markup. */
export function faceShapes(kind: FaceKind): string {
  const { mouth, open, brows } = FACE_FEATURES[kind];
  const line = `fill="none" stroke="${INK}" stroke-width="1.6" stroke-linecap="round"`;
  return (
    `<circle cx="12" cy="12" r="10.5" fill="#ffd75e" stroke="${INK}" stroke-width="1.5"/>` +
    `<circle cx="8.5" cy="9.5" r="1.4" fill="${INK}"/><circle cx="15.5" cy="9.5" r="1.4" fill="${INK}"/>` +
    (brows ? `<path d="${brows}" ${line}/>` : "") +
    (open
      ? `<path d="${mouth}" fill="${INK}" stroke="${INK}" stroke-width="1.2" stroke-linejoin="round"/>`
      : `<path d="${mouth}" ${line}/>`)
  );
}

/** The face as SVG markup (decorative: the choice's text says the same). */
export function faceSvg(kind: FaceKind, size = 32): string {
  return (
    `<svg class="pictogram pictogram-face" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="${size}" height="${size}">` +
    `${faceShapes(kind)}</svg>`
  );
}
