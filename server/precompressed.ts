import fs from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";

// Brotli copies of the hashed assets, made once at build time (scripts/precompress.mjs) at the
// highest quality: the SurveyJS chunk is 23 % smaller than the gzip that `compression` makes on
// the fly (decision 031). Served only to a client that accepts br; others get the plain file,
// compressed on the fly as before. The service worker caches whatever the browser decoded.

/** Does this Accept-Encoding header accept brotli (a `br` token without q=0)? */
export function acceptsBrotli(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [token, ...params] = part.trim().split(";");
    if (token?.trim().toLowerCase() !== "br") return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)).find(Boolean);
    return !q || Number(q[1]) > 0;
  });
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * Middleware for /assets: `<file>.br` when it exists (listed once, at start) and the client takes
 * br, with the file's own Content-Type, Content-Encoding: br and Vary: Accept-Encoding.
 */
export function precompressed(assets: string) {
  const dir = path.resolve(assets);
  const brotli = new Set(
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith(".br"))
          .map((f) => f.slice(0, -3))
      : [],
  );
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const name = req.path.replace(/^\/+/, "");
    const type = TYPES[path.extname(name)];
    if (!type || name.includes("/") || !brotli.has(name)) return next();
    res.vary("Accept-Encoding");
    if (!acceptsBrotli(req.get("accept-encoding"))) return next();
    res.setHeader("Content-Type", type);
    res.setHeader("Content-Encoding", "br");
    res.sendFile(path.join(dir, `${name}.br`), { immutable: true, maxAge: "1y" }, (error) => {
      // (A phone that leaves the page mid-file is not an error of ours.)
      if (error && !res.headersSent) next(error);
    });
  };
}
