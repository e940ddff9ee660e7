import { describe, expect, it } from "vitest";
import { ZSubmission } from "./submission";

const body = {
  id: "6f1c1a52-3a0e-4c1e-9a7f-0f3f1f2b9c11",
  surveyId: "parent",
  surveyVersion: 2,
  locale: "fr",
  ageBand: null,
  answers: {},
};

describe("ZSubmission's form", () => {
  it("is the long form when absent, and may say long or short", () => {
    expect(ZSubmission.parse(body)).not.toHaveProperty("form");
    expect(ZSubmission.parse({ ...body, form: "long" }).form).toBe("long");
    expect(ZSubmission.parse({ ...body, form: "short" }).form).toBe("short");
  });

  it("refuses anything else with a French message", () => {
    for (const form of ["courte", "SHORT", "", 1, null]) {
      const parsed = ZSubmission.safeParse({ ...body, form });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["form", "Le champ « form » doit être « long » (version complète) ou « short » (version courte)."],
      ]);
    }
  });
});
