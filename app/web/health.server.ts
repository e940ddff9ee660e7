import { sql } from "kysely";
import type { DB } from "../../db/client";

/** True when the database answers a trivial query. */
export async function pingDatabase(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
