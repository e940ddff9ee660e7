import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The production server (server/, compiled into build/server/main.js and started by server.js)
// in a child process, on its own database with the demo data, for the tests that need real
// sockets. Run `npm run build` first.

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  base: string;
  port: number;
  dir: string;
  log: () => string;
  child: ChildProcess;
}

/**
 * Starts the server (`node server.js`) on `port` and waits for /healthz. The settings that
 * change what a test sees (`unset`) are dropped from the inherited environment; `env` sets the test's own.
 */
export async function startServerProcess(options: {
  port: number;
  prefix: string;
  unset: readonly string[];
  env?: Record<string, string>;
  nodeArgs?: readonly string[];
}): Promise<ServerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  const inherited = { ...process.env };
  for (const key of options.unset) delete inherited[key];
  let log = "";
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "server.js"], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: "production",
      PORT: String(options.port),
      DATABASE_PATH: path.join(dir, "coeduc.db"),
      DEMO_DATA: "true",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const base = `http://localhost:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, port: options.port, dir, child, log: () => log };
}
