import { openDatabase, type OpenedDatabase } from "../db/client";
import { getEnv } from "./env.server";
import { seedDemoIfEmpty } from "./demo/demo.server";

// The one door from app/ to db/. A singleton promise, kept on globalThis so that
// dev-server reloads reuse the connection instead of opening a new one each time.
declare global {
  var __coeducDb: Promise<OpenedDatabase> | undefined;
}

async function init(): Promise<OpenedDatabase> {
  const env = getEnv();
  const opened = await openDatabase(env.DATABASE_PATH);
  if (env.DEMO_DATA) await seedDemoIfEmpty(opened);
  return opened;
}

/** The application's database, migrated (and seeded with demo data when enabled). */
export function getDatabase(): Promise<OpenedDatabase> {
  globalThis.__coeducDb ??= init();
  return globalThis.__coeducDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
