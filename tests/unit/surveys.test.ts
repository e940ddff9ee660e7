/**
 * Checks every questionnaire in `surveys/` against the wrapper schema, survey-core's own
 * JSON checks, and the conventions the app relies on (one question per page, scoring keys,
 * scales, dimensions allowed per audience; see docs/indicators.md),
 * and its translations: every string a respondent sees is written in every locale the
 * survey declares (docs/writing.md; the easy-to-read `falc` variant has a pictogram per question).
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Model, QuestionSelectBase, surveyLocalization, type Question } from "survey-core";
import { AUDIENCES_BY_DIMENSION, DIMENSIONS } from "../../app/surveys/audiences";
import { createSurveyModel } from "../../app/surveys/adapter";
import { readingOf } from "../../app/surveys/duration";
import { formOf } from "../../app/surveys/forms";
import { DONT_KNOW, NOT_APPLICABLE } from "../../app/surveys/non-answers";
import { scoreResponse } from "../../app/indicators/scoring";
import { FACE_BY_EMOJI } from "../../app/surveys/faces";
import { localizedText } from "../../app/surveys/localized-text";
import { LEADING_PICTOGRAM } from "../../app/surveys/pictogram";
import { ZSurveyDefinition, type Dimension, type SurveyDefinition } from "../../app/surveys/definition";

const SURVEYS_DIR = new URL("../../surveys/", import.meta.url);

const MIN_ITEMS_PER_DIMENSION = 3;
/**
 * The only non-numeric choices allowed on a scored item, never scored: version 1 has "nsp" alone
 * ("Je ne sais pas / pas concerné·e"); from version 2 every scored item ends with both, in this
 * order: "nsp" ("Je ne sais pas") then "nc" ("Ce n'est pas mon cas").
 */
const NON_ANSWER_VALUES: readonly unknown[] = [DONT_KNOW, NOT_APPLICABLE];

const files = readdirSync(SURVEYS_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();

function load(file: string): {
  raw: unknown;
  def: SurveyDefinition;
  model: Model;
} {
  const raw: unknown = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8"));
  const def = ZSurveyDefinition.parse(raw);
  return { raw, def, model: new Model(def.survey) };
}

/** The council's collective record: audience C, filled by the facilitator, nothing scored. */
function isCouncilRecord(def: SurveyDefinition): boolean {
  return def.id === "council-record";
}

function questionByName(model: Model, name: string): Question {
  const question = model.getQuestionByName(name);
  if (!question) throw new Error(`no question named "${name}"`);
  return question;
}

it("finds at least the four questionnaires (P, Px, Y, A)", () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

describe.each(files)("%s", (file) => {
  it("is named <id>.v<version>.json", () => {
    const raw = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8")) as {
      id?: unknown;
      version?: unknown;
    };
    expect(file).toBe(`${String(raw.id)}.v${String(raw.version)}.json`);
  });

  it("passes the wrapper schema (ZSurveyDefinition)", () => {
    const raw: unknown = JSON.parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8"));
    expect(() => ZSurveyDefinition.parse(raw)).not.toThrow();
  });

  it("loads in survey-core without JSON errors", () => {
    const { model } = load(file);
    // survey-core v3 leaves `jsonErrors` null when the JSON is clean, and fills it with
    // JsonError objects for unknown properties, unknown types, missing required properties.
    const errors = (model.jsonErrors ?? []).map((error) => error.getFullDescription());
    expect(errors).toEqual([]);
    expect(model.getAllQuestions().length).toBeGreaterThan(0);
  });

  it("uses the survey-level settings the app relies on", () => {
    const { def, model } = load(file);
    expect(def.survey).not.toHaveProperty("title");
    expect(model.showProgressBar).toBe(true);
    expect(model.progressBarType).toBe("pages");
    expect(model.isShowProgressBarOnTop).toBe(true);
    expect(model.showQuestionNumbers).toBe("off");
    expect(model.checkErrorsMode).toBe("onNextPage");
    expect(model.widthMode).toBe("responsive");
  });

  it("has exactly one question per page", () => {
    const { model } = load(file);
    expect(model.pages.length).toBeGreaterThan(0);
    for (const page of model.pages) {
      expect(page.elements.length, `page ${page.name}`).toBe(1);
      expect(page.questions.length, `page ${page.name}`).toBe(1);
    }
  });

  it("has unique question names", () => {
    const { model } = load(file);
    const names = model.getAllQuestions(false, false, true).map((q) => q.name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it("scores only existing, required questions whose numeric choices are exactly min..max", () => {
    const { def, model } = load(file);
    // The council's record (opinion and self-assessment) is reported apart, never scored.
    if (isCouncilRecord(def)) expect(def.scoring).toEqual({});
    else expect(Object.keys(def.scoring).length).toBeGreaterThan(0);
    for (const [name, item] of Object.entries(def.scoring)) {
      const question = questionByName(model, name);
      expect(question.isRequired, `${name} is required`).toBe(true);
      expect(question, `${name} has choices`).toBeInstanceOf(QuestionSelectBase);
      const values = (question as QuestionSelectBase).choices.map((choice) => choice.value as unknown);
      const numeric = values.filter((value): value is number => typeof value === "number");
      const expected = Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
      expect(numeric, `${name} numeric values`).toEqual(expected);
      const other = values.filter((value) => typeof value !== "number");
      if (def.version >= 2) {
        expect(values.slice(-2), `${name}: the two non-answers, last`).toEqual([DONT_KNOW, NOT_APPLICABLE]);
        expect(other, `${name} other values`).toEqual([DONT_KNOW, NOT_APPLICABLE]);
      } else
        expect(
          other.every((value) => NON_ANSWER_VALUES.includes(value)),
          `${name} other values`,
        ).toBe(true);
    }
  });

  it("uses only dimensions allowed for its audience, each with at least 3 scored items", () => {
    const { def } = load(file);
    const counts = new Map<Dimension, number>();
    for (const item of Object.values(def.scoring)) {
      counts.set(item.dimension, (counts.get(item.dimension) ?? 0) + 1);
    }
    for (const [dimension, count] of counts) {
      expect(AUDIENCES_BY_DIMENSION[dimension], `${dimension} for ${def.audience}`).toContain(def.audience);
      expect(count, `${dimension} scored items`).toBeGreaterThanOrEqual(MIN_ITEMS_PER_DIMENSION);
    }
  });

  it("never requires a free-text answer from a respondent; a council record requires its evidence", () => {
    const { def, model } = load(file);
    const comments = model.getAllQuestions().filter((q) => q.getType() === "comment");
    for (const question of comments) {
      // The facilitator writes the council's opinion and one line of evidence per criterion
      // with the group (docs/indicators.md, audience C): those are the record, not optional extras.
      expect(question.isRequired, `${question.name} required?`).toBe(isCouncilRecord(def));
    }
  });
});

// ---------------------------------------------------------------------------------------
// Translations
// ---------------------------------------------------------------------------------------

/** The default locale: its text is the `default` of a multi-locale string (no `fr` key). */
const DEFAULT_LOCALE = "fr";
/** The easy-to-read French variant ("facile à lire"). */
const FALC = "falc";

/** SurveyJS properties holding text a respondent sees (localizable strings). */
const LOCALIZABLE_KEYS = new Set([
  "title",
  "description",
  "text",
  "placeholder",
  "otherText",
  "otherPlaceholder",
  "noneText",
  "commentText",
  "commentPlaceholder",
  "requiredErrorText",
  "completeText",
  "pagePrevText",
  "pageNextText",
  "startSurveyText",
  "labelTrue",
  "labelFalse",
  "minRateDescription",
  "maxRateDescription",
  "html",
  "completedHtml",
  "completedBeforeHtml",
  "loadingHtml",
]);

interface LocalizableString {
  /** Where it sits in the file, e.g. `survey.pages[3].elements[0].choices[1].text`. */
  path: string;
  value: unknown;
}

/** Every localizable string of a survey file (the wrapper's title and the SurveyJS JSON). */
function localizableStrings(raw: unknown): LocalizableString[] {
  const out: LocalizableString[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${path}[${i}]`));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        const at = path ? `${path}.${key}` : key;
        if (LOCALIZABLE_KEYS.has(key) && (typeof value === "string" || isTextRecord(value)))
          out.push({ path: at, value });
        else walk(value, at);
      }
    }
  };
  const { title, survey } = raw as { title: unknown; survey: unknown };
  out.push({ path: "title", value: title });
  walk(survey, "survey");
  return out;
}

/** A multi-locale string (`{ default, en, … }`), as opposed to a nested SurveyJS object. */
function isTextRecord(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")
  );
}

/** Text that has words in it; emoji-only or number-only text may stay the same in every locale. */
const hasWords = (text: string) => /\p{L}/u.test(text);

/** The simplified four-point scale (version 2): a face before each answer, the words under it. */
const FALC_FOUR_POINTS = ["😞 Non, pas du tout", "🙁 Plutôt non", "🙂 Plutôt oui", "😀 Oui, tout à fait"];
/** The simplified non-answers (version 2). */
const FALC_NON_ANSWERS = ["❓ Je ne sais pas", "➖ Ce n'est pas mon cas"];
/**
 * The pictograms a simplified question title may start with (version 2): each is drawn as an
 * SVG icon by the app, so no other may appear.
 */
const FALC_PICTOGRAMS = [
  "🌍",
  "🎒",
  "🏘️",
  "🏛️",
  "🏠",
  "🏫",
  "👀",
  "👂",
  "💡",
  "📢",
  "🔄",
  "🔍",
  "🗣️",
  "🙋",
  "🤝",
  "🧠",
  "👪",
  "📅",
  "✅",
];

/** At most this many words on one line of easy-to-read text (docs/writing.md: about 15). */
const FALC_MAX_WORDS_PER_LINE = 15;

/** What breaks the easy-to-read rules in one FALC text (one sentence per line, no abbreviations…). */
function falcProblems(text: string): string[] {
  const problems: string[] = [];
  for (const line of text.split("\n")) {
    const words = line.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (/[.!?…]\s+\S/u.test(line)) problems.push(`two sentences on one line: "${line}"`);
    if (words.length > FALC_MAX_WORDS_PER_LINE) problems.push(`${words.length} words on one line: "${line}"`);
    if (/(^|[^\p{L}])\p{Lu}{2,}(?!\p{L})/u.test(line)) problems.push(`abbreviation or capitals: "${line}"`);
    if (/[·•]/u.test(line)) problems.push(`point médian: "${line}"`);
    if (/\(/u.test(line)) problems.push(`brackets: "${line}"`);
  }
  return problems;
}

describe("translations", () => {
  // survey-core's own default locale is English: with it, `model.locale = "en"` means "the
  // default", which is our French text. French is our default locale, so it must be told so
  // (the app's SurveyJS adapter needs the same line for English to show).
  let previousDefault: string;
  beforeAll(() => {
    previousDefault = surveyLocalization.defaultLocale;
    surveyLocalization.defaultLocale = DEFAULT_LOCALE;
  });
  afterAll(() => {
    surveyLocalization.defaultLocale = previousDefault;
  });

  it("the wrapper takes a title as text or { default, … }, never without its French default", () => {
    const wrapper = {
      id: "x",
      version: 1,
      audience: "P",
      locales: ["fr", "en"],
      minutes: 1,
      scoring: {},
      survey: {},
    };
    expect(ZSurveyDefinition.safeParse({ ...wrapper, title: "Questionnaire" }).success).toBe(true);
    expect(
      ZSurveyDefinition.safeParse({ ...wrapper, title: { default: "Questionnaire", en: "Survey" } }).success,
    ).toBe(true);
    expect(ZSurveyDefinition.safeParse({ ...wrapper, title: { en: "Survey" } }).success).toBe(false);
    expect(ZSurveyDefinition.safeParse({ ...wrapper, title: { default: "", en: "Survey" } }).success).toBe(
      false,
    );
  });

  it("the adapter's pictogram pattern recognises a leading emoji, and only that", () => {
    expect(LEADING_PICTOGRAM.exec("🏫 À l'école")?.[1]).toBe("🏫");
    expect(LEADING_PICTOGRAM.exec("🗣️ Votre avis")?.[1]).toBe("🗣️");
    expect(LEADING_PICTOGRAM.test("À l'école")).toBe(false);
  });

  describe.each(files)("%s", (file) => {
    it("lists French first, each locale once", () => {
      const { def } = load(file);
      expect(def.locales[0], `${file}: locales`).toBe(DEFAULT_LOCALE);
      expect(new Set(def.locales).size, `${file}: locales ${def.locales.join(", ")}`).toBe(
        def.locales.length,
      );
    });

    it("writes every localizable string in every locale of the survey, and in no other", () => {
      const { raw, def } = load(file);
      const others = def.locales.filter((locale) => locale !== DEFAULT_LOCALE);
      const expectedKeys = ["default", ...others].sort();
      const problems: string[] = [];
      for (const { path, value } of localizableStrings(raw)) {
        if (typeof value === "string") {
          if (others.length > 0)
            problems.push(`${file} ${path}: plain text, expected { ${expectedKeys.join(", ")} }`);
          else if (value.trim() === "") problems.push(`${file} ${path}: empty text`);
          continue;
        }
        if (!isTextRecord(value)) {
          problems.push(`${file} ${path}: neither text nor { default, … }`);
          continue;
        }
        for (const key of expectedKeys) {
          const text = value[key];
          if (typeof text !== "string" || text.trim() === "")
            problems.push(`${file} ${path}: missing "${key}"`);
        }
        for (const key of Object.keys(value)) {
          if (!expectedKeys.includes(key))
            problems.push(
              `${file} ${path}: "${key}" is not one of the survey's locales (${expectedKeys.join(", ")})`,
            );
        }
      }
      expect(problems).toEqual([]);
    });

    it("translates: English and Arabic texts differ from the French, Arabic is written in Arabic", () => {
      const { raw, def } = load(file);
      const problems: string[] = [];
      for (const { path, value } of localizableStrings(raw)) {
        if (!isTextRecord(value)) continue;
        const french = value.default as string;
        for (const locale of def.locales.filter((l) => l === "en" || l === "ar")) {
          const text = value[locale] as string | undefined;
          if (text === undefined) continue; // reported by the completeness check
          if (hasWords(french) && text === french)
            problems.push(`${file} ${path}: "${locale}" is the French text`);
          if (locale === "ar" && hasWords(french) && !/\p{Script=Arabic}/u.test(text))
            problems.push(`${file} ${path}: "ar" has no Arabic letters`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("keeps a choice's leading face in every locale (the app draws the face from it)", () => {
      const { raw } = load(file);
      const problems: string[] = [];
      for (const { path, value } of localizableStrings(raw)) {
        if (!isTextRecord(value)) continue;
        const face = Object.keys(FACE_BY_EMOJI).find((emoji) =>
          (value.default as string).startsWith(`${emoji} `),
        );
        for (const [locale, text] of Object.entries(value)) {
          const starts = typeof text === "string" && text.startsWith(`${face ?? ""} `);
          if (face && !starts) problems.push(`${file} ${path}: "${locale}" lost the face ${face}`);
          const other = Object.keys(FACE_BY_EMOJI).find((emoji) => String(text).startsWith(emoji));
          // The simplified version leads its four-point choices with faces the others do not have.
          const falcScale = locale === FALC && FALC_FOUR_POINTS.includes(String(text));
          if (!face && other && !falcScale)
            problems.push(`${file} ${path}: "${locale}" starts with a face ${other}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it("shows every question in each locale with its own title (survey-core, locale switched)", () => {
      const { def } = load(file);
      const french = new Model(def.survey);
      french.locale = DEFAULT_LOCALE;
      const frenchTitles = new Map(french.getAllQuestions().map((q) => [q.name, q.title]));
      const problems: string[] = [];
      for (const locale of def.locales.filter((l) => l !== DEFAULT_LOCALE)) {
        const model = new Model(def.survey);
        model.locale = locale;
        expect(model.locale, `${file}: locale ${locale}`).toBe(locale);
        if (localizedText(def.title, locale) === localizedText(def.title))
          problems.push(`${file} title: "${locale}" is the French title`);
        for (const question of model.getAllQuestions()) {
          const title = frenchTitles.get(question.name)!;
          if (question.title === title)
            problems.push(`${file} ${question.name}: "${locale}" title is French`);
          if (locale === FALC || !(question instanceof QuestionSelectBase)) continue;
          const frenchQuestion = french.getQuestionByName(question.name) as QuestionSelectBase;
          question.choices.forEach((choice, i) => {
            const frenchText = frenchQuestion.choices[i]!.text;
            if (hasWords(frenchText) && choice.text === frenchText)
              problems.push(
                `${file} ${question.name} choice ${String(choice.value)}: "${locale}" text is French`,
              );
          });
        }
      }
      expect(problems).toEqual([]);
    });

    it("in the easy-to-read variant, starts every question with a pictogram and follows the FALC rules", () => {
      const { raw, def, model } = load(file);
      if (!def.locales.includes(FALC)) return;
      model.locale = FALC;
      const problems: string[] = [];
      for (const question of model.getAllQuestions()) {
        const match = LEADING_PICTOGRAM.exec(question.title);
        const scored = def.scoring[question.name] ? "scored " : "";
        if (!match) problems.push(`${file} ${scored}${question.name}: FALC title has no leading pictogram`);
        else if (FACE_BY_EMOJI[match[1]!.replace("\uFE0F", "")])
          problems.push(`${file} ${question.name}: a face is kept for the answer scale, not a pictogram`);
      }
      for (const { path, value } of localizableStrings(raw)) {
        if (!isTextRecord(value) || typeof value[FALC] !== "string") continue;
        for (const problem of falcProblems(value[FALC])) problems.push(`${file} ${path}: ${problem}`);
      }
      expect(problems).toEqual([]);
    });

    it("in the easy-to-read variant, keeps the same questions, values and scoring", () => {
      const { def } = load(file);
      if (!def.locales.includes(FALC)) return;
      const french = new Model(def.survey);
      const easy = new Model(def.survey);
      easy.locale = FALC;
      const shape = (m: Model) =>
        m.getAllQuestions().map((q) => ({
          name: q.name,
          type: q.getType(),
          required: q.isRequired,
          values: q instanceof QuestionSelectBase ? q.choices.map((c) => c.value as unknown) : null,
        }));
      expect(shape(easy)).toEqual(shape(french));
      for (const name of Object.keys(def.scoring)) expect(easy.getQuestionByName(name), name).toBeTruthy();
    });
  });
});

// ---------------------------------------------------------------------------------------
// Version 2 (issue 14): two non-answers, conditions, short form, simplified scales, durations
// ---------------------------------------------------------------------------------------

const v2Files = files.filter((file) => /\.v2\.json$/.test(file));
/** The questionnaires people answer one by one, version 2: each has a short form. */
const INDIVIDUAL_V2 = ["parent.v2.json", "child.v2.json", "youth.v2.json", "young-adult.v2.json"];

interface ChoiceJson {
  value: unknown;
  text: Record<string, string>;
}
interface QuestionJsonV2 {
  name: string;
  type: string;
  title: Record<string, string>;
  visibleIf?: string;
  choices?: ChoiceJson[];
}
const questionsJsonOf = (def: SurveyDefinition) =>
  (def.survey.pages as { elements: QuestionJsonV2[] }[]).flatMap((page) => page.elements);

/** The answers of one person who gives `value` to every shown scored item (others: first choice). */
function answersShown(def: SurveyDefinition, given: Record<string, unknown>, value: unknown) {
  const model = createSurveyModel(def.survey);
  const answers: Record<string, unknown> = { ...given };
  for (let round = 0; round < 3; round++) {
    model.data = answers;
    for (const q of model.getAllQuestions(true)) {
      if (q.name in answers || !q.isRequired) continue;
      const values = (q as QuestionSelectBase).choices.map((c) => c.value as unknown);
      const item = def.scoring[q.name];
      // A reverse-coded item gets the opposite answer, so every item says the same thing.
      answers[q.name] =
        item && typeof value === "number" && item.reverse
          ? item.max + item.min - value
          : item
            ? value
            : values[0];
    }
  }
  return answers;
}

describe("version 2", () => {
  it("has a version 2 of every questionnaire and of the council's items", () => {
    expect(v2Files).toEqual([...INDIVIDUAL_V2, "council-items.v2.json"].sort());
  });

  describe.each(v2Files)("%s", (file) => {
    it("is written in French, English, Arabic and the simplified French", () => {
      expect(load(file).def.locales).toEqual(["fr", "en", "ar", "falc"]);
    });

    it("offers both non-answers, worded the same everywhere, and scores neither", () => {
      const { def } = load(file);
      for (const q of questionsJsonOf(def).filter((q) => def.scoring[q.name])) {
        const [dontKnow, notMine] = q.choices!.slice(-2);
        expect(dontKnow!.text, q.name).toEqual({
          default: "Je ne sais pas",
          en: "I don't know",
          ar: "لا أعرف",
          falc: FALC_NON_ANSWERS[0],
        });
        expect(notMine!.text, q.name).toEqual({
          default: "Ce n'est pas mon cas",
          en: "This does not apply to me",
          ar: "هذا لا ينطبق عليّ",
          falc: FALC_NON_ANSWERS[1],
        });
      }
      // Someone who answers "Je ne sais pas" (or "Ce n'est pas mon cas") to everything has no score.
      for (const value of [DONT_KNOW, NOT_APPLICABLE]) {
        const answers = answersShown(def, {}, value);
        expect(scoreResponse(answers, def.scoring), `${file} all ${value}`).toEqual({});
      }
      // One non-answer among agreeing answers leaves the others' mean unchanged.
      const agreeing = answersShown(def, {}, def.audience === "Px" || def.audience === "C" ? 3 : 4);
      const first = Object.keys(def.scoring).find((name) => name in agreeing)!;
      const scores = scoreResponse({ ...agreeing, [first]: DONT_KNOW }, def.scoring);
      for (const score of Object.values(scores)) expect(score).toBe(100);
    });

    it("has no middle dot in any language (it reads badly aloud)", () => {
      const { raw } = load(file);
      const dotted = localizableStrings(raw).filter(({ value }) => /[·•]/u.test(JSON.stringify(value)));
      expect(dotted.map((s) => s.path)).toEqual([]);
    });

    it("leads the simplified scales with faces, and each simplified title with a pictogram of the set", () => {
      const { def } = load(file);
      const problems: string[] = [];
      for (const q of questionsJsonOf(def)) {
        const match = LEADING_PICTOGRAM.exec(q.title.falc ?? "");
        if (!match || !FALC_PICTOGRAMS.includes(match[1]!))
          problems.push(`${q.name}: pictogram ${match?.[1] ?? "none"} is not in the set`);
        const item = def.scoring[q.name];
        if (!item) continue;
        const falc = q.choices!.map((c) => c.text.falc);
        const expected = item.max === 4 ? FALC_FOUR_POINTS : ["🙁 Non", "😐 Un peu", "🙂 Oui"]; // three points: faces everywhere
        expect(falc, q.name).toEqual([...expected, ...FALC_NON_ANSWERS]);
      }
      expect(problems).toEqual([]);
    });

    it("shows a question only after answers given earlier (conditions point backwards)", () => {
      const { def } = load(file);
      const seen = new Set<string>();
      for (const q of questionsJsonOf(def)) {
        for (const [, name] of (q.visibleIf ?? "").matchAll(/\{(\w+)\}/g)) {
          expect(seen.has(name!), `${q.name} depends on ${name} asked before`).toBe(true);
        }
        seen.add(q.name);
      }
    });
  });

  describe.each(["parent.v2.json", "youth.v2.json", "young-adult.v2.json"])(
    "%s (Lundy's chain, awareness)",
    (file) => {
      it("asks d1_feedback and d1_changed only of people who say they were asked (d1_asked 3 or 4)", () => {
        const { def } = load(file);
        const model = createSurveyModel(def.survey);
        for (const [asked, shown] of [
          [1, false],
          [2, false],
          [DONT_KNOW, false],
          [NOT_APPLICABLE, false],
          [3, true],
          [4, true],
        ] as const) {
          model.data = { d1_asked: asked };
          expect(questionByName(model, "d1_feedback").isVisible, `d1_asked ${asked}`).toBe(shown);
          expect(questionByName(model, "d1_changed").isVisible, `d1_asked ${asked}`).toBe(shown);
        }
        // The half rule: someone never asked still has a D1 score from the three items they answered.
        const notAsked = answersShown(def, { d1_asked: 1 }, 3);
        expect(notAsked).not.toHaveProperty("d1_feedback");
        expect(scoreResponse(notAsked, def.scoring).D1).toBeCloseTo((0 + 66.667 + 66.667) / 3, 2);
      });

      it("asks about the Cité éducative only people who have heard of it (d7_aware)", () => {
        const { def } = load(file);
        const model = createSurveyModel(def.survey);
        const presumes = ["d7_explained", "d7_voice", "d7_members"];
        model.data = { d7_aware: "no" };
        for (const name of presumes) expect(questionByName(model, name).isVisible, name).toBe(false);
        model.data = { d7_aware: "yes" };
        for (const name of presumes) expect(questionByName(model, name).isVisible, name).toBe(true);
        // Unaware: one D7 item of three answered, so no D7 score (the half rule).
        expect(scoreResponse(answersShown(def, { d7_aware: "no" }, 4), def.scoring)).not.toHaveProperty("D7");
      });

      it("asks facts as oui / non, unscored: d6_together, d7_members, the formal roles", () => {
        const { def, model } = load(file);
        for (const name of ["d6_together", "d7_members", "role_delegate", "role_committee", "d7_aware"]) {
          expect(def.scoring[name], name).toBeUndefined();
          const values = (questionByName(model, name) as QuestionSelectBase).choices.map(
            (c) => c.value as unknown,
          );
          expect(values, name).toEqual(["yes", "no"]);
        }
        expect(questionByName(model, "conditions").getType()).toBe("checkbox");
      });
    },
  );

  it("parents and young people are asked the same thing about teachers (d3_heard), so they compare", () => {
    const parent = questionByName(load("parent.v2.json").model, "d3_heard");
    const youth = questionByName(load("youth.v2.json").model, "d3_heard");
    expect(parent.title).toBe("Les enseignants s'intéressent à ce que vous leur dites.");
    expect(youth.title).toBe("Les professeurs s'intéressent à ce que tu leur dis.");
  });

  describe("child.v2.json", () => {
    it("starts with the care setting, with the values the family screen pre-fills", () => {
      const { def, model } = load("child.v2.json");
      const care = model.pages[0]!.questions[0]!;
      expect(care.name).toBe("care");
      expect(care.isRequired).toBe(true);
      expect(def.scoring.care).toBeUndefined();
      expect((care as QuestionSelectBase).choices.map((c) => c.value as unknown)).toEqual([
        "creche",
        "assmat",
        "maternelle",
        "elementaire",
        "maison",
      ]);
    });

    it("never says 'à la crèche ou à l'école' to everyone", () => {
      const { def } = load("child.v2.json");
      for (const q of questionsJsonOf(def))
        expect(q.title.default, q.name).not.toMatch(/À la crèche ou à l'école,/);
    });
  });

  describe.each(INDIVIDUAL_V2)("%s short form", (file) => {
    it("names existing questions, keeps 2 scored items a dimension and the questions conditions read", () => {
      const { def } = load(file);
      const names = new Set(questionsJsonOf(def).map((q) => q.name));
      expect(def.short).toBeDefined();
      for (const name of def.short!) expect(names.has(name), name).toBe(true);
      expect(new Set(def.short).size).toBe(def.short!.length);
      const short = formOf(def, "short");
      for (const dimension of DIMENSIONS) {
        const long = Object.values(def.scoring).filter((i) => i.dimension === dimension).length;
        const kept = Object.values(short.scoring).filter((i) => i.dimension === dimension).length;
        if (long > 0) expect(kept, `${file} ${dimension}`).toBeGreaterThanOrEqual(2);
        else expect(kept).toBe(0);
      }
      for (const q of questionsJsonOf(formOf(def, "short")))
        for (const [, name] of (q.visibleIf ?? "").matchAll(/\{(\w+)\}/g))
          expect(def.short, `${q.name} needs ${name!}`).toContain(name);
    });

    it("is much shorter than the long form, and both state their minutes by the rule", () => {
      const { def } = load(file);
      const long = readingOf(formOf(def, "long"), "fr");
      const short = readingOf(formOf(def, "short"), "fr");
      expect(short.screens).toBeLessThanOrEqual(16);
      expect(short.screens).toBeLessThan(long.screens);
      expect(short.minutes).toBeLessThan(long.minutes);
      expect(STATED[file]).toEqual({
        long: long.minutes,
        short: short.minutes,
        falc: readingOf(formOf(def, "long"), FALC).minutes,
        falcShort: readingOf(formOf(def, "short"), FALC).minutes,
      });
    });
  });
});

/** The minutes each questionnaire states (docs/indicators.md lists them): change both together. */
const STATED: Record<string, { long: number; short: number; falc: number; falcShort: number }> = {
  "parent.v2.json": { long: 19, short: 7, falc: 18, falcShort: 6 },
  "child.v2.json": { long: 5, short: 3, falc: 5, falcShort: 3 },
  "youth.v2.json": { long: 17, short: 7, falc: 17, falcShort: 6 },
  "young-adult.v2.json": { long: 16, short: 6, falc: 16, falcShort: 6 },
};
