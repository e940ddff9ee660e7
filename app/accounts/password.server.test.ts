import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password.server";

describe("hashPassword", () => {
  it("writes a self-describing scrypt hash: scrypt$N$r$p$salt$key", async () => {
    const hash = await hashPassword("correct horse battery");
    const parts = hash.split("$");
    expect(parts).toHaveLength(6);
    const [scheme, n, r, p, salt, key] = parts;
    expect(scheme).toBe("scrypt");
    expect([Number(n), Number(r), Number(p)]).toEqual([2 ** 15, 8, 1]);
    expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
    expect(Buffer.from(key!, "base64url")).toHaveLength(32);
    expect(hash).not.toContain("correct horse battery");
  });

  it("salts: two hashes of one password differ, and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("même mot de passe"), hashPassword("même mot de passe")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("même mot de passe", a)).toBe(true);
    expect(await verifyPassword("même mot de passe", b)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password and refuses any other", async () => {
    const hash = await hashPassword("Bonjour-Marseille-2026");
    expect(await verifyPassword("Bonjour-Marseille-2026", hash)).toBe(true);
    expect(await verifyPassword("bonjour-marseille-2026", hash)).toBe(false);
    expect(await verifyPassword("Bonjour-Marseille-2026 ", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("treats the composed and decomposed forms of an accented password alike (NFC)", async () => {
    const hash = await hashPassword("élève-café-2026");
    expect(await verifyPassword("e\u0301le\u0300ve-cafe\u0301-2026", hash)).toBe(true);
  });

  it("answers false, without throwing, for a malformed hash", async () => {
    const good = await hashPassword("un mot de passe");
    const [, n, r, p, salt, key] = good.split("$");
    for (const bad of [
      "",
      "not a hash",
      "bcrypt$2b$10$abcdefghijklmnopqrstuv",
      `scrypt$${n}$${r}$${p}$$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      `argon2$${n}$${r}$${p}$${salt}$${key}`,
    ]) {
      expect(await verifyPassword("un mot de passe", bad), bad).toBe(false);
    }
  });

  // KNOWN BUG (password.server.ts): scrypt parameters read from the hash are not checked, so
  // a non-numeric, non-power-of-two or huge N makes crypto.scrypt throw instead of the
  // documented false. Remove `.fails` once verifyPassword validates N, r, p (or catches).
  it("answers false, without throwing, for a hash with impossible scrypt parameters", async () => {
    const [, , r, p, salt, key] = (await hashPassword("un mot de passe")).split("$");
    for (const n of ["abc", "3", String(2 ** 20)]) {
      expect(await verifyPassword("un mot de passe", `scrypt$${n}$${r}$${p}$${salt}$${key}`), n).toBe(false);
    }
  });
});

describe("generatePassword", () => {
  it("makes long, distinct, URL-safe passwords that meet the length rule", () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) {
      expect(p).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(p.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    }
  });
});
