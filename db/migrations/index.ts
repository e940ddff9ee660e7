import type { Migration } from "kysely/migration";
import * as m0001 from "./20261126T0001-initial";
import * as m0002 from "./20261126T0002-erased-response";
import * as m0003 from "./20261126T0003-synthetic-flag";
import * as m0004 from "./20261126T0004-accounts-audit";
import * as m0005 from "./20261126T0005-aggregates";
import * as m0006 from "./20261126T0006-response-sample-index";
import * as m0007 from "./20261126T0007-actions-moderation";
import * as m0008 from "./20261127T0008-council-sessions";
import * as m0009 from "./20261127T0009-retention";
import * as m0010 from "./20261207T0010-disclosure-control";
import * as m0011 from "./20261207T0011-submission-secret";
import * as m0012 from "./20261207T0012-server-sessions";
import * as m0013 from "./20261208T0013-questionnaire-forms";
import * as m0014 from "./20261208T0014-territory-logo";
import * as m0015 from "./20261208T0015-non-answer-totals";

/** Static list, so migrations survive bundling; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  "20261126T0001-initial": m0001,
  "20261126T0002-erased-response": m0002,
  "20261126T0003-synthetic-flag": m0003,
  "20261126T0004-accounts-audit": m0004,
  "20261126T0005-aggregates": m0005,
  "20261126T0006-response-sample-index": m0006,
  "20261126T0007-actions-moderation": m0007,
  "20261127T0008-council-sessions": m0008,
  "20261127T0009-retention": m0009,
  "20261207T0010-disclosure-control": m0010,
  "20261207T0011-submission-secret": m0011,
  "20261207T0012-server-sessions": m0012,
  "20261208T0013-questionnaire-forms": m0013,
  "20261208T0014-territory-logo": m0014,
  "20261208T0015-non-answer-totals": m0015,
};
