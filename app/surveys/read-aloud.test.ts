import { describe, expect, it } from "vitest";
import { pickVoice, readAloudText, speechLang } from "./read-aloud";

describe("readAloudText", () => {
  it("reads the title, the description and the choices, without pictograms", () => {
    expect(
      readAloudText({
        title: "🏫 À l'école, on vous écoute",
        description: "Pensez à cette année",
        choices: ["🙁 Non", "😐 Un peu", "🙂 Oui", "Je ne sais pas"],
      }),
    ).toBe("À l'école, on vous écoute. Pensez à cette année. Non. Un peu. Oui. Je ne sais pas.");
  });

  it("does not double a final punctuation mark, in French or Arabic", () => {
    expect(readAloudText({ title: "Qui répond ?" })).toBe("Qui répond ?");
    expect(readAloudText({ title: "من يجيب؟" })).toBe("من يجيب؟");
  });
});

describe("pickVoice", () => {
  const voices = [
    { lang: "en-US", localService: true, name: "US" },
    { lang: "en-GB", localService: false, name: "GB" },
    { lang: "fr-CA", localService: true, name: "CA" },
    { lang: "fr-FR", localService: true, name: "FR" },
  ];

  it("prefers the main variant of the language", () => {
    expect(pickVoice(voices, "fr")?.name).toBe("FR");
    expect(pickVoice(voices, "en")?.name).toBe("GB");
  });

  it("reads the simplified French with a French voice", () => {
    expect(speechLang("falc")).toBe("fr");
    expect(pickVoice(voices, "falc")?.name).toBe("FR");
  });

  it("finds nothing when the phone has no voice for the language", () => {
    expect(pickVoice(voices, "ar")).toBeUndefined();
    expect(pickVoice([], "fr")).toBeUndefined();
  });

  it("accepts underscores in voice languages (some Android voices)", () => {
    expect(pickVoice([{ lang: "ar_SA" }], "ar")).toEqual({ lang: "ar_SA" });
  });
});
