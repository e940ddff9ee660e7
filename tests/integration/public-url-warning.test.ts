/**
 * In production without PUBLIC_URL, a poster prints the address the coordinator came by (perhaps
 * an internal one): every page of the coordinator area says so, above the page.
 */
process.env.NODE_ENV = "production";
delete process.env.PUBLIC_URL;

import { beforeAll, expect, it } from "vitest";
import { startSession } from "~/accounts/login.server";
import { createUser, findActor } from "~/accounts/user.server";
import { loader as layoutLoader } from "~/routes/tableau";
import { createCampaign, getTestDb } from "./fixtures";

let cookie = "";

beforeAll(async () => {
  const { db } = await getTestDb();
  await createCampaign(db, { slug: "sans-adresse" });
  const id = await createUser(db, {
    email: "sans-adresse@ville.example",
    role: "coordinator",
    password: "un-mot-de-passe-solide",
    territorySlugs: ["territoire-test"],
  });
  const actor = (await findActor(db, id))!;
  cookie = (await startSession(new Request("http://localhost/connexion"), actor)).split(";")[0]!;
});

it("tells the coordinator area that PUBLIC_URL is missing in production", async () => {
  const data = await layoutLoader({
    request: new Request("http://10.0.0.5:3000/tableau", { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  expect(data.publicUrlMissing).toBe(true);
});
