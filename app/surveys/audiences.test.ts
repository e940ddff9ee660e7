import { describe, expect, it } from "vitest";
import {
  AGE_BANDS,
  AGE_BANDS_BY_AUDIENCE,
  AUDIENCES,
  AUDIENCES_BY_DIMENSION,
  INDIVIDUAL_AUDIENCES,
  needsJointConsent,
} from "./audiences";

describe("children of 8–11 answering themselves (E)", () => {
  it("are a group of their own, after the parents' proxy answers and before the young people", () => {
    expect(AUDIENCES).toEqual(["P", "Px", "E", "Y", "A", "C"]);
    expect(INDIVIDUAL_AUDIENCES).toContain("E");
  });

  it("have one band, 8-11, that no other group declares", () => {
    expect(AGE_BANDS).toContain("8-11");
    expect(AGE_BANDS_BY_AUDIENCE.E).toEqual(["8-11"]);
    for (const audience of AUDIENCES.filter((a) => a !== "E"))
      expect(AGE_BANDS_BY_AUDIENCE[audience], audience).not.toContain("8-11");
  });

  it("are scored on what a child can report: recognised (D1), continuity (D4), belonging (D5)", () => {
    const dimensions = Object.entries(AUDIENCES_BY_DIMENSION)
      .filter(([, audiences]) => audiences.includes("E"))
      .map(([dimension]) => dimension);
    expect(dimensions).toEqual(["D1", "D4", "D5"]);
  });

  it("need, like the 12–14-year-olds, the agreement of a parent; nobody else does", () => {
    expect(needsJointConsent("8-11")).toBe(true);
    expect(needsJointConsent("12-14")).toBe(true);
    for (const band of [null, "0-2", "3-5", "6-11", "15-17", "18-25"] as const)
      expect(needsJointConsent(band), String(band)).toBe(false);
  });
});
