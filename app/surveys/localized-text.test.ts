import { describe, expect, it } from "vitest";
import { localizedText } from "./localized-text";

describe("localizedText", () => {
  const title = { default: "Oui", en: "Yes", ar: "نعم", falc: "Oui, c'est ça" };

  it("returns a plain string as it is, whatever the locale", () => {
    expect(localizedText("Bonjour")).toBe("Bonjour");
    expect(localizedText("Bonjour", "ar")).toBe("Bonjour");
  });

  it("returns the locale's text when there is one", () => {
    expect(localizedText(title, "en")).toBe("Yes");
    expect(localizedText(title, "ar")).toBe("نعم");
    expect(localizedText(title, "falc")).toBe("Oui, c'est ça");
  });

  it("gives the French default for fr, for no locale, and for a locale without a text", () => {
    expect(localizedText(title)).toBe("Oui");
    expect(localizedText(title, "fr")).toBe("Oui");
    expect(localizedText(title, "de")).toBe("Oui");
    expect(localizedText({ default: "Oui", en: "" }, "en")).toBe("Oui");
  });

  it("falls back from a regional code to its language", () => {
    expect(localizedText(title, "en-GB")).toBe("Yes");
    expect(localizedText(title, "pt-BR")).toBe("Oui");
  });

  it("reads a `fr` key when there is no default, else the first text there is", () => {
    expect(localizedText({ en: "No", fr: "Non" })).toBe("Non");
    expect(localizedText({ en: "", ar: "لا" })).toBe("لا");
  });

  it("gives an empty string for anything that is not a text", () => {
    expect(localizedText(undefined)).toBe("");
    expect(localizedText(null)).toBe("");
    expect(localizedText(3)).toBe("");
    expect(localizedText(["Oui"])).toBe("");
    expect(localizedText({})).toBe("");
    expect(localizedText({ default: 3 })).toBe("");
  });
});
