// disk: a full disk and a read-only disk under the running server. Submissions get a 503 with
// a French JSON message and Retry-After, a page that writes gets a 503 French page, nothing
// partial is stored, and once space (or writing) returns the same submissions succeed
// without a restart.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  type Check,
  check,
  checkConsistency,
  countInLog,
  freePort,
  integrity,
  onCleanup,
  openReadOnly,
  parentPayload,
  rng,
  root,
  type Scenario,
  type Server,
  SLUG,
  startServer,
  stopServer,
  workDir,
} from "./lib";

/** tmpfs size: the demo data needs about 6 MB (WAL + database after a checkpoint). */
const TMPFS_SIZE = "16m";
const ATTEMPTS = 40;

interface Answer {
  status: number;
  body: string;
  retryAfter: string | null;
}

async function submit(server: Server, payload: object): Promise<Answer> {
  const res = await fetch(`${server.base}/api/v1/campaigns/${SLUG}/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get("Retry-After") };
}

/** The erasure page's form, as a browser without JavaScript posts it: a page that writes. */
async function erase(server: Server, code: string): Promise<Answer> {
  const res = await fetch(`${server.base}/effacer`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "erase", code }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get("Retry-After") };
}

async function get(server: Server, url: string): Promise<number> {
  const res = await fetch(`${server.base}${url}`, { signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  return res.status;
}

function isFrench503Json(a: Answer): boolean {
  if (a.status !== 503 || !a.retryAfter || !/^\d+$/.test(a.retryAfter)) return false;
  try {
    const body = JSON.parse(a.body) as { error?: { code?: string; message?: string } };
    return (
      body.error?.code === "unavailable" &&
      /indisponible.*n'est pas enregistrée/.test(body.error.message ?? "")
    );
  } catch {
    return false;
  }
}

/**
 * The common course of both faults: some responses stored, the fault on, ATTEMPTS new
 * responses (each either stored whole or refused with a French 503), the erasure page, the
 * fault off, the refused responses sent again with the same ids.
 */
async function underFault(
  label: string,
  server: Server,
  seed: number,
  faultOn: () => void,
  faultOff: () => void,
): Promise<{
  checks: Check[];
  metrics: Record<string, number | string>;
  stored: Set<string>;
  refusedIds: Set<string>;
}> {
  const random = rng(seed);
  const stored = new Set<string>();
  const before: { payload: ReturnType<typeof parentPayload>; code: string }[] = [];
  for (let i = 0; i < 10; i++) {
    const payload = parentPayload(random);
    const a = await submit(server, payload);
    if (a.status === 201) {
      stored.add(payload.id);
      before.push({ payload, code: (JSON.parse(a.body) as { erasureCode: string }).erasureCode });
    }
  }

  faultOn();
  const statuses: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const refused: ReturnType<typeof parentPayload>[] = [];
  const bad: Answer[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const payload = parentPayload(random, crypto.randomUUID());
    const a = await submit(server, payload);
    statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    if (a.status === 201) stored.add(payload.id);
    else {
      refused.push(payload);
      if (!isFrench503Json(a)) bad.push(a);
      else {
        const reason = (JSON.parse(a.body) as { error: { reason?: string } }).error.reason ?? "?";
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
  }
  const retryOfStored = await submit(server, before[0]!.payload);
  const page = await get(server, `/s/${SLUG}/questionnaire/parent`);
  const health = await get(server, "/healthz");
  const erasing = await erase(server, before[1]!.code);
  const erasePageOk =
    erasing.status === 503 &&
    /^\d+$/.test(erasing.retryAfter ?? "") &&
    /lang="fr"/.test(erasing.body) &&
    /Réessayez/.test(erasing.body);

  faultOff();
  const again: Record<string, number> = {};
  for (const payload of refused) {
    const a = await submit(server, payload);
    again[a.status] = (again[a.status] ?? 0) + 1;
    if (a.status === 201) stored.add(payload.id);
  }
  const erasedAfter = await erase(server, before[1]!.code);
  if (erasedAfter.status === 200) stored.delete(before[1]!.payload.id);

  const refusedIds = new Set(refused.map((p) => p.id));
  return {
    stored,
    refusedIds,
    metrics: {
      [`${label}: answers under fault`]: JSON.stringify(statuses),
      [`${label}: questionnaire page under fault`]: page,
      [`${label}: /healthz under fault`]: health,
      [`${label}: erasure page under fault`]: erasing.status,
      [`${label}: 503 reasons`]: JSON.stringify(reasons),
      [`${label}: sent again after`]: JSON.stringify(again),
    },
    checks: [
      check(
        `${label}: submissions refused with 503`,
        refused.length > 0,
        `${refused.length} of ${ATTEMPTS} refused, ${ATTEMPTS - refused.length} stored whole before the disk filled`,
      ),
      check(
        `${label}: every refusal a French JSON 503 with Retry-After`,
        bad.length === 0,
        bad.length
          ? `${bad.length} other answers, e.g. ${bad[0]!.status} ${bad[0]!.body.slice(0, 120)}`
          : `reasons ${JSON.stringify(reasons)}`,
      ),
      check(
        `${label}: a retry of a stored response still 200`,
        retryOfStored.status === 200,
        `${retryOfStored.status}`,
      ),
      check(
        `${label}: a page that writes (erasure) is a French 503 page`,
        erasePageOk,
        `${erasing.status}, Retry-After ${erasing.retryAfter}`,
      ),
      check(`${label}: reading pages still work`, page === 200, `questionnaire ${page}, healthz ${health}`),
      check(
        `${label}: recovery without restart`,
        (again["201"] ?? 0) === refused.length && erasedAfter.status === 200,
        `${again["201"] ?? 0} of ${refused.length} stored when sent again; erasure ${erasedAfter.status}`,
      ),
    ],
  };
}

function storedChecks(dbPath: string, label: string, stored: Set<string>, refusedIds: Set<string>): Check[] {
  const sqlite = openReadOnly(dbPath);
  try {
    const present = sqlite.prepare("select count(*) as n from response where id = ?");
    const missing = [...stored].filter((id) => (present.get(id) as { n: number }).n !== 1).length;
    return [
      check(
        `${label}: every acknowledged response stored once`,
        missing === 0,
        `${stored.size} acknowledged, ${missing} missing; ${refusedIds.size} first refused`,
      ),
    ];
  } finally {
    sqlite.close();
  }
}

async function fullDisk(seed: number) {
  const dir = workDir("disk-full");
  const mnt = path.join(dir, "disk");
  fs.mkdirSync(mnt);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${TMPFS_SIZE}`, "tmpfs", mnt], { stdio: "pipe" });
  } catch (error) {
    return {
      metrics: {},
      checks: [
        check(
          "full disk: tmpfs mounted",
          false,
          `mount not permitted: ${(error as Error).message.split("\n")[0]}`,
        ),
      ],
    };
  }
  onCleanup(() => execFileSync("umount", ["-l", mnt]));
  const dbPath = path.join(mnt, "coeduc.db");
  const logFile = path.join(dir, "server.log");
  const server = await startServer({ port: await freePort(), dbPath, logFile });
  const filler = path.join(mnt, "filler");
  let result;
  try {
    result = await underFault(
      "full disk",
      server,
      seed,
      () => {
        // Fill to the last byte; the descriptor is closed so that deleting frees the space.
        const fd = fs.openSync(filler, "w");
        const chunk = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) fs.writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          const small = Buffer.alloc(512, 1);
          try {
            for (;;) fs.writeSync(fd, small);
          } catch {
            // full to the block
          }
        } finally {
          fs.closeSync(fd);
        }
      },
      () => fs.rmSync(filler),
    );
  } finally {
    await stopServer(server);
  }
  const sqlite = openReadOnly(dbPath);
  let checks: Check[];
  try {
    checks = [...integrity(sqlite), ...(await checkConsistency(sqlite))].map((c) => ({
      ...c,
      label: `full disk: ${c.label}`,
    }));
  } finally {
    sqlite.close();
  }
  return {
    metrics: {
      ...result.metrics,
      "full disk: server log SQLite errors": countInLog(logFile, /SQLITE_[A-Z_]+/),
    },
    checks: [
      ...result.checks,
      ...storedChecks(dbPath, "full disk", result.stored, result.refusedIds),
      ...checks,
    ],
  };
}

async function readOnlyDisk(seed: number) {
  const dir = workDir("disk-ro");
  const shim = path.join(dir, "readonly-shim.so");
  try {
    execFileSync(
      "cc",
      ["-shared", "-fPIC", "-O2", "-o", shim, path.join(root, "tests/faults/readonly-shim.c"), "-ldl"],
      {
        stdio: "pipe",
      },
    );
  } catch (error) {
    return {
      metrics: {},
      checks: [
        check("read-only disk: shim compiled (needs cc)", false, (error as Error).message.split("\n")[0]!),
      ],
    };
  }
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir);
  const flag = path.join(dir, "read-only");
  const dbPath = path.join(dataDir, "coeduc.db");
  const logFile = path.join(dir, "server.log");
  const server = await startServer({
    port: await freePort(),
    dbPath,
    logFile,
    env: { LD_PRELOAD: shim, FAULTS_RO_DIR: fs.realpathSync(dataDir), FAULTS_RO_FLAG: flag },
  });
  let result;
  try {
    result = await underFault(
      "read-only disk",
      server,
      seed + 1,
      () => fs.writeFileSync(flag, ""),
      () => fs.rmSync(flag),
    );
  } finally {
    await stopServer(server);
  }
  const sqlite = openReadOnly(dbPath);
  let checks: Check[];
  try {
    checks = [...integrity(sqlite), ...(await checkConsistency(sqlite))].map((c) => ({
      ...c,
      label: `read-only disk: ${c.label}`,
    }));
  } finally {
    sqlite.close();
  }
  return {
    metrics: {
      ...result.metrics,
      "read-only disk: server log SQLite errors": countInLog(logFile, /SQLITE_[A-Z_]+/),
    },
    checks: [
      ...result.checks,
      ...storedChecks(dbPath, "read-only disk", result.stored, result.refusedIds),
      ...checks,
    ],
  };
}

export const disk: Scenario = {
  name: "disk",
  description: `full disk (tmpfs of ${TMPFS_SIZE}, filled) and read-only disk (EROFS on every write, LD_PRELOAD shim) under the running server`,
  timeoutMs: 240_000,
  async run(seed) {
    const full = await fullDisk(seed);
    const ro = await readOnlyDisk(seed);
    return { metrics: { ...full.metrics, ...ro.metrics }, checks: [...full.checks, ...ro.checks] };
  },
};
