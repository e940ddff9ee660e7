import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const ZBooleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A line of the legal pages: trimmed, never empty, short enough for a footer of a letter. */
const ZLegalText = z.string().trim().min(1, "must not be empty").max(300, "300 characters at most");

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
  /** A coordinator's session ends this long after login, whatever they do (server-side). */
  SESSION_LIFETIME_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  /** …and earlier after this long without a request from its browser. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(120),
  /**
   * The public address of the site (e.g. https://coeduc.ville.fr), for links printed on posters.
   * Behind a TLS proxy the request's own URL may say http:// or an internal host.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where the questionnaire files live. */
  SURVEYS_DIR: z.string().min(1).default("./surveys"),
  /** Answers accepted per client (hashed address) and minute by the submission API; 0: no limit. */
  RATE_LIMIT_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /**
   * Wrong council codes, wrong erasure codes and wrong passwords per client and 10 minutes
   * before a pause, each kind with its own budget; 0: no limit.
   */
  RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES: z.coerce.number().int().min(0).default(30),
  /** Behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (server/client-address.ts). */
  TRUST_PROXY: ZBooleanFlag.default(false),
  /** The interface the production server listens on (e.g. 127.0.0.1); unset or empty: every one. */
  HOST: z.string().optional(),
  // Who is who, for /confidentialite and /mentions-legales (RGPD art. 13; LCEN art. 6 III).
  // The defaults say "à compléter" on the public pages so an installer cannot miss them.
  /** Responsable du traitement, e.g. "Mairie de Villeneuve". */
  CONTROLLER_NAME: ZLegalText.default("Responsable du traitement à compléter (CONTROLLER_NAME)"),
  CONTROLLER_ADDRESS: ZLegalText.default("Adresse à compléter (CONTROLLER_ADDRESS)"),
  /** How to reach the data protection officer: an e-mail address (shown as a link) or a postal address. */
  DPO_CONTACT: ZLegalText.default("Contact du délégué à la protection des données à compléter (DPO_CONTACT)"),
  /** Directeur ou directrice de la publication. */
  PUBLISHER_NAME: ZLegalText.default(
    "Directeur ou directrice de la publication à compléter (PUBLISHER_NAME)",
  ),
  /** Hébergeur: name and postal address. */
  HOST_NAME: ZLegalText.default("Hébergeur à compléter (HOST_NAME)"),
  HOST_ADDRESS: ZLegalText.default("Adresse de l'hébergeur à compléter (HOST_ADDRESS)"),
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
