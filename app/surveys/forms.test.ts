import { describe, expect, it } from "vitest";
import type { SurveyDefinition } from "./definition";
import { formOf, hasShortForm } from "./forms";

const item = { dimension: "D1" as const, min: 1, max: 4, reverse: false };
const def: SurveyDefinition = {
  id: "t",
  version: 2,
  audience: "P",
  title: "T",
  locales: ["fr"],
  minutes: 3,
  scoring: { a: item, b: item, c: item },
  short: ["a", "c"],
  survey: {
    pages: [
      { name: "p1", elements: [{ type: "radiogroup", name: "a" }] },
      { name: "p2", elements: [{ type: "radiogroup", name: "b" }] },
      { name: "p3", elements: [{ type: "radiogroup", name: "c" }, { type: "comment", name: "free" }] },
    ],
  },
};

describe("formOf", () => {
  it("keeps the long form whole", () => {
    expect(formOf(def, "long")).toBe(def);
  });

  it("keeps only the short form's questions, pages and scoring entries", () => {
    const short = formOf(def, "short");
    const pages = short.survey.pages as { name: string; elements: { name: string }[] }[];
    expect(pages.map((p) => p.name)).toEqual(["p1", "p3"]);
    expect(pages[1]!.elements.map((e) => e.name)).toEqual(["c"]);
    expect(Object.keys(short.scoring)).toEqual(["a", "c"]);
    expect(short.version).toBe(2);
    // The long form is untouched.
    expect((def.survey.pages as unknown[]).length).toBe(3);
  });

  it("refuses a short form the file does not have", () => {
    const { short: _short, ...noShort } = def;
    expect(hasShortForm(noShort)).toBe(false);
    expect(() => formOf(noShort, "short")).toThrow(/no short form/);
  });
});
