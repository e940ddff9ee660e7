/**
 * The campaign form's "Version du questionnaire proposée" (issue 14, part 3): stored as the
 * campaign's form offer, refused in French when a chosen questionnaire has no short form, and
 * "Complète" for campaigns made before it existed.
 */
import "../fixtures/short-surveys-env";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { type Actor, createUser, findActor } from "~/accounts/user.server";
import { createCampaign, surveyOptions, updateCampaign } from "~/campaigns/campaign-admin.server";
import { findCampaignBySlug } from "~/campaigns/campaign.server";
import { campaignFieldErrors, campaignFormInput, parisDayOf, ZCampaignForm } from "~/campaigns/campaign-form";
import { getTestDb } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
let db: DB;
let actor: Actor;
let territoryId = 0;

beforeAll(async () => {
  db = (await getTestDb()).db;
  territoryId = (
    await db
      .insertInto("territory")
      .values({ slug: "ta", name: "Cité éducative A" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const id = await createUser(db, {
    email: "coord@example.org",
    role: "coordinator",
    password: "un mot de passe assez long",
    territorySlugs: ["ta"],
  });
  actor = (await findActor(db, id))!;
});

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  const all: Record<string, string | string[]> = {
    territoryId: String(territoryId),
    title: "Rentrée des familles",
    waveLabel: "automne 2026",
    surveys: ["parent.v2", "child.v2"],
    opensOn: parisDayOf(new Date(Date.now() - DAY)),
    closesOn: parisDayOf(new Date(Date.now() + 60 * DAY)),
    intent: "open",
    ...fields,
  };
  for (const [key, value] of Object.entries(all))
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  return ZCampaignForm.safeParse(campaignFormInput(data));
}

async function save(fields: Record<string, string | string[]>) {
  const parsed = form(fields);
  if (!parsed.success) throw new Error(JSON.stringify(campaignFieldErrors(parsed.error)));
  return createCampaign(db, actor, parsed.data);
}

describe("the campaign's form offer", () => {
  it("offers the short and long durations of each questionnaire", () => {
    const parent = surveyOptions().find((s) => s.key === "parent.v2")!;
    expect(parent.shortMinutes).toBeGreaterThan(0);
    expect(parent.shortMinutes!).toBeLessThan(parent.minutes);
    expect(surveyOptions().find((s) => s.key === "child-self.v1")!.shortMinutes).toBeNull();
  });

  it("is stored as chosen: short, or the person's choice", async () => {
    expect(await save({ slug: "courte", formOffer: "short" })).toEqual({ ok: true, slug: "courte" });
    expect((await findCampaignBySlug(db, "courte"))?.form_offer).toBe("short");
    expect((await save({ slug: "choix", formOffer: "choice" })).ok).toBe(true);
    expect((await findCampaignBySlug(db, "choix"))?.form_offer).toBe("choice");
  });

  it("is the complete version when the form sends none (an older page)", async () => {
    expect((await save({ slug: "ancienne" })).ok).toBe(true);
    expect((await findCampaignBySlug(db, "ancienne"))?.form_offer).toBe("long");
  });

  it("refuses the short version when a chosen questionnaire has none, in French, and stores nothing", async () => {
    const result = await save({
      slug: "sans-courte",
      surveys: ["parent.v2", "child-self.v1"],
      formOffer: "short",
    });
    expect(result).toEqual({
      ok: false,
      fields: {
        formOffer: expect.stringMatching(
          /^Ce questionnaire n'a pas de version courte : .+\. Proposez la version complète, ou le choix\.$/,
        ),
      },
    });
    expect(await findCampaignBySlug(db, "sans-courte")).toBeUndefined();
  });

  it("refuses the choice when no chosen questionnaire has a short version", async () => {
    const result = await save({ slug: "aucune", surveys: ["child-self.v1"], formOffer: "choice" });
    expect(result).toEqual({
      ok: false,
      fields: {
        formOffer: "Aucun des questionnaires choisis n'a de version courte : proposez la version complète.",
      },
    });
  });

  it("refuses an unknown offer with a French message", () => {
    const parsed = form({ slug: "inconnue", formOffer: "moyenne" });
    expect(parsed.success).toBe(false);
    expect(campaignFieldErrors(parsed.error!)).toEqual({
      formOffer: "Choisissez la version du questionnaire proposée.",
    });
  });

  it("changes when the campaign is edited, and keeps the stored one when the form sends none", async () => {
    await save({ slug: "modifiee" });
    const campaign = (await findCampaignBySlug(db, "modifiee"))!;
    const edited = form({ slug: "modifiee", formOffer: "choice" });
    expect(await updateCampaign(db, actor, campaign, edited.data!)).toEqual({ ok: true, slug: "modifiee" });
    const choice = (await findCampaignBySlug(db, "modifiee"))!;
    expect(choice.form_offer).toBe("choice");
    expect((await updateCampaign(db, actor, choice, form({ slug: "modifiee" }).data!)).ok).toBe(true);
    expect((await findCampaignBySlug(db, "modifiee"))?.form_offer).toBe("choice");
    const refused = await updateCampaign(
      db,
      actor,
      choice,
      form({ slug: "modifiee", surveys: ["child-self.v1"], formOffer: "short" }).data!,
    );
    expect(refused.ok).toBe(false);
    expect((await findCampaignBySlug(db, "modifiee"))?.form_offer).toBe("choice");
  });
});
