/**
 * Respondent pages through their loaders and actions: the landing's 404/410 pages, the
 * age-band and consent gates of the questionnaire page, and /healthz.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isRouteErrorResponse } from "@remix-run/react";
import { loader as healthz } from "~/routes/healthz";
import { loader as landing } from "~/routes/s.$slug._index";
import { loader as thanks } from "~/routes/s.$slug.merci";
import { action as consentAction } from "~/routes/s.$slug.accord";
import { loader as questionnaire } from "~/routes/s.$slug.questionnaire.$surveyId";
import { createCampaign, getTestDb } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  const { db } = await getTestDb();
  await createCampaign(db, { slug: "ouverte", title: "Questionnaire ouvert" });
  await createCampaign(db, { slug: "fermee", status: "closed", title: "Questionnaire fermé" });
  await createCampaign(db, { slug: "brouillon", status: "draft" });
  await createCampaign(db, {
    slug: "bientot",
    opensAt: new Date(Date.now() + 7 * DAY),
    closesAt: new Date(Date.now() + 60 * DAY),
  });
});

const args = (url: string, params: Record<string, string>, init?: RequestInit) => ({
  request: new Request(`http://localhost${url}`, init),
  params,
  context: {},
});

/** What a loader threw (a Response: json(), a redirect…). */
async function thrown(
  promise: Promise<unknown>,
): Promise<{ status: number; data?: unknown; location?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) {
      const json = /\bapplication\/json\b/.test(error.headers.get("Content-Type") ?? "");
      return {
        status: error.status,
        ...(json ? { data: await error.json() } : {}),
        location: error.headers.get("Location") ?? undefined,
      };
    }
    if (isRouteErrorResponse(error)) return { status: error.status, data: error.data };
    throw error;
  }
  throw new Error("expected the loader to throw");
}

describe("campaign landing", () => {
  it("shows an open campaign with its three groups of respondents", async () => {
    const data = await landing(args("/s/ouverte", { slug: "ouverte" }));
    expect(data.campaign.title).toBe("Questionnaire ouvert");
    expect(data.choices.parent).toBe(true);
    expect(data.choices.youth).toBe(true);
    expect(data.choices.adult).toBe("/s/ouverte/questionnaire/young-adult?age=18-25");
  });

  it("answers 404 for an unknown campaign", async () => {
    const t = await thrown(landing(args("/s/inconnue", { slug: "inconnue" })));
    expect(t.status).toBe(404);
    expect(t.data).toEqual({ reason: "not_found" });
  });

  it("answers 410 with the dates for a closed campaign and one not open yet", async () => {
    const closed = await thrown(landing(args("/s/fermee", { slug: "fermee" })));
    expect(closed.status).toBe(410);
    expect(closed.data).toMatchObject({ reason: "closed", slug: "fermee", title: "Questionnaire fermé" });
    const soon = await thrown(landing(args("/s/bientot", { slug: "bientot" })));
    expect(soon.status).toBe(410);
    expect(soon.data).toMatchObject({ reason: "not_yet_open" });
    expect((soon.data as { opensAt: string }).opensAt > new Date().toISOString()).toBe(true);
  });
});

describe("draft campaigns and the thank-you page", () => {
  it("answers 404 for a draft campaign: it is not published yet", async () => {
    const t = await thrown(landing(args("/s/brouillon", { slug: "brouillon" })));
    expect(t.status).toBe(404);
  });

  it("still thanks a respondent whose answers were acknowledged just before closing", async () => {
    const data = await thanks(args("/s/fermee/merci", { slug: "fermee" }));
    expect(data.slug).toBe("fermee");
    // No more children can be answered for once the campaign is closed.
    expect(data.offersChild).toBe(false);
    const open = await thanks(args("/s/ouverte/merci", { slug: "ouverte" }));
    expect(open.offersChild).toBe(true);
  });
});

describe("questionnaire page", () => {
  it("gives the survey definition and the age band from the link", async () => {
    const data = await questionnaire(
      args("/s/ouverte/questionnaire/child?age=3-5", { slug: "ouverte", surveyId: "child" }),
    );
    expect(data.ageBand).toBe("3-5");
    expect(data.survey).toMatchObject({ id: "child", version: 1, audience: "Px" });
  });

  it("sends a child survey without a valid age band to the age choice", async () => {
    for (const url of ["/s/ouverte/questionnaire/child", "/s/ouverte/questionnaire/child?age=15-17"]) {
      const t = await thrown(questionnaire(args(url, { slug: "ouverte", surveyId: "child" })));
      expect(t.status).toBe(302);
      expect(t.location).toBe("/s/ouverte/enfant");
    }
  });

  it("gives the parent survey no age band even when the link has one", async () => {
    const data = await questionnaire(
      args("/s/ouverte/questionnaire/parent?age=3-5", { slug: "ouverte", surveyId: "parent" }),
    );
    expect(data.ageBand).toBeNull();
  });

  it("answers 404 for a survey the campaign does not offer", async () => {
    const t = await thrown(
      questionnaire(args("/s/ouverte/questionnaire/x", { slug: "ouverte", surveyId: "x" })),
    );
    expect(t.status).toBe(404);
  });

  it("sends a 12–14-year-old without joint consent to the consent page", async () => {
    const t = await thrown(
      questionnaire(args("/s/ouverte/questionnaire/youth?age=12-14", { slug: "ouverte", surveyId: "youth" })),
    );
    expect(t.status).toBe(302);
    expect(t.location).toBe("/s/ouverte/accord");
  });
});

describe("joint consent for 12–14", () => {
  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    consentAction(
      args(
        "/s/ouverte/accord",
        { slug: "ouverte" },
        { method: "POST", body: new URLSearchParams(fields), headers },
      ),
    );

  it("refuses when one of the two agreements is missing, with French messages", async () => {
    const none = await post({});
    expect(none.status).toBe(422);
    expect(((await none.json()) as { errors: Record<string, string> }).errors).toEqual({
      youth: "Coche cette case si tu es d'accord pour répondre.",
      parent: "Il faut aussi l'accord d'un de tes parents.",
    });
    const youthOnly = (await (await post({ youth: "oui" })).json()) as { errors: Record<string, string> };
    expect(Object.keys(youthOnly.errors)).toEqual(["parent"]);
  });

  it("with both agreements, opens the youth survey for 12–14 on this device only", async () => {
    const res = (await post({ youth: "oui", parent: "oui" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/s/ouverte/questionnaire/youth?age=12-14");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Plain HTTP: a Secure cookie would be dropped and the step would loop.
    expect(cookie).not.toMatch(/Secure/i);

    const data = await questionnaire(
      args(
        "/s/ouverte/questionnaire/youth?age=12-14",
        { slug: "ouverte", surveyId: "youth" },
        { headers: { Cookie: cookie.split(";")[0]! } },
      ),
    );
    expect(data.ageBand).toBe("12-14");
  });

  it("marks the cookie Secure over HTTPS, and not for a client's own X-Forwarded-Proto", async () => {
    // server/client-address.ts gives the app an https URL for TLS or a trusted proxy (TRUST_PROXY) only.
    const https = (await consentAction({
      request: new Request("https://localhost/s/ouverte/accord", {
        method: "POST",
        body: new URLSearchParams({ youth: "oui", parent: "oui" }),
      }),
      params: { slug: "ouverte" },
      context: {},
    })) as Response;
    expect(https.headers.get("Set-Cookie")).toMatch(/; Secure/i);
    const spoofed = (await post(
      { youth: "oui", parent: "oui" },
      { "X-Forwarded-Proto": "https" },
    )) as Response;
    expect(spoofed.headers.get("Set-Cookie")).not.toMatch(/Secure/i);
  });

  it("does not accept a forged consent cookie", async () => {
    const t = await thrown(
      questionnaire(
        args(
          "/s/ouverte/questionnaire/youth?age=12-14",
          { slug: "ouverte", surveyId: "youth" },
          { headers: { Cookie: `coeduc_accord=${btoa(JSON.stringify(["ouverte"]))}` } },
        ),
      ),
    );
    expect(t.status).toBe(302);
  });
});

describe("/healthz", () => {
  it("answers 200 when the database answers", async () => {
    const res = await healthz();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });
});

describe("unreadable form bodies", () => {
  it("answers the consent form's own 422, not a server error", async () => {
    const res = (await consentAction(
      args(
        "/s/ouverte/accord",
        { slug: "ouverte" },
        {
          method: "POST",
          body: "%%%",
          headers: { "Content-Type": "multipart/form-data; boundary=x" },
        },
      ),
    )) as Response;
    expect(res.status).toBe(422);
  });
});
