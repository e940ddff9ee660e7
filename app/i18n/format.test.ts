import { describe, expect, it } from "vitest";
import { formatDate } from "./format";

describe("formatDate", () => {
  it("writes dates out in French, Paris time", () => {
    expect(formatDate("2027-03-12T10:00:00.000Z")).toBe("12 mars 2027");
    // 23:30 UTC on 31 March is already 1 April in Paris.
    expect(formatDate("2027-03-31T23:30:00.000Z")).toBe("1er avril 2027");
  });

  it("writes the first day of a month as an ordinal, and only that day", () => {
    expect(formatDate("2026-11-01T12:00:00.000Z")).toBe("1er novembre 2026");
    expect(formatDate("2026-11-11T12:00:00.000Z")).toBe("11 novembre 2026");
    expect(formatDate("2026-11-21T12:00:00.000Z")).toBe("21 novembre 2026");
  });
});
