import { describe, expect, it } from "vitest";
import { carePageOf, joinVisit, loadVisit, recordStored, saveVisit, thanksStateOf } from "./family-visit";

function memoryStore() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe("a family visit on the phone", () => {
  it("numbers a parent's part 0 and each child's next, all in one visit", () => {
    const store = memoryStore();
    const own = joinVisit(store, "nord", "P", null)!;
    expect(own.part.part).toBe(0);
    saveVisit(store, "nord", { ...loadVisit(store, "nord")!, children: [{ band: "3-5", care: "creche" }] });
    const first = joinVisit(store, "nord", "Px", 0)!;
    const second = joinVisit(store, "nord", "Px", 1)!;
    expect([first.part.part, second.part.part]).toEqual([1, 2]);
    expect(new Set([own.part.id, first.part.id, second.part.id]).size).toBe(1);
    expect(first.visit.children).toEqual([{ band: "3-5", care: "creche" }]);
  });

  it("starts a new visit for each parent, unless a young adult said they are a parent", () => {
    const store = memoryStore();
    const a = joinVisit(store, "nord", "P", null)!;
    const b = joinVisit(store, "nord", "P", null)!;
    expect(b.part.id).not.toBe(a.part.id);

    const young = joinVisit(store, "nord", "A", null)!;
    saveVisit(store, "nord", { ...loadVisit(store, "nord")!, expectsParent: true });
    const parent = joinVisit(store, "nord", "P", null)!;
    expect(parent.part).toMatchObject({ id: young.part.id, part: 1 });
    expect(loadVisit(store, "nord")!.expectsParent).toBe(false);
  });

  it("leaves a child questionnaire opened alone, and the youth questionnaire, out of any visit", () => {
    const store = memoryStore();
    expect(joinVisit(store, "nord", "Px", null)).toBeNull();
    expect(joinVisit(store, "nord", "Y", null)).toBeNull();
  });

  it("counts what was stored and ends with one code and what was saved", () => {
    const store = memoryStore();
    const own = joinVisit(store, "nord", "P", null)!;
    recordStored(store, "nord", own.part, "own", "AAAA-BBBB-CCCC-DDDD");
    const child = joinVisit(store, "nord", "Px", 0)!;
    recordStored(store, "nord", child.part, "child", "AAAA-BBBB-CCCC-DDDD");
    expect(thanksStateOf(loadVisit(store, "nord")!)).toEqual({
      erasureCode: "AAAA-BBBB-CCCC-DDDD",
      audience: "P",
      family: { own: 1, children: 1, young: false },
    });
  });

  it("finds the page of the child questionnaire's care question", () => {
    expect(carePageOf({ pages: [{ elements: [{ name: "care" }] }, { elements: [{ name: "d1" }] }] })).toBe(0);
    expect(carePageOf({ pages: [{ elements: [{ name: "d1" }] }] })).toBe(-1);
  });
});
