import { describe, expect, it } from "vitest";
import {
  DICTIONARIES,
  dir,
  formatDateIn,
  formatMessage,
  htmlLang,
  isFrenchOnlyPath,
  isLocale,
  LOCALES,
  type MessageKey,
  messageVariables,
  surveyLocaleFor,
  t,
} from "./i18n";

const french = DICTIONARIES.fr;
const frenchKeys = Object.keys(french).sort();

describe("dictionaries", () => {
  for (const locale of LOCALES) {
    describe(locale, () => {
      const dictionary: Record<string, string> = DICTIONARIES[locale];

      it("has every French key and no other", () => {
        const keys = Object.keys(dictionary).sort();
        expect(
          frenchKeys.filter((k) => !keys.includes(k)),
          "keys missing",
        ).toEqual([]);
        expect(
          keys.filter((k) => !frenchKeys.includes(k)),
          "keys French does not have",
        ).toEqual([]);
      });

      it("has no empty message", () => {
        expect(Object.entries(dictionary).filter(([, text]) => text.trim() === "")).toEqual([]);
      });

      it("uses the same variables as French in every message", () => {
        const differing = frenchKeys.flatMap((key) => {
          const text = dictionary[key];
          if (text === undefined) return [];
          const mine = [...messageVariables(text)].sort();
          const theirs = [...messageVariables(french[key as MessageKey])].sort();
          return mine.join() === theirs.join() ? [] : [{ key, [locale]: mine, fr: theirs }];
        });
        expect(differing).toEqual([]);
      });

      it("formats every message without leaving a variable unfilled", () => {
        for (const key of frenchKeys) {
          const vars = Object.fromEntries(
            [...messageVariables(french[key as MessageKey])].map((name) => [name, 3]),
          );
          const text = t(locale, key as MessageKey, vars);
          // SurveyJS's own {0} {1} are filled in by SurveyJS.
          expect(text.replace(/\{[01]\}/g, ""), key).not.toMatch(/[{}]/);
        }
      });
    });
  }
});

describe("the simplified version", () => {
  // docs/writing.md: one sentence per line (a line break in the message), about 15 words at most,
  // no brackets or point médian ("concerné·e").
  it("keeps to one short sentence per line", () => {
    const shown = (Object.keys(DICTIONARIES.falc) as MessageKey[]).flatMap((key) =>
      [0, 1, 3].map((n) => {
        const vars = Object.fromEntries([...messageVariables(french[key])].map((name) => [name, n]));
        return [key, t("falc", key, vars)] as const;
      }),
    );
    const problems = shown.flatMap(([key, text]) =>
      text.split("\n").flatMap((line) => {
        const words = line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
        const found: string[] = [];
        if (/[.!?…]\s+\p{L}/u.test(line)) found.push("two sentences on one line");
        if (words.length > 15) found.push(`${words.length} words`);
        if (/[·(]/u.test(line)) found.push("brackets or point médian");
        return found.map((problem) => `${key}: ${problem}: "${line}"`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('is never called FALC or "facile à lire" on screen (not proofread yet)', () => {
    const named = Object.entries(DICTIONARIES.falc).filter(([, text]) => /falc|facile à lire/i.test(text));
    expect(named).toEqual([]);
  });
});

describe("t", () => {
  it("fills in variables", () => {
    expect(t("fr", "common.minutes", { minutes: 7 })).toBe("Environ 7 minutes.");
    expect(t("en", "unavailable.dates.closed", { opens: "1 March", closes: "2 April" })).toBe(
      "It was open from 1 March to 2 April.",
    );
  });

  it("chooses the plural form of the language", () => {
    expect(t("fr", "consent.missing", { count: 1 })).toBe("Il manque un accord :");
    expect(t("fr", "consent.missing", { count: 2 })).toBe("Il manque 2 accords :");
    expect(t("fr", "results.council.met", { met: 0, total: 9 })).toBe(
      "Le conseil estime qu'aucun des 9 critères n'est rempli.",
    );
    expect(t("fr", "results.council.met", { met: 5, total: 9 })).toBe(
      "Le conseil estime que 5 critères sur 9 sont remplis.",
    );
    expect(t("en", "results.total", { count: 1 })).toBe("Results based on 1 answer.");
    // Arabic: 2 is a dual, 3–10 a plural, 11 and more a singular noun.
    expect(t("ar", "results.responses", { count: 2 })).toBe("إجابتان.");
    expect(t("ar", "results.responses", { count: 7 })).toBe("7 إجابات.");
    expect(t("ar", "results.responses", { count: 25 })).toBe("25 إجابة.");
  });

  it("reads ICU-style plurals with nested variables and exact matches", () => {
    const text = "{n, plural, =0 {none of {total}} one {# of {total}} other {# of {total}, {who}}}";
    expect(formatMessage(text, "en", { n: 0, total: 4 })).toBe("none of 4");
    expect(formatMessage(text, "en", { n: 1, total: 4 })).toBe("1 of 4");
    expect(formatMessage(text, "en", { n: 3, total: 4, who: "us" })).toBe("3 of 4, us");
    expect([...messageVariables(text)].sort()).toEqual(["n", "total", "who"]);
  });

  it("refuses a malformed plural", () => {
    expect(() => messageVariables("{n, plural, one {x}}")).toThrow(/other/);
    expect(() => messageVariables("{n, select, a {x} other {y}}")).toThrow(/unsupported/);
    expect(() => messageVariables("{n")).toThrow(/unbalanced/);
  });
});

describe("locales", () => {
  it("knows its four locales and nothing else", () => {
    expect(LOCALES).toEqual(["fr", "en", "ar", "falc"]);
    expect(isLocale("ar")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  it("writes Arabic right to left and the simplified version as French", () => {
    expect(dir("ar")).toBe("rtl");
    expect(dir("falc")).toBe("ltr");
    expect(htmlLang("falc")).toBe("fr");
    expect(htmlLang("ar")).toBe("ar");
  });

  it("shows a survey in the page's language when it has it, else in its first", () => {
    expect(surveyLocaleFor(["fr", "en", "ar", "falc"], "falc")).toBe("falc");
    expect(surveyLocaleFor(["fr", "en", "ar"], "falc")).toBe("fr");
    expect(surveyLocaleFor(["fr"], "ar")).toBe("fr");
  });

  it("keeps the coordinators' area French", () => {
    expect(isFrenchOnlyPath("/tableau")).toBe(true);
    expect(isFrenchOnlyPath("/tableau/campagnes/demo")).toBe(true);
    expect(isFrenchOnlyPath("/connexion")).toBe(true);
    expect(isFrenchOnlyPath("/s/demo")).toBe(false);
    expect(isFrenchOnlyPath("/tableaux")).toBe(false);
  });

  it("writes dates in the language, with Western digits", () => {
    const iso = "2027-03-01T10:00:00.000Z";
    expect(formatDateIn("fr", iso)).toBe("1er mars 2027");
    expect(formatDateIn("falc", iso)).toBe("1er mars 2027");
    expect(formatDateIn("en", iso)).toBe("1 March 2027");
    expect(formatDateIn("ar", iso)).toBe("1 مارس 2027");
  });
});
