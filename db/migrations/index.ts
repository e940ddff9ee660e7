import type { Migration } from "kysely/migration";
import * as m0001 from "./20261126T0001-initial";
import * as m0002 from "./20261126T0002-erased-response";

/** Static list, so migrations survive bundling; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  "20261126T0001-initial": m0001,
  "20261126T0002-erased-response": m0002,
};
