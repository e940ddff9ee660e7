/**
 * Behind a TLS proxy the request URL may be http:// or an internal host: with PUBLIC_URL set,
 * the poster prints the public address instead.
 */
process.env.PUBLIC_URL = "https://coeduc.ville.example";

import { beforeAll, expect, it } from "vitest";
import { startSession } from "~/accounts/login.server";
import { createUser, findActor } from "~/accounts/user.server";
import { loader as posterLoader } from "~/routes/tableau.campagnes.$slug.affiche";
import { createCampaign, getTestDb } from "./fixtures";

let cookie = "";

beforeAll(async () => {
  const { db } = await getTestDb();
  await createCampaign(db, { slug: "affiche-publique" });
  const id = await createUser(db, {
    email: "cpo@ville.example",
    role: "coordinator",
    password: "un-mot-de-passe-solide",
    territorySlugs: ["territoire-test"],
  });
  const actor = (await findActor(db, id))!;
  cookie = (await startSession(new Request("http://localhost/connexion"), actor)).split(";")[0]!;
});

it("prints the PUBLIC_URL address and its QR code, not the internal one", async () => {
  const data = await posterLoader({
    request: new Request("http://10.0.0.5:3000/tableau/campagnes/affiche-publique/affiche", {
      headers: { Cookie: cookie },
    }),
    params: { slug: "affiche-publique" },
    context: {},
  });
  expect(data.publicUrl).toBe("https://coeduc.ville.example/s/affiche-publique");
  expect(data.qrSvg).toContain('aria-label="QR code vers https://coeduc.ville.example/s/affiche-publique"');
});

it("has a line in each language the questionnaires offer beyond French", async () => {
  const data = await posterLoader({
    request: new Request("http://10.0.0.5:3000/tableau/campagnes/affiche-publique/affiche", {
      headers: { Cookie: cookie },
    }),
    params: { slug: "affiche-publique" },
    context: {},
  });
  // The fixture campaign offers every questionnaire: English and Arabic in all, easy-to-read French
  // in the parents' one.
  expect(data.languages.map((l) => l.locale)).toEqual(["en", "ar", "falc"]);
  expect(data.languages.find((l) => l.locale === "ar")?.lang).toBe("ar");
});
