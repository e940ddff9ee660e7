// The pictures the survey files ask for with a leading emoji (app/surveys/pictogram.ts), drawn
// as SVG: a phone without an emoji font shows an empty box for an emoji, and the same emoji
// looks different on every phone. Faces are our own drawings (faces.ts); every other picture
// comes from Tabler Icons (MIT licence, https://tabler.io/icons; notice in THIRD-PARTY-NOTICES.md),
// one file per icon, so only the icons listed here reach the browser. Pure: no Node or browser API.
//
// A survey file may only use a pictogram listed here: tests/unit/pictograms.test.ts reads every
// file in surveys/ and fails on one without a drawing. To add one, import the icon's SVG below and
// add a line to ICONS (docs/writing.md, "Pictogrammes").
import backpack from "@tabler/icons/outline/backpack.svg?raw";
import brain from "@tabler/icons/outline/brain.svg?raw";
import buildingBank from "@tabler/icons/outline/building-bank.svg?raw";
import buildingCommunity from "@tabler/icons/outline/building-community.svg?raw";
import bulb from "@tabler/icons/outline/bulb.svg?raw";
import calendar from "@tabler/icons/outline/calendar.svg?raw";
import circleCheck from "@tabler/icons/outline/circle-check.svg?raw";
import circleMinus from "@tabler/icons/outline/circle-minus.svg?raw";
import ear from "@tabler/icons/outline/ear.svg?raw";
import eye from "@tabler/icons/outline/eye.svg?raw";
import handClick from "@tabler/icons/outline/hand-click.svg?raw";
import handStop from "@tabler/icons/outline/hand-stop.svg?raw";
import heartHandshake from "@tabler/icons/outline/heart-handshake.svg?raw";
import heart from "@tabler/icons/outline/heart.svg?raw";
import helpCircle from "@tabler/icons/outline/help-circle.svg?raw";
import home from "@tabler/icons/outline/home.svg?raw";
import messages from "@tabler/icons/outline/messages.svg?raw";
import refresh from "@tabler/icons/outline/refresh.svg?raw";
import school from "@tabler/icons/outline/school.svg?raw";
import search from "@tabler/icons/outline/search.svg?raw";
import speakerphone from "@tabler/icons/outline/speakerphone.svg?raw";
import usersGroup from "@tabler/icons/outline/users-group.svg?raw";
import volume from "@tabler/icons/outline/volume.svg?raw";
import world from "@tabler/icons/outline/world.svg?raw";
import { faceOf, faceSvg } from "./faces";

/** The drawing inside a Tabler file: its shapes, without the `<svg>` tag and the empty frame. */
function shapesOf(file: string): string {
  return file
    .replace(/^[\s\S]*?<svg[^>]*>/, "")
    .replace(/<\/svg>[\s\S]*$/, "")
    .replace(/<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*\/>/, "")
    .replace(/\s*\n\s*/g, "");
}

/** Each pictogram (the emoji, without its presentation selector U+FE0F) and its icon's shapes. */
const ICONS: Record<string, string> = {
  "🌍": shapesOf(world), // the world, elsewhere
  "🎒": shapesOf(backpack), // school things, homework
  "🏘": shapesOf(buildingCommunity), // the neighbourhood
  "🏛": shapesOf(buildingBank), // the town hall, an institution
  "🏠": shapesOf(home), // home
  "🏫": shapesOf(school), // school
  "👀": shapesOf(eye), // seeing, noticing
  "👂": shapesOf(ear), // being listened to
  "💡": shapesOf(bulb), // an idea
  "📢": shapesOf(speakerphone), // being told, information
  "🔄": shapesOf(refresh), // a change, going back and forth
  "🔍": shapesOf(search), // looking for, finding out
  "🗣": shapesOf(messages), // speaking, giving one's opinion
  "🙋": shapesOf(handStop), // taking part, raising one's hand
  "🤝": shapesOf(heartHandshake), // working together, trust
  "🧠": shapesOf(brain), // what one knows
  "👪": shapesOf(usersGroup), // the family, other parents
  "📅": shapesOf(calendar), // a date, a period
  "✅": shapesOf(circleCheck), // done, yes
  "❤": shapesOf(heart), // what one likes (the children's self-report)
  "✋": shapesOf(handClick), // choosing (the children's self-report)
  "❓": shapesOf(helpCircle), // "Je ne sais pas"
  "➖": shapesOf(circleMinus), // "Ce n'est pas mon cas"
};

/** The read-aloud button's loudspeaker (not a survey pictogram: the app's own button). */
export const SPEAKER_SHAPES = shapesOf(volume);

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
  const shapes = ICONS[bare(pictogram)];
  return shapes === undefined ? null : iconSvg(shapes, size, "pictogram pictogram-icon");
}
