/**
 * The respondent's pages with a short form (issue 14, part 3): the questionnaire page gives the
 * form the campaign offers, or first asks the person to choose; the landing's minutes are those
 * of the forms offered, in the page's language.
 */
import "../fixtures/short-surveys-env";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as landing } from "~/routes/s.$slug._index";
import { loader as questionnaire } from "~/routes/s.$slug.questionnaire.$surveyId";
import { formOf } from "~/surveys/forms";
import { readingOf } from "~/surveys/duration";
import { placedQuestionsOf } from "~/surveys/questions";
import { TEST_SHORT_FORMS } from "../fixtures/short-surveys";
import { createCampaign, getTestDb, surveyDefinition } from "./fixtures";

const args = (url: string, params: Record<string, string>, init?: RequestInit) => ({
  request: new Request(`http://localhost${url}`, init),
  params,
  context: {},
});
const page = (slug: string, survey: string, query = "", init?: RequestInit) =>
  questionnaire(args(`/s/${slug}/questionnaire/${survey}${query}`, { slug, surveyId: survey }, init));

beforeAll(async () => {
  const { db } = await getTestDb();
  const surveys = [
    { surveyId: "parent", surveyVersion: 1 },
    { surveyId: "youth", surveyVersion: 1 },
  ];
  await createCampaign(db, { slug: "au-choix", surveys, formOffer: "choice" });
  await createCampaign(db, { slug: "complete", surveys });
  await createCampaign(db, { slug: "courte", surveys: [surveys[0]!], formOffer: "short" });
});

const parent = () => surveyDefinition("parent");
const minutes = (form: "long" | "short", locale = "fr") => readingOf(formOf(parent(), form), locale).minutes;

describe("the questionnaire page", () => {
  it("asks the person to choose first, with each version's minutes and questions", async () => {
    const data = await page("au-choix", "parent");
    expect(data).toMatchObject({
      kind: "choose",
      short: {
        href: "/s/au-choix/questionnaire/parent?forme=courte",
        minutes: minutes("short"),
        questions: TEST_SHORT_FORMS["parent.v1.json"]!.length,
      },
      long: {
        href: "/s/au-choix/questionnaire/parent?forme=complete",
        minutes: minutes("long"),
        questions: placedQuestionsOf(parent()).length,
      },
    });
    expect(minutes("short")).toBeLessThan(minutes("long"));
    expect(data).not.toHaveProperty("survey");
  });

  it("keeps the age band and states the minutes in the page's language", async () => {
    const data = await page("au-choix", "parent", "?lang=en");
    expect(data).toMatchObject({ kind: "choose", short: { minutes: minutes("short", "en") } });
  });

  it("gives the short form once chosen: its questions only, its first question drawn by the server", async () => {
    const data = await page("au-choix", "parent", "?forme=courte");
    if (data.kind !== "answer") throw new Error("expected the questionnaire");
    expect(data.survey.form).toBe("short");
    const names = ((data.survey.json.pages ?? []) as { elements: { name: string }[] }[]).flatMap((p) =>
      p.elements.map((e) => e.name),
    );
    expect(names).toEqual(TEST_SHORT_FORMS["parent.v1.json"]);
    expect(data.questions).toBe(names.length);
    expect(data.quickPages[0]?.name).toBe(names[0]);
    expect(data.minutes).toBe(minutes("short"));
  });

  it("gives the complete form once chosen", async () => {
    const data = await page("au-choix", "parent", "?forme=complete");
    expect(data).toMatchObject({ kind: "answer", survey: { form: "long" }, minutes: minutes("long") });
  });

  it("gives the form the campaign offers, whatever the link says", async () => {
    expect(await page("complete", "parent", "?forme=courte")).toMatchObject({
      kind: "answer",
      survey: { form: "long" },
    });
    expect(await page("courte", "parent")).toMatchObject({ kind: "answer", survey: { form: "short" } });
    expect(await page("courte", "parent", "?forme=complete")).toMatchObject({
      kind: "answer",
      survey: { form: "short" },
    });
  });

  it("asks nothing for a questionnaire without a short form", async () => {
    expect(await page("au-choix", "youth", "?age=15-17")).toMatchObject({
      kind: "answer",
      survey: { form: "long" },
    });
  });
});

describe("the landing page's minutes", () => {
  it("go from the short version to the complete one when the person chooses", async () => {
    const data = await landing(args("/s/au-choix", { slug: "au-choix" }));
    const youth = readingOf(surveyDefinition("youth"), "fr").minutes;
    expect(data.minutes).toEqual({
      min: Math.min(minutes("short"), youth),
      max: Math.max(minutes("long"), youth),
    });
  });

  it("are those of the page's language", async () => {
    const data = await landing(args("/s/courte?lang=en", { slug: "courte" }));
    expect(data.minutes).toEqual({ min: minutes("short", "en"), max: minutes("short", "en") });
    const ar = await landing(args("/s/complete?lang=ar", { slug: "complete" }));
    expect(ar.minutes?.max).toBe(
      Math.max(minutes("long", "ar"), readingOf(surveyDefinition("youth"), "ar").minutes),
    );
  });
});
