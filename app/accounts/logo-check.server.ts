import crypto from "node:crypto";
import type { LogoMimeType } from "../../db/schema";
import {
  cleanJpeg,
  cleanPng,
  LOGO_MIME,
  type LogoKind,
  LOGO_ERRORS,
  MAX_LOGO_BYTES,
  sniffLogo,
} from "./logo";

// Checking and cleaning an uploaded logo (docs/decisions/030-territory-logo.md). jsdom and
// DOMPurify are loaded on the first SVG only: the server does not carry them otherwise.

export interface CleanLogo {
  kind: LogoKind;
  mimeType: LogoMimeType;
  bytes: Buffer;
  sha256: string;
  width: number | null;
  height: number | null;
}

export type LogoCheck = { ok: true; logo: CleanLogo } | { ok: false; error: string };

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

/** Elements that draw something: an SVG with none of them left after cleaning is refused. */
const DRAWING = new Set([
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "image",
  "use",
]);

/** A CSS or attribute value that reaches outside the file: @import, or url() not to "#an-id". */
const OUTSIDE_REFERENCE = /@import|url\(\s*["']?\s*(?![\s"'#])/i;
/** An image embedded in the SVG itself (its only allowed non-local reference). */
const EMBEDDED_RASTER = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/**
 * An SVG cleaned by DOMPurify (in a jsdom window) on the parsed XML tree: no script, no event
 * handler, no foreignObject (HTML inside), no animation (which can change a link), and no
 * reference outside the file (links, `use` and `image` only to "#an-id", images embedded as
 * data:image/png|jpeg|gif|webp; styles and attributes with @import or url() to anything else
 * are dropped). Refused when the text is not an SVG document, or when nothing drawable remains.
 */
export async function sanitizeSvg(
  text: string,
): Promise<{ ok: true; svg: string } | { ok: false; reason: "invalid" | "empty" }> {
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import("jsdom"), import("dompurify")]);
  let dom: InstanceType<typeof JSDOM>;
  try {
    // XML, so a malformed file is refused; entities are never expanded, nothing is fetched.
    dom = new JSDOM(text, { contentType: "image/svg+xml" });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  const root = dom.window.document.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg") return { ok: false, reason: "invalid" };

  const purify = createDOMPurify(dom.window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook("uponSanitizeElement", (node, data) => {
    // A style sheet that loads something from elsewhere is emptied (the element stays harmless).
    if (data.tagName === "style" && OUTSIDE_REFERENCE.test(node.textContent ?? "")) node.textContent = "";
  });
  purify.addHook("uponSanitizeAttribute", (node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue.trim();
    if (name === "href" || name === "xlink:href") {
      const local = value.startsWith("#");
      const embedded = (node as Element).localName === "image" && EMBEDDED_RASTER.test(value);
      if (!local && !embedded) data.keepAttr = false;
      else data.forceKeepAttr = true; // DOMPurify's own URI rule refuses data: outside <img>
    } else if (OUTSIDE_REFERENCE.test(value)) data.keepAttr = false;
  });
  purify.sanitize(root, {
    IN_PLACE: true,
    USE_PROFILES: { svg: true, svgFilters: true },
    // `use` repeats a shape of the same file (its href is checked above).
    ADD_TAGS: ["use"],
    FORBID_TAGS: ["foreignObject", "script", "animate", "animateMotion", "animateTransform", "set", "iframe"],
  });
  // The `xlink:` attributes keep their namespace declaration; no other namespace is wanted.
  for (const attribute of Array.from(root.attributes))
    if (attribute.name.startsWith("xmlns:") && attribute.value !== XLINK_NS)
      root.removeAttribute(attribute.name);

  const drawn = Array.from(root.getElementsByTagNameNS(SVG_NS, "*")).some((e) => DRAWING.has(e.localName));
  if (!drawn) return { ok: false, reason: "empty" };
  const svg = new dom.window.XMLSerializer().serializeToString(root);
  dom.window.close();
  return { ok: true, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` };
}

/**
 * Checks an uploaded file and returns the logo to store, or a French error. The kind comes from
 * the bytes only. PNG and JPEG are walked and rebuilt without metadata (logo.ts), an SVG is
 * parsed and cleaned (sanitizeSvg); all within MAX_LOGO_BYTES.
 */
export async function checkLogo(input: Uint8Array): Promise<LogoCheck> {
  if (input.length === 0) return { ok: false, error: LOGO_ERRORS.empty };
  if (input.length > MAX_LOGO_BYTES) return { ok: false, error: LOGO_ERRORS.tooLarge };
  const kind = sniffLogo(input);
  if (kind === "unknown") return { ok: false, error: LOGO_ERRORS.unknown };
  let bytes: Uint8Array;
  let width: number | null = null;
  let height: number | null = null;
  if (kind === "svg") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return { ok: false, error: LOGO_ERRORS.unknown };
    }
    const clean = await sanitizeSvg(text);
    if (!clean.ok)
      return { ok: false, error: clean.reason === "empty" ? LOGO_ERRORS.svgEmpty : LOGO_ERRORS.svgInvalid };
    bytes = new TextEncoder().encode(clean.svg);
    if (bytes.length > MAX_LOGO_BYTES) return { ok: false, error: LOGO_ERRORS.tooLarge };
  } else {
    const clean = kind === "png" ? cleanPng(input) : cleanJpeg(input);
    if (!clean.ok)
      return {
        ok: false,
        error: clean.reason === "too_many_pixels" ? LOGO_ERRORS.tooManyPixels : LOGO_ERRORS.malformed(kind),
      };
    ({ bytes, width, height } = clean);
  }
  const buffer = Buffer.from(bytes);
  return {
    ok: true,
    logo: {
      kind,
      mimeType: LOGO_MIME[kind],
      bytes: buffer,
      sha256: crypto.createHash("sha256").update(buffer).digest("hex"),
      width,
      height,
    },
  };
}
