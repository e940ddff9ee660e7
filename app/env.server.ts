import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const ZBooleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** SQLite file; the embedded default keeps everything under ./data/. */
  DATABASE_PATH: z.string().min(1).default("./data/coeduc.db"),
  /** Signs cookies and derives erasure codes; generated into ./data/ when absent. */
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  /** Demo territory, campaign and synthetic responses on an empty database. Turn off in production. */
  DEMO_DATA: ZBooleanFlag.default(true),
  /** First slow-down of a login after repeated failures; doubles with each further failure. */
  LOGIN_SLOWDOWN_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /**
   * The public address of the site (e.g. https://coeduc.ville.fr), for links printed on posters.
   * Behind a TLS proxy the request's own URL may say http:// or an internal host.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where the questionnaire files live. */
  SURVEYS_DIR: z.string().min(1).default("./surveys"),
});

export type Env = z.infer<typeof ZEnv> & { SESSION_SECRET: string };

function readOrCreateSecret(databasePath: string): string {
  const file = path.join(path.dirname(path.resolve(databasePath)), "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: create it below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Parses the environment once, with clear messages and safe local defaults. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? readOrCreateSecret(env.DATABASE_PATH),
  };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
