import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt is memory-hard and ships with Node: no native dependency to build. N = 2^15
// with r = 8 uses 32 MiB per hash and takes ~50–100 ms here: slow for a guesser, fine
// for a person logging in.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** A self-describing hash: `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

/** Compares in constant time; false for a malformed hash rather than throwing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  if (expected.length < 16) return false;
  try {
    // Impossible parameters (not a power of two, too much memory) make scrypt throw: a
    // damaged hash must read as a wrong password, not crash the login.
    const actual = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64url"), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: PARAMS.maxmem,
    });
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** A password for a new account or the demo coordinator: 20 characters, ~119 bits. */
export function generatePassword(): string {
  return crypto.randomBytes(15).toString("base64url");
}

/** The rule a chosen password must meet, checked on password change. */
export const MIN_PASSWORD_LENGTH = 12;
