// A territory's logo, the pure part (docs/decisions/030-territory-logo.md): the limits, what kind
// of image some bytes are (from the bytes, never from the file's name or the browser's type), and
// the raster images' structure, walked and rebuilt without their metadata or anything after
// their end. SVG is parsed and cleaned on the server (territory-logo.server.ts).

/**
 * Largest logo accepted, in bytes. A logo is printed about 4 cm wide on the poster and shown a
 * line high on the phones' landing page: a well exported PNG is 10 to 100 KB, an SVG a few KB.
 * 200 KB still takes 4 s on the slowest phone connection measured (400 kbit/s), so no more.
 */
export const MAX_LOGO_BYTES = 200 * 1024;

/**
 * Largest raster side, in pixels. 2,048 is four times what a 4 cm print at 300 dpi needs; past
 * it, a small compressed file can unfold into hundreds of megabytes on a phone (16 MB here).
 */
export const MAX_LOGO_SIDE = 2048;

export type LogoKind = "png" | "jpeg" | "svg";

/** "200 Ko". */
export const formatKo = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} Ko`;

/** The upload form's refusals, in French (the server's, and the browser's own size check). */
export const LOGO_ERRORS = {
  empty: "Choisissez un fichier d'image (PNG, JPEG ou SVG).",
  tooLarge:
    `Le fichier dépasse ${formatKo(MAX_LOGO_BYTES)}, la taille d'un logo au plus : rien n'a été enregistré. ` +
    "Enregistrez-le en plus petit (par exemple 600 pixels de large), puis recommencez.",
  unknown:
    "Ce fichier n'est pas une image PNG, JPEG ou SVG (c'est son contenu qui compte, pas son nom) : rien n'a été enregistré.",
  malformed: (kind: LogoKind) =>
    `Ce fichier ${kind === "jpeg" ? "JPEG" : kind.toUpperCase()} est abîmé ou incomplet : ouvrez-le et enregistrez-le de nouveau, puis recommencez.`,
  tooManyPixels: `L'image est trop grande : ${MAX_LOGO_SIDE} pixels de côté au plus. Réduisez-la, puis recommencez.`,
  svgEmpty:
    "Cette image SVG ne contient rien qui puisse être affiché sans risque (les scripts, les liens vers d'autres sites et le HTML sont retirés) : exportez-la de nouveau en SVG simple, ou envoyez-la en PNG.",
  svgInvalid:
    "Ce fichier SVG n'est pas lisible (XML mal formé, ou pas une image SVG) : exportez-le de nouveau, ou envoyez-le en PNG.",
} as const;

export const LOGO_MIME: Record<LogoKind, "image/png" | "image/jpeg" | "image/svg+xml"> = {
  png: "image/png",
  jpeg: "image/jpeg",
  svg: "image/svg+xml",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the bytes say they are: PNG and JPEG by their magic numbers, else perhaps SVG (to parse). */
export function sniffLogo(bytes: Uint8Array): LogoKind | "unknown" {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  // Text that may be XML: the parser decides (territory-logo.server.ts). Binary never is.
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "");
  return /^\s*</.test(head) && !head.includes("\u0000") ? "svg" : "unknown";
}

export type RasterResult =
  | { ok: true; bytes: Uint8Array; width: number; height: number }
  | { ok: false; reason: "malformed" | "too_many_pixels" };

const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sizeCheck(width: number, height: number): RasterResult | null {
  if (width < 1 || height < 1) return { ok: false, reason: "malformed" };
  if (width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) return { ok: false, reason: "too_many_pixels" };
  return null;
}

/** PNG chunks kept: the image and how to show its colours; text, dates, EXIF and animation go. */
const PNG_KEPT = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "pHYs",
  "bKGD",
]);

/**
 * A PNG walked chunk by chunk: IHDR first (13 bytes, its size within MAX_LOGO_SIDE), at least one
 * IDAT, IEND last; every chunk within the file. Rebuilt from the kept chunks only, so metadata and
 * anything appended after IEND (another file hidden behind the image) are gone.
 */
export function cleanPng(bytes: Uint8Array): RasterResult {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = u32(bytes, at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return { ok: false, reason: "malformed" };
    if (first) {
      if (type !== "IHDR" || length !== 13) return { ok: false, reason: "malformed" };
      width = u32(bytes, at + 8);
      height = u32(bytes, at + 12);
      const refused = sizeCheck(width, height);
      if (refused) return refused;
      first = false;
    }
    if (type === "IDAT") sawData = true;
    if (PNG_KEPT.has(type)) parts.push(bytes.subarray(at, end));
    if (type === "IEND")
      return sawData ? { ok: true, bytes: concat(parts), width, height } : { ok: false, reason: "malformed" };
    at = end;
  }
  return { ok: false, reason: "malformed" };
}

/** Start-of-frame markers (they carry the size): C0–CF but DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Segments dropped before the image data: APP1 (EXIF, XMP: a phone's place and time)… APP15 but
 * APP2 (colour profile) and APP14 (Adobe colour transform), and comments. */
const isDroppedSegment = (m: number) => (m >= 0xe1 && m <= 0xef && m !== 0xe2 && m !== 0xee) || m === 0xfe;

/**
 * A JPEG walked segment by segment up to its image data (SOS): a frame header with a size within
 * MAX_LOGO_SIDE before it, then the data up to the last end-of-image marker. Rebuilt without EXIF,
 * XMP and comments, and without anything after the end of the image.
 */
export function cleanJpeg(bytes: Uint8Array): RasterResult {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  let width = 0;
  let height = 0;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { ok: false, reason: "malformed" };
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01)
      return { ok: false, reason: "malformed" }; // no such marker belongs before the image data
    const length = u16(bytes, at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return { ok: false, reason: "malformed" };
    if (isStartOfFrame(marker)) {
      if (length < 8) return { ok: false, reason: "malformed" };
      height = u16(bytes, at + 5);
      width = u16(bytes, at + 7);
      const refused = sizeCheck(width, height);
      if (refused) return refused;
    }
    if (marker === 0xda) {
      if (width === 0) return { ok: false, reason: "malformed" };
      // The entropy-coded data (and, in a progressive JPEG, the next scans) up to the last EOI.
      let eoi = -1;
      for (let i = bytes.length - 2; i >= end; i--)
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) {
          eoi = i;
          break;
        }
      if (eoi < 0) return { ok: false, reason: "malformed" };
      parts.push(bytes.subarray(at, eoi + 2));
      return { ok: true, bytes: concat(parts), width, height };
    }
    if (!isDroppedSegment(marker)) parts.push(bytes.subarray(at, end));
    at = end;
  }
  return { ok: false, reason: "malformed" };
}

/** "logo-cite-educative-marseille-nord.svg": a download name made only of safe ASCII characters. */
export function logoFileName(territorySlug: string, kind: LogoKind): string {
  const safe = territorySlug.replace(/[^a-z0-9-]/gi, "").slice(0, 60) || "territoire";
  return `logo-${safe}.${kind === "jpeg" ? "jpg" : kind}`;
}

export const kindOfMime = (mime: string): LogoKind =>
  mime === "image/png" ? "png" : mime === "image/jpeg" ? "jpeg" : "svg";
