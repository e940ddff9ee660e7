// The layer rule of eslint.config.js (docs/architecture.md), checked on modules that break it: if
// the rule is loosened or its patterns stop matching the folders, `npm run lint` would let these
// imports through, and this test fails.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the layer rule", { timeout: 60_000 }, () => {
  it("stops a domain module from importing a route or a component", async () => {
    const found = await problems(
      "app/surveys/layer-probe.ts",
      `import { loader } from "~/routes/tableau";\nimport { CsrfInput } from "~/ui/CsrfInput";\nexport const x = [loader, CsrfInput];\n`,
    );
    expect(found).toHaveLength(2);
    expect(found.every((m) => m.startsWith("boundaries/dependencies"))).toBe(true);
  });

  it("stops db/ from importing the application", async () => {
    const found = await problems(
      "db/layer-probe.ts",
      `import { AUDIENCES } from "../app/surveys/audiences";\nexport const y = AUDIENCES;\n`,
    );
    expect(found).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"domain".*"db"/)]);
  });

  it("stops a module that may reach the browser from importing a .server module", async () => {
    const code = `import { hashPassword } from "~/accounts/password.server";\nexport const z = hashPassword;\n`;
    expect(await problems("app/surveys/layer-probe.ts", code)).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: /),
    ]);
    expect(await problems("app/ui/LayerProbe.tsx", code)).toHaveLength(1);
    // …while a server module, a route and a type-only import may.
    expect(await problems("app/accounts/layer-probe.server.ts", code)).toEqual([]);
    expect(await problems("app/routes/layer-probe.tsx", code)).toEqual([]);
    const typeOnly = `import type { Actor } from "~/accounts/user.server";\nexport type A = Actor;\n`;
    expect(await problems("app/surveys/layer-probe.ts", typeOnly)).toEqual([]);
  });

  it("lets routes use the domain and the domain use db/", async () => {
    expect(
      await problems(
        "app/routes/layer-probe.tsx",
        `import { requireCampaignAccess } from "~/accounts/campaign-access.server";\nexport const r = requireCampaignAccess;\n`,
      ),
    ).toEqual([]);
    expect(
      await problems(
        "app/indicators/layer-probe.server.ts",
        `import { openDatabase } from "../../db/client";\nexport const d = openDatabase;\n`,
      ),
    ).toEqual([]);
  });
});
