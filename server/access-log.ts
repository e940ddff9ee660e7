import type { IncomingMessage } from "node:http";

/**
 * The access log line of an answer written outside Express (fast lane, refusals), as morgan's
 * "tiny" format writes it for the requests Express answers. `started`: process.hrtime.bigint().
 */
export function logLine(req: IncomingMessage, status: number, length: number, started: bigint): void {
  const ms = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(3);
  process.stdout.write(`${req.method} ${req.url} ${status} ${length} - ${ms} ms\n`);
}
