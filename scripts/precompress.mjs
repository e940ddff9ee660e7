/* global process, console */
// Brotli copies of the built scripts and stylesheets (build/client/assets/*.js|css → *.br), at
// the highest quality, once per build; server/precompressed.ts serves them (decision 031).
// Plain Node (no tsx): it runs at the end of `npm run build`.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = path.resolve(process.argv[2] ?? "build/client/assets");
let plain = 0;
let brotli = 0;
for (const name of fs.readdirSync(dir)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const data = fs.readFileSync(path.join(dir, name));
  const out = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [zlib.constants.BROTLI_PARAM_MODE]:
        name.endsWith(".js") || name.endsWith(".css")
          ? zlib.constants.BROTLI_MODE_TEXT
          : zlib.constants.BROTLI_MODE_GENERIC,
    },
  });
  fs.writeFileSync(path.join(dir, `${name}.br`), out);
  plain += data.length;
  brotli += out.length;
}
console.log(
  `precompress: ${(plain / 1000).toFixed(0)} kB of scripts and stylesheets → ${(brotli / 1000).toFixed(0)} kB brotli`,
);
