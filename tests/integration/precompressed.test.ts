import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsBrotli, precompressed } from "../../server/precompressed";

// The brotli copies of the built assets (decision 031): served only to a client that takes br,
// with the right headers; everyone else gets what they got before.

describe("acceptsBrotli", () => {
  it("reads Accept-Encoding as browsers send it", () => {
    expect(acceptsBrotli("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsBrotli("br;q=0.5, gzip")).toBe(true);
    expect(acceptsBrotli("gzip, deflate")).toBe(false);
    expect(acceptsBrotli("br;q=0, gzip")).toBe(false);
    expect(acceptsBrotli("brotli")).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});

describe("precompressed assets", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-br-"));
  const script = "console.log('a chunk');\n".repeat(200);
  let base = "";
  let server: import("node:http").Server;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, "chunk-abc.js"), script);
    fs.writeFileSync(path.join(dir, "chunk-abc.js.br"), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dir, "plain-def.js"), script);
    const app = express();
    app.use(compression());
    app.use("/assets", precompressed(dir));
    app.use("/assets", express.static(dir, { immutable: true, maxAge: "1y" }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Raw bytes and headers (fetch would decode the body). */
  const get = (file: string, encoding: string) =>
    new Promise<{ status: number; headers: import("node:http").IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        import("node:http").then(({ get }) =>
          get(`${base}/assets/${file}`, { headers: { "accept-encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          }).on("error", reject),
        );
      },
    );

  it("sends the brotli copy to a browser that takes br, as a script, cached for a year, varying on Accept-Encoding", async () => {
    const res = await get("chunk-abc.js", "gzip, deflate, br");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it("sends gzip made on the fly to one that does not, and says it varies", async () => {
    const res = await get("chunk-abc.js", "gzip");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(zlib.gunzipSync(res.body).toString()).toBe(script);
  });

  it("leaves a file without a brotli copy to the static files, compressed on the fly as before", async () => {
    const res = await get("plain-def.js", "br");
    expect(res.status).toBe(200);
    expect(res.headers["etag"]).not.toBe((await get("chunk-abc.js", "br")).headers["etag"]);
    const body = res.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(res.body) : res.body;
    expect(body.toString()).toBe(script);
    const missing = await get("nothing-here.js", "br");
    expect(missing.status).toBe(404);
  });
});
