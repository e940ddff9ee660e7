import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type SurveyDefinition, ZSurveyDefinition } from "./definition";
import { readingOf } from "./duration";

const file = (name: string): SurveyDefinition =>
  ZSurveyDefinition.parse(JSON.parse(fs.readFileSync(path.resolve("surveys", name), "utf8")));

describe("the stated duration", () => {
  it("counts the words of every screen (titles and answers) and one screen per question", () => {
    const def = {
      survey: {
        pages: [
          {
            elements: [
              {
                type: "radiogroup",
                name: "a",
                title: { default: "Un deux trois quatre.", en: "One two." },
                choices: [
                  { value: 1, text: { default: "Oui", en: "Yes" } },
                  { value: 2, text: "Non merci" },
                ],
              },
            ],
          },
          { elements: [{ type: "comment", name: "b", title: "Cinq six" }] },
        ],
      },
    };
    expect(readingOf(def, "fr")).toEqual({ words: 4 + 1 + 2 + 2, screens: 2, minutes: 1 });
    expect(readingOf(def, "en").words).toBe(2 + 1 + 2 + 2);
  });

  it("is 100 words a minute plus 5 seconds a screen, rounded up", () => {
    const question = (name: string) => ({ type: "comment", name, title: Array(50).fill("mot").join(" ") });
    // 12 screens of 50 words: 600 words = 6 min, 12 × 5 s = 1 min.
    const def = {
      survey: { pages: Array.from({ length: 12 }, (_, i) => ({ elements: [question(`q${i}`)] })) },
    };
    expect(readingOf(def, "fr")).toEqual({ words: 600, screens: 12, minutes: 7 });
  });

  it("states more than the 7 minutes the first parent questionnaire announced", () => {
    const parent = readingOf(file("parent.v1.json"), "fr");
    expect(parent.screens).toBe(28);
    expect(parent.minutes).toBeGreaterThan(7);
  });
});
