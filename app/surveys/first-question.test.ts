import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { firstQuestionOf } from "./first-question";

const survey = (id: string) =>
  (
    JSON.parse(fs.readFileSync(new URL(`../../surveys/${id}.v1.json`, import.meta.url), "utf8")) as {
      survey: Record<string, unknown>;
    }
  ).survey;

describe("firstQuestionOf", () => {
  it("gives the parent survey's first question in French with its four answers and 'je ne sais pas'", () => {
    const q = firstQuestionOf(survey("parent"), "fr")!;
    expect(q.name).toBe("d1_asked");
    expect(q.title).toMatch(/^On vous demande votre avis/);
    expect(q.choices.map((c) => c.value)).toEqual([1, 2, 3, 4, "nsp"]);
    expect(q.pictogram).toBeNull();
  });

  it("translates it, and keeps the simplified version's pictogram apart from the title", () => {
    const ar = firstQuestionOf(survey("parent"), "ar")!;
    expect(ar.title).toMatch(/\p{Script=Arabic}/u);
    const falc = firstQuestionOf(survey("parent"), "falc")!;
    expect(falc.pictogram).toMatch(/\p{Extended_Pictographic}/u);
    expect(falc.title).not.toMatch(/^\p{Extended_Pictographic}/u);
  });

  it("draws faces for the face scale and keeps the words", () => {
    const q = firstQuestionOf(survey("child"), "fr")!;
    expect(q.choices.map((c) => [c.face, c.label])).toEqual([
      ["sad", "Non"],
      ["neutral", "Un peu"],
      ["happy", "Oui"],
      [null, "Je ne sais pas"],
    ]);
  });

  it("gives nothing for a first question that is not a plain single choice", () => {
    expect(firstQuestionOf({ pages: [{ elements: [{ type: "comment", name: "x" }] }] }, "fr")).toBeNull();
    expect(
      firstQuestionOf(
        { pages: [{ elements: [{ type: "radiogroup", name: "x", visibleIf: "{a} = 1", choices: [] }] }] },
        "fr",
      ),
    ).toBeNull();
    expect(firstQuestionOf({}, "fr")).toBeNull();
  });
});
