// The pictures the survey files ask for with a leading emoji (app/surveys/pictogram.ts), drawn
// as SVG: a phone without an emoji font shows an empty box for an emoji, and the same emoji
// looks different on every phone. Faces are our own drawings (faces.ts); every other picture
// is an icon of Tabler Icons (`@tabler/icons`, MIT licence, https://tabler.io/icons; notice in
// THIRD-PARTY-NOTICES.md): its shapes, copied here from the package's SVG file, so that only the
// icons listed reach the browser and the module runs anywhere (browser, server, scripts) without
// a bundler's help. Pure: no Node or browser API.
//
// A survey file may only use a pictogram listed here: app/surveys/pictograms.test.ts reads every
// file in surveys/ and fails on one without a drawing, and checks each copy below against the
// installed package's file. To add one: pick the icon on tabler.io, add a line here with its
// name (the test says the shapes to copy), and to docs/writing.md ("Pictogrammes").
import { faceOf, faceSvg } from "./faces";

/** Each pictogram (the emoji, without its presentation selector U+FE0F): its Tabler icon and shapes. */
export const ICONS: Record<string, { icon: string; shapes: string }> = {
  // the world, elsewhere
  "🌍": {
    icon: "world",
    shapes:
      '<path d="M3 12a9 9 0 1 0 18 0a9 9 0 0 0 -18 0" /><path d="M3.6 9h16.8" /><path d="M3.6 15h16.8" /><path d="M11.5 3a17 17 0 0 0 0 18" /><path d="M12.5 3a17 17 0 0 1 0 18" />',
  },
  // school things, homework
  "🎒": {
    icon: "backpack",
    shapes:
      '<path d="M5 18v-6a6 6 0 0 1 6 -6h2a6 6 0 0 1 6 6v6a3 3 0 0 1 -3 3h-8a3 3 0 0 1 -3 -3" /><path d="M10 6v-1a2 2 0 1 1 4 0v1" /><path d="M9 21v-4a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v4" /><path d="M11 10h2" />',
  },
  // the neighbourhood
  "🏘": {
    icon: "building-community",
    shapes:
      '<path d="M8 9l5 5v7h-5v-4m0 4h-5v-7l5 -5m1 1v-6a1 1 0 0 1 1 -1h10a1 1 0 0 1 1 1v17h-8" /><path d="M13 7l0 .01" /><path d="M17 7l0 .01" /><path d="M17 11l0 .01" /><path d="M17 15l0 .01" />',
  },
  // the town hall, an institution
  "🏛": {
    icon: "building-bank",
    shapes:
      '<path d="M3 21l18 0" /><path d="M3 10l18 0" /><path d="M5 6l7 -3l7 3" /><path d="M4 10l0 11" /><path d="M20 10l0 11" /><path d="M8 14l0 3" /><path d="M12 14l0 3" /><path d="M16 14l0 3" />',
  },
  // home
  "🏠": {
    icon: "home",
    shapes:
      '<path d="M5 12l-2 0l9 -9l9 9l-2 0" /><path d="M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2 -2v-7" /><path d="M9 21v-6a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v6" />',
  },
  // school
  "🏫": {
    icon: "school",
    shapes: '<path d="M22 9l-10 -4l-10 4l10 4l10 -4v6" /><path d="M6 10.6v5.4a6 3 0 0 0 12 0v-5.4" />',
  },
  // seeing, noticing
  "👀": {
    icon: "eye",
    shapes:
      '<path d="M10 12a2 2 0 1 0 4 0a2 2 0 0 0 -4 0" /><path d="M21 12c-2.4 4 -5.4 6 -9 6c-3.6 0 -6.6 -2 -9 -6c2.4 -4 5.4 -6 9 -6c3.6 0 6.6 2 9 6" />',
  },
  // being listened to
  "👂": {
    icon: "ear",
    shapes:
      '<path d="M6 10a7 7 0 1 1 13 3.6a10 10 0 0 1 -2 2a8 8 0 0 0 -2 3a4.5 4.5 0 0 1 -6.8 1.4" /><path d="M10 10a3 3 0 1 1 5 2.2" />',
  },
  // an idea
  "💡": {
    icon: "bulb",
    shapes:
      '<path d="M3 12h1m8 -9v1m8 8h1m-15.4 -6.4l.7 .7m12.1 -.7l-.7 .7" /><path d="M9 16a5 5 0 1 1 6 0a3.5 3.5 0 0 0 -1 3a2 2 0 0 1 -4 0a3.5 3.5 0 0 0 -1 -3" /><path d="M9.7 17l4.6 0" />',
  },
  // being told, information
  "📢": {
    icon: "speakerphone",
    shapes:
      '<path d="M18 8a3 3 0 0 1 0 6" /><path d="M10 8v11a1 1 0 0 1 -1 1h-1a1 1 0 0 1 -1 -1v-5" /><path d="M12 8l4.524 -3.77a.9 .9 0 0 1 1.476 .692v12.156a.9 .9 0 0 1 -1.476 .692l-4.524 -3.77h-8a1 1 0 0 1 -1 -1v-4a1 1 0 0 1 1 -1h8" />',
  },
  // a change, going back and forth
  "🔄": {
    icon: "refresh",
    shapes:
      '<path d="M20 11a8.1 8.1 0 0 0 -15.5 -2m-.5 -4v4h4" /><path d="M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4" />',
  },
  // looking for, finding out
  "🔍": {
    icon: "search",
    shapes: '<path d="M3 10a7 7 0 1 0 14 0a7 7 0 1 0 -14 0" /><path d="M21 21l-6 -6" />',
  },
  // speaking, giving one's opinion
  "🗣": {
    icon: "messages",
    shapes:
      '<path d="M21 14l-3 -3h-7a1 1 0 0 1 -1 -1v-6a1 1 0 0 1 1 -1h9a1 1 0 0 1 1 1v10" /><path d="M14 15v2a1 1 0 0 1 -1 1h-7l-3 3v-10a1 1 0 0 1 1 -1h2" />',
  },
  // taking part, raising one's hand
  "🙋": {
    icon: "hand-stop",
    shapes:
      '<path d="M8 13v-7.5a1.5 1.5 0 0 1 3 0v6.5" /><path d="M11 5.5v-2a1.5 1.5 0 1 1 3 0v8.5" /><path d="M14 5.5a1.5 1.5 0 0 1 3 0v6.5" /><path d="M17 7.5a1.5 1.5 0 0 1 3 0v8.5a6 6 0 0 1 -6 6h-2h.208a6 6 0 0 1 -5.012 -2.7a69.74 69.74 0 0 1 -.196 -.3c-.312 -.479 -1.407 -2.388 -3.286 -5.728a1.5 1.5 0 0 1 .536 -2.022a1.867 1.867 0 0 1 2.28 .28l1.47 1.47" />',
  },
  // working together, trust
  "🤝": {
    icon: "heart-handshake",
    shapes:
      '<path d="M19.5 12.572l-7.5 7.428l-7.5 -7.428a5 5 0 1 1 7.5 -6.566a5 5 0 1 1 7.5 6.572" /><path d="M12 6l-3.293 3.293a1 1 0 0 0 0 1.414l.543 .543c.69 .69 1.81 .69 2.5 0l1 -1a3.182 3.182 0 0 1 4.5 0l2.25 2.25" /><path d="M12.5 15.5l2 2" /><path d="M15 13l2 2" />',
  },
  // what one knows
  "🧠": {
    icon: "brain",
    shapes:
      '<path d="M15.5 13a3.5 3.5 0 0 0 -3.5 3.5v1a3.5 3.5 0 0 0 7 0v-1.8" /><path d="M8.5 13a3.5 3.5 0 0 1 3.5 3.5v1a3.5 3.5 0 0 1 -7 0v-1.8" /><path d="M17.5 16a3.5 3.5 0 0 0 0 -7h-.5" /><path d="M19 9.3v-2.8a3.5 3.5 0 0 0 -7 0" /><path d="M6.5 16a3.5 3.5 0 0 1 0 -7h.5" /><path d="M5 9.3v-2.8a3.5 3.5 0 0 1 7 0v10" />',
  },
  // the family, other parents
  "👪": {
    icon: "users-group",
    shapes:
      '<path d="M10 13a2 2 0 1 0 4 0a2 2 0 0 0 -4 0" /><path d="M8 21v-1a2 2 0 0 1 2 -2h4a2 2 0 0 1 2 2v1" /><path d="M15 5a2 2 0 1 0 4 0a2 2 0 0 0 -4 0" /><path d="M17 10h2a2 2 0 0 1 2 2v1" /><path d="M5 5a2 2 0 1 0 4 0a2 2 0 0 0 -4 0" /><path d="M3 13v-1a2 2 0 0 1 2 -2h2" />',
  },
  // a date, a period
  "📅": {
    icon: "calendar",
    shapes:
      '<path d="M4 7a2 2 0 0 1 2 -2h12a2 2 0 0 1 2 2v12a2 2 0 0 1 -2 2h-12a2 2 0 0 1 -2 -2v-12" /><path d="M16 3v4" /><path d="M8 3v4" /><path d="M4 11h16" />',
  },
  // done, yes
  "✅": {
    icon: "circle-check",
    shapes: '<path d="M3 12a9 9 0 1 0 18 0a9 9 0 1 0 -18 0" /><path d="M9 12l2 2l4 -4" />',
  },
  // what one likes (the children's self-report)
  "❤": {
    icon: "heart",
    shapes: '<path d="M19.5 12.572l-7.5 7.428l-7.5 -7.428a5 5 0 1 1 7.5 -6.566a5 5 0 1 1 7.5 6.572" />',
  },
  // choosing (the children's self-report)
  "✋": {
    icon: "hand-click",
    shapes:
      '<path d="M8 13v-8.5a1.5 1.5 0 0 1 3 0v7.5" /><path d="M11 11.5v-2a1.5 1.5 0 0 1 3 0v2.5" /><path d="M14 10.5a1.5 1.5 0 0 1 3 0v1.5" /><path d="M17 11.5a1.5 1.5 0 0 1 3 0v4.5a6 6 0 0 1 -6 6h-2h.208a6 6 0 0 1 -5.012 -2.7l-.196 -.3c-.312 -.479 -1.407 -2.388 -3.286 -5.728a1.5 1.5 0 0 1 .536 -2.022a1.867 1.867 0 0 1 2.28 .28l1.47 1.47" /><path d="M5 3l-1 -1" /><path d="M4 7h-1" /><path d="M14 3l1 -1" /><path d="M15 6h1" />',
  },
  // "Je ne sais pas"
  "❓": {
    icon: "help-circle",
    shapes:
      '<path d="M3 12a9 9 0 1 0 18 0a9 9 0 0 0 -18 0" /><path d="M12 16v.01" /><path d="M12 13a2 2 0 0 0 .914 -3.782a1.98 1.98 0 0 0 -2.414 .483" />',
  },
  // "Ce n'est pas mon cas"
  "➖": {
    icon: "circle-minus",
    shapes: '<path d="M3 12a9 9 0 1 0 18 0a9 9 0 1 0 -18 0" /><path d="M9 12l6 0" />',
  },
};

/** The read-aloud button's loudspeaker (not a survey pictogram: the app's own button). Tabler "volume". */
export const SPEAKER = {
  icon: "volume",
  shapes:
    '<path d="M15 8a5 5 0 0 1 0 8" /><path d="M17.7 5a9 9 0 0 1 0 14" /><path d="M6 15h-2a1 1 0 0 1 -1 -1v-4a1 1 0 0 1 1 -1h2l3.5 -4.5a.8 .8 0 0 1 1.5 .5v14a.8 .8 0 0 1 -1.5 .5l-3.5 -4.5" />',
} as const;
export const SPEAKER_SHAPES = SPEAKER.shapes;

/** The key of a pictogram in ICONS and the faces: "🏘️" and "🏘" are the same picture. */
function bare(pictogram: string): string {
  return pictogram.replace(/\uFE0F/g, "");
}

/** Every pictogram with a drawing, faces included (for the tests and docs/writing.md). */
export const DRAWN_PICTOGRAMS: readonly string[] = [...Object.keys(ICONS), "😞", "🙁", "😐", "🙂", "😀"];

/** True when the pictogram has a drawing: a face or an icon. */
export function hasDrawing(pictogram: string): boolean {
  return faceOf(pictogram) !== null || bare(pictogram) in ICONS;
}

/** An icon's shapes as SVG markup, decorative (the words beside say the same). */
export function iconSvg(shapes: string, size: number, className = "pictogram"): string {
  return (
    `<svg class="${className}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="${size}" height="${size}" ` +
    `fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shapes}</svg>`
  );
}

/**
 * The pictogram drawn as SVG markup at `size` CSS pixels (hidden from screen readers: the
 * words say the same): the face for a face, the icon otherwise; null when it has no drawing.
 */
export function pictogramSvg(pictogram: string, size: number): string | null {
  const face = faceOf(pictogram);
  if (face) return faceSvg(face, size);
  const icon = ICONS[bare(pictogram)];
  return icon === undefined ? null : iconSvg(icon.shapes, size, "pictogram pictogram-icon");
}
