// `npm run user:create -- --email ADDRESS --role admin|coordinator|viewer --territory SLUG [--territory SLUG2]
//  [--password-stdin]`: creates an account and prints its password once. The rules live in
// createAccount (app/accounts/user.server.ts); this file only reads the command line.
import readline from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDatabase } from "../app/db.server";
import { MIN_PASSWORD_LENGTH } from "../app/accounts/password.server";
import { recordAudit } from "../app/privacy/audit.server";
import { AccountError, createAccount } from "../app/accounts/user.server";

const USAGE =
  "Usage: npm run user:create -- --email ADDRESS --role admin|coordinator|viewer" +
  " [--territory SLUG ...] [--password-stdin]";

const ZArgs = z
  .object({
    email: z.email({
      error: (i) => (i.input === undefined ? "--email is required" : "--email is not an e-mail address"),
    }),
    role: z.enum(["admin", "coordinator", "viewer"], {
      error: (i) =>
        i.input === undefined ? "--role is required" : "--role must be admin, coordinator or viewer",
    }),
    territory: z.array(z.string().min(1, "--territory needs a slug")).default([]),
    "password-stdin": z.boolean().default(false),
  })
  .refine((a) => a.role === "admin" || a.territory.length > 0, {
    message: "a coordinator or viewer needs at least one --territory",
  });

function fail(message: string): never {
  console.error(`user:create: ${message}\n${USAGE}`);
  process.exit(2);
}

async function readOneLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (one line): ");
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, "");
  }
  return "";
}

let raw: Record<string, unknown>;
try {
  raw = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      territory: { type: "string", multiple: true },
      "password-stdin": { type: "boolean" },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const parsed = ZArgs.safeParse(raw);
if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("; "));
const args = parsed.data;

let password: string | undefined;
if (args["password-stdin"]) {
  password = await readOneLine();
  if (password.length < MIN_PASSWORD_LENGTH) {
    fail(`the password read from stdin needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

const opened = await getDatabase();
try {
  const account = await createAccount(opened.db, {
    email: args.email,
    role: args.role,
    territorySlugs: args.territory,
    password,
  });
  await recordAudit(opened.db, {
    actor: null,
    action: "user_created",
    target: account.email,
    details: { role: account.role, territories: account.territorySlugs, via: "cli" },
  });
  console.log(
    [
      "Account created.",
      `  e-mail:      ${account.email}`,
      `  role:        ${account.role}`,
      `  territories: ${account.role === "admin" && account.territorySlugs.length === 0 ? "all (admin)" : account.territorySlugs.join(", ")}`,
      `  password:    ${password === undefined ? account.password : "(the one read from stdin)"}`,
      "",
      password === undefined
        ? "The password is shown only this once: hand it over through a safe channel."
        : "The password is the one you gave.",
      "Sign in at /connexion, then change the password at /tableau/compte.",
    ].join("\n"),
  );
} catch (error) {
  if (!(error instanceof AccountError)) throw error;
  console.error(`user:create: ${error.message}. Nothing was created.`);
  process.exitCode = 2;
} finally {
  await opened.db.destroy();
}
