import { describe, expect, it } from "vitest";
import { erasureCodeFor, hashErasureCode, normalizeErasureCode } from "./erasure.server";

const SECRET = "test-secret-test-secret-test-secret-0123";
const OTHER_SECRET = "another-secret-another-secret-another-9";
const ID = "3f1c2a9e-7b4d-4e2a-9c61-0d5b8e7f1a23";
const OTHER_ID = "3f1c2a9e-7b4d-4e2a-9c61-0d5b8e7f1a24";

/** Crockford base32 without I, L, O, U, in four groups of four. */
const CODE_FORMAT =
  /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe("erasureCodeFor", () => {
  it("gives a code in the XXXX-XXXX-XXXX-XXXX format, in Crockford base32", () => {
    const code = erasureCodeFor(ID, SECRET);
    expect(code).toMatch(CODE_FORMAT);
    expect(code).toHaveLength(19);
  });

  it("keeps the format for many ids (never I, L, O or U)", () => {
    for (let i = 0; i < 500; i++) {
      const code = erasureCodeFor(crypto.randomUUID(), SECRET);
      expect(code).toMatch(CODE_FORMAT);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it("is deterministic for one id and one secret (a retry gets the same code)", () => {
    expect(erasureCodeFor(ID, SECRET)).toBe(erasureCodeFor(ID, SECRET));
  });

  it("differs for another id", () => {
    expect(erasureCodeFor(OTHER_ID, SECRET)).not.toBe(erasureCodeFor(ID, SECRET));
  });

  it("differs for another secret", () => {
    expect(erasureCodeFor(ID, OTHER_SECRET)).not.toBe(erasureCodeFor(ID, SECRET));
  });

  it("gives distinct codes to distinct ids (no collision over a thousand ids)", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => erasureCodeFor(crypto.randomUUID(), SECRET)));
    expect(codes.size).toBe(1000);
  });

  it("is its own normal form once the dashes are removed", () => {
    const code = erasureCodeFor(ID, SECRET);
    expect(normalizeErasureCode(code)).toBe(code.replace(/-/g, ""));
  });
});

describe("normalizeErasureCode", () => {
  const code = erasureCodeFor(ID, SECRET);
  const bare = code.replace(/-/g, "");

  it("accepts lower case", () => {
    expect(normalizeErasureCode(code.toLowerCase())).toBe(bare);
  });

  it("accepts spaces, missing dashes and surrounding white space", () => {
    expect(normalizeErasureCode(bare)).toBe(bare);
    expect(normalizeErasureCode(code.replace(/-/g, " "))).toBe(bare);
    expect(normalizeErasureCode(`  ${code}\n`)).toBe(bare);
    expect(normalizeErasureCode(bare.split("").join(" "))).toBe(bare);
    expect(normalizeErasureCode(code.replace(/-/g, "\t"))).toBe(bare);
  });

  it("reads O as 0 and I or L as 1, in either case", () => {
    expect(normalizeErasureCode("OOOO-OOOO-OOOO-OOOO")).toBe("0000000000000000");
    expect(normalizeErasureCode("oooo-0000-oooo-0000")).toBe("0000000000000000");
    expect(normalizeErasureCode("IIII-LLLL-iiii-llll")).toBe("1111111111111111");
    expect(normalizeErasureCode("ABCD-EFGH-JKMN-PQRS")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeErasureCode("abco-efgh-jkmn-pqrl")).toBe("ABC0EFGHJKMNPQR1");
  });

  it("maps a code copied with look-alike letters back to the real one", () => {
    const withLookAlikes = code.replace(/0/g, "O").replace(/1/g, "l").toLowerCase();
    expect(normalizeErasureCode(withLookAlikes)).toBe(bare);
    expect(hashErasureCode(withLookAlikes)).toBe(hashErasureCode(code));
  });

  it.each([
    ["empty", ""],
    ["only separators", " - - "],
    ["too short (15)", bare.slice(0, 15)],
    ["too long (17)", bare + "A"],
    ["with U (not in Crockford base32)", "UUUU-UUUU-UUUU-UUUU"],
    ["with punctuation", "ABCD.EFGH.JKMN.PQRS"],
    ["with underscores", "ABCD_EFGH_JKMN_PQRS"],
    ["with an accented letter", "ÉBCD-EFGH-JKMN-PQRS"],
    ["with an emoji", "😀BCD-EFGH-JKMN-PQRS"],
    ["twice a code", `${code} ${code}`],
    ["SQL", "' OR 1=1 --"],
  ])("rejects %s", (_label, input) => {
    expect(normalizeErasureCode(input)).toBeNull();
  });
});

describe("hashErasureCode", () => {
  const code = erasureCodeFor(ID, SECRET);

  it("is a SHA-256 hex digest, not the code", () => {
    const hash = hashErasureCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace(/-/g, ""));
  });

  it("is the same for every way of writing one code", () => {
    const expected = hashErasureCode(code);
    expect(hashErasureCode(code.toLowerCase())).toBe(expected);
    expect(hashErasureCode(code.replace(/-/g, " "))).toBe(expected);
    expect(hashErasureCode(code.replace(/-/g, ""))).toBe(expected);
  });

  it("differs between codes", () => {
    expect(hashErasureCode(erasureCodeFor(OTHER_ID, SECRET))).not.toBe(hashErasureCode(code));
  });
});
