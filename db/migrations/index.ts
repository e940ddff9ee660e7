import type { Migration } from "kysely/migration";
import * as m0001 from "./20261126T0001-initial";

/** Static list, so migrations survive bundling; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  "20261126T0001-initial": m0001,
};
