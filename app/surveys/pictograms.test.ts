import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { FACE_BY_EMOJI, faceOf, faceSvg } from "./faces";
import { splitPictogram } from "./pictogram";
import { DRAWN_PICTOGRAMS, hasDrawing, ICONS, pictogramSvg, SPEAKER } from "./pictograms";
import { readAloudText } from "./read-aloud";

// The pictograms the survey files write (docs/writing.md, "Pictogrammes"): the questions' ones
// of the simplified version, the four- and three-point face scales, the two non-answers.
const QUESTION_PICTOGRAMS = "🌍 🎒 🏘️ 🏛️ 🏠 🏫 👀 👂 💡 📢 🔄 🔍 🗣️ 🙋 🤝 🧠 👪 📅 ✅ ❤️ ✋".split(" ");
const FACES = ["😞", "🙁", "😐", "🙂", "😀"];
const NON_ANSWERS = ["❓", "➖"];

describe("pictogramSvg", () => {
  it("draws every pictogram the survey files may use, as an SVG hidden from screen readers", () => {
    for (const p of [...QUESTION_PICTOGRAMS, ...FACES, ...NON_ANSWERS]) {
      const svg = pictogramSvg(p, 56);
      expect(svg, p).toMatch(/^<svg [^>]*aria-hidden="true"[^>]*>.*<\/svg>$/s);
      expect(svg, p).toContain('width="56" height="56"');
      expect(svg, p).toMatch(/<(path|circle)\b/);
      // No emoji left in the drawing: nothing for a phone's emoji font to draw.
      expect(svg, p).not.toMatch(/\p{Extended_Pictographic}/u);
      expect(DRAWN_PICTOGRAMS, p).toContain(p.replace(/\uFE0F/g, ""));
    }
  });

  it("takes a pictogram with or without its presentation selector alike", () => {
    expect(pictogramSvg("🏘️", 48)).toBe(pictogramSvg("🏘", 48));
    expect(pictogramSvg("🗣\uFE0F", 48)).toBe(pictogramSvg("🗣", 48));
    expect(hasDrawing("🙂\uFE0F")).toBe(true);
  });

  it("gives a different picture to every pictogram (the same idea, the same picture; two ideas, two)", () => {
    const drawings = DRAWN_PICTOGRAMS.map((p) => pictogramSvg(p, 48));
    expect(new Set(drawings).size).toBe(DRAWN_PICTOGRAMS.length);
  });

  it("has no drawing for an emoji it does not know", () => {
    expect(hasDrawing("🦄")).toBe(false);
    expect(pictogramSvg("🦄", 48)).toBeNull();
  });
});

describe("the icons are Tabler Icons' own drawings", () => {
  /** The shapes of the installed package's SVG file (without its tag and its empty frame). */
  function tablerShapes(icon: string): string {
    const file = fs.readFileSync(
      new URL(`../../node_modules/@tabler/icons/icons/outline/${icon}.svg`, import.meta.url),
      "utf8",
    );
    return file
      .replace(/^[\s\S]*?<svg[^>]*>/, "")
      .replace(/<\/svg>[\s\S]*$/, "")
      .replace(/<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*\/>/, "")
      .replace(/\s*\n\s*/g, "");
  }

  it("copies each icon's shapes exactly from @tabler/icons (MIT)", () => {
    for (const [emoji, { icon, shapes }] of [...Object.entries(ICONS), ["🔊", SPEAKER] as const]) {
      expect(shapes, `${emoji} ${icon}`).toBe(tablerShapes(icon));
    }
  });
});

describe("faces", () => {
  it("has the four-point scale (very sad to very happy) and keeps the three-point one", () => {
    expect(FACES.map(faceOf)).toEqual(["very-sad", "sad", "neutral", "happy", "very-happy"]);
    expect(Object.keys(FACE_BY_EMOJI)).toHaveLength(5);
    expect(faceOf("🏫")).toBeNull();
  });

  it("draws five different faces, the very sad one with eyebrows and the very happy one laughing", () => {
    const kinds = ["very-sad", "sad", "neutral", "happy", "very-happy"] as const;
    expect(new Set(kinds.map((k) => faceSvg(k, 48))).size).toBe(5);
    // Two paths (eyebrows, mouth) for the very sad face, one for the others.
    expect(faceSvg("very-sad", 48).match(/<path/g)).toHaveLength(2);
    expect(faceSvg("sad", 48).match(/<path/g)).toHaveLength(1);
    // An open mouth, filled.
    expect(faceSvg("very-happy", 48)).toMatch(/<path d="[^"]+" fill="#161616"/);
  });
});

describe("read-aloud leaves the pictograms out", () => {
  it("for every drawn pictogram, with or without its selector", () => {
    for (const p of [...QUESTION_PICTOGRAMS, ...FACES, ...NON_ANSWERS]) {
      expect(readAloudText({ title: `${p} Les mots`, choices: [`${p} Oui`] }), p).toBe("Les mots. Oui.");
    }
  });
});

// Every survey file, every version, every language: a text that starts with an emoji must start
// with a pictogram that has a drawing (else the phone would show the emoji, or an empty box), and
// no emoji may stand anywhere else in a text.
describe("survey files", () => {
  const dir = new URL("../../surveys/", import.meta.url);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));

  function textsOf(value: unknown, path: string, out: { path: string; text: string }[]) {
    if (typeof value === "string") out.push({ path, text: value });
    else if (Array.isArray(value)) value.forEach((v, i) => textsOf(v, `${path}[${i}]`, out));
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) textsOf(v, `${path}.${k}`, out);
    return out;
  }

  it("finds the survey files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file}: every pictogram has an SVG drawing, and no emoji is left as text`, () => {
      const json: unknown = JSON.parse(fs.readFileSync(new URL(file, dir), "utf8"));
      const problems: string[] = [];
      for (const { path, text } of textsOf(json, file, [])) {
        const { pictogram, text: rest } = splitPictogram(text.trimStart());
        if (pictogram && !hasDrawing(pictogram)) problems.push(`${path}: "${pictogram}" has no drawing`);
        const left = rest.match(/\p{Extended_Pictographic}/u);
        if (left) problems.push(`${path}: "${left[0]}" would be shown as an emoji: "${text}"`);
      }
      expect(problems).toEqual([]);
    });
  }
});
