/**
 * A territory's logo (issue 14, part 8; docs/decisions/030-territory-logo.md), through the real
 * routes in process: the coordinators' upload page (multipart, CSRF, French refusals that change
 * nothing), the public /logo/:territory address and its headers, the poster and the landing page.
 */
import zlib from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DB } from "../../db/client";
import { CSRF_FIELD } from "~/accounts/csrf";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { LOGO_ERRORS, MAX_LOGO_BYTES, sniffLogo } from "~/accounts/logo";
import { checkLogo } from "~/accounts/logo-check.server";
import { createTerritory } from "~/accounts/territory.server";
import { loader as logoLoader } from "~/routes/logo.$territory";
import { loader as landingLoader } from "~/routes/s.$slug._index";
import { loader as posterLoader } from "~/routes/tableau.campagnes.$slug.affiche";
import { action as logoAction, loader as logoPageLoader } from "~/routes/tableau.territoires_.$slug.logo";
import { bodyLimits } from "../../server/limits";
import { createCampaign, getTestDb, signInPeople } from "./fixtures";

// The first SVG loads jsdom (seconds on a busy machine); the property test parses hundreds.
vi.setConfig({ testTimeout: 60_000 });

const TERRITORY = "territoire-test";
const PAGE = `http://localhost/tableau/territoires/${TERRITORY}/logo`;

let db: DB;
const cookies = {} as Record<"coordo" | "viewer" | "other" | "admin", string>;

// ---- Test images ---------------------------------------------------------------------------

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG (8-bit RGB, one colour), with optional extra chunks before its data. */
function makePng(width: number, height: number, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...extra,
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** A real 16 × 8 JPEG (drawn by Chromium's canvas), with its colour profile. */
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAgEAAAAwkBAAAAAAAAAAAAAAAAFjMHEhQlMUFiY4GC/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAeEQAABQUBAAAAAAAAAAAAAAAAARESEyEiI0Fxkf/aAAwDAQACEQMRAD8AgZYRpoftUIvm+l4ry4NTI0rIO2LXwcV907YAFPFkkcfFp4ApLGIXdj//2Q==",
  "base64",
);

/** The JPEG with a phone's EXIF (a place) and a comment after its start, and HTML after its end. */
function jpegWithMetadata(): Buffer {
  const segment = (marker: number, text: string) => {
    const data = Buffer.from(text, "latin1");
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  };
  return Buffer.concat([
    JPEG.subarray(0, 2),
    segment(0xe1, "Exif\0\0GPS 43.3000N 5.4000E"),
    segment(0xfe, "photographed at home"),
    JPEG.subarray(2),
    Buffer.from("<html><script>alert(1)</script></html>"),
  ]);
}

const HOSTILE_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" onload="alert('onload')">
  <script>alert('script')</script>
  <style>@import url(https://evil.example/x.css); .b { fill: #1f4e8c }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f4e8c"/></linearGradient>
    <path id="shape" d="M0 0h10v10z"/></defs>
  <rect class="b" width="100" height="50" fill="url(#g)" style="fill: url(https://evil.example/track.png)"/>
  <use href="#shape"/><use xlink:href="https://evil.example/sprite.svg#x"/>
  <a href="javascript:alert('link')"><circle cx="20" cy="20" r="5" onclick="alert('click')"/></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert('html')"/></div></foreignObject>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <animate attributeName="href" to="javascript:alert('animate')"/>
  <text x="50" y="30">Cité éducative</text>
</svg>`;

// ---- Helpers ---------------------------------------------------------------------------

function file(bytes: Uint8Array | string, name: string, type: string): File {
  return new File([typeof bytes === "string" ? bytes : Buffer.from(bytes)], name, { type });
}

/** Posts the page's form as the browser does (multipart, with the session's CSRF token). */
async function post(
  who: keyof typeof cookies,
  fields: Record<string, string | File>,
  { slug = TERRITORY, csrf = true } = {},
): Promise<{ status: number; location: string | null; error?: string }> {
  const form = new FormData();
  if (csrf) form.set(CSRF_FIELD, csrfTokenForCookie(cookies[who]));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const request = new Request(`http://localhost/tableau/territoires/${slug}/logo`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookies[who] },
  });
  let answer: Response;
  try {
    answer = (await logoAction({ request, params: { slug }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) answer = thrown;
    else throw thrown;
  }
  const body = answer.headers.get("Content-Type")?.includes("json")
    ? ((await answer.json()) as { error?: string })
    : {};
  return { status: answer.status, location: answer.headers.get("Location"), error: body.error };
}

const upload = (who: keyof typeof cookies, f: File) => post(who, { intent: "upload", logo: f });

async function served(query = "", headers: Record<string, string> = {}) {
  const answer = await logoLoader({
    request: new Request(`http://localhost/logo/${TERRITORY}${query}`, { headers }),
    params: { territory: TERRITORY },
    context: {},
  });
  return { answer, bytes: Buffer.from(await answer.arrayBuffer()) };
}

async function storedHash(): Promise<string | undefined> {
  const row = await db.selectFrom("territory_logo").select("sha256").executeTakeFirst();
  return row?.sha256;
}

beforeAll(async () => {
  ({ db } = await getTestDb());
  await createCampaign(db, { slug: "logo-campagne" });
  await createTerritory(db, { slug: "ailleurs", name: "Cité éducative d'ailleurs" });
  await signInPeople(
    db,
    {
      coordo: { role: "coordinator", territorySlugs: [TERRITORY] },
      viewer: { role: "viewer", territorySlugs: [TERRITORY] },
      other: { role: "coordinator", territorySlugs: ["ailleurs"] },
      admin: { role: "admin", territorySlugs: [] },
    },
    cookies,
  );
});

// ---- Tests ---------------------------------------------------------------------------

describe("uploading a logo", () => {
  it("takes a PNG, keeps the image and drops its text chunks and what follows its end", async () => {
    const png = Buffer.concat([
      makePng(40, 20, [chunk("tEXt", Buffer.from("Author\0Jeanne Secret"))]),
      Buffer.from("<html><script>alert(1)</script></html>"),
    ]);
    const answer = await upload("coordo", file(png, "logo.png", "image/png"));
    expect(answer).toMatchObject({
      status: 302,
      location: `/tableau/territoires/${TERRITORY}/logo?fait=enregistre`,
    });

    const { answer: image, bytes } = await served();
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(bytes).toEqual(makePng(40, 20)); // the same image, without the tEXt chunk or the tail
    expect(bytes.toString("latin1")).not.toMatch(/Secret|script/);

    const page = await logoPageLoader({
      request: new Request(PAGE, { headers: { Cookie: cookies.coordo } }),
      params: { slug: TERRITORY },
      context: {},
    });
    expect(page.logo).toMatchObject({ kind: "PNG", width: 40, height: 20 });
  });

  it("takes a JPEG without its EXIF, its comment or anything after its end", async () => {
    expect((await upload("coordo", file(jpegWithMetadata(), "photo.jpeg", "image/jpeg"))).status).toBe(302);
    const { answer, bytes } = await served();
    expect(answer.headers.get("Content-Type")).toBe("image/jpeg");
    expect(bytes).toEqual(JPEG);
    expect(bytes.toString("latin1")).not.toMatch(/GPS|photographed|script/);
  });

  it("takes an SVG once cleaned: no script, handler, HTML, animation or outside reference", async () => {
    expect((await upload("coordo", file(HOSTILE_SVG, "logo.svg", "image/svg+xml"))).status).toBe(302);
    const { answer, bytes } = await served();
    expect(answer.headers.get("Content-Type")).toBe("image/svg+xml");
    const svg = bytes.toString("utf8");
    expect(svg).not.toMatch(
      /script|onload|onclick|onerror|foreignObject|javascript:|evil\.example|@import|<animate|alert/i,
    );
    // What draws the logo stays: its shapes, its own gradient and shape, its text.
    expect(svg).toContain('fill="url(#g)"');
    expect(svg).toContain('href="#shape"');
    expect(svg).toContain("<circle");
    expect(svg).toContain("Cité éducative");
  });

  it("goes by the bytes, not the name: a PNG named logo.svg is stored as a PNG", async () => {
    expect((await upload("coordo", file(makePng(8, 8), "logo.svg", "image/svg+xml"))).status).toBe(302);
    expect((await served()).answer.headers.get("Content-Type")).toBe("image/png");
  });

  it("refuses, in French and changing nothing, what is no safe image", async () => {
    const before = await storedHash();
    expect(before).toBeDefined();
    const refusals: [File, string][] = [
      [
        file("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "logo.png", "image/png"),
        LOGO_ERRORS.svgInvalid,
      ],
      [file("GIF89a\x01\x00\x01\x00", "logo.png", "image/png"), LOGO_ERRORS.unknown],
      [
        file(
          '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
          "logo.svg",
          "image/svg+xml",
        ),
        LOGO_ERRORS.svgEmpty,
      ],
      [
        file('<svg xmlns="http://www.w3.org/2000/svg"><rect', "logo.svg", "image/svg+xml"),
        LOGO_ERRORS.svgInvalid,
      ],
      [file(makePng(3000, 2), "logo.png", "image/png"), LOGO_ERRORS.tooManyPixels],
      [file(makePng(8, 8).subarray(0, 40), "logo.png", "image/png"), LOGO_ERRORS.malformed("png")],
      [file(new Uint8Array(), "logo.png", "image/png"), LOGO_ERRORS.empty],
    ];
    for (const [f, message] of refusals) {
      const answer = await upload("coordo", f);
      expect({ name: f.name, status: answer.status, error: answer.error }).toEqual({
        name: f.name,
        status: 422,
        error: message,
      });
    }
    expect(await storedHash()).toBe(before);
  });

  it("refuses a file over 200 KB in French, changing nothing", async () => {
    const before = await storedHash();
    const big = Buffer.concat([makePng(8, 8), Buffer.alloc(MAX_LOGO_BYTES + 1024, 0x41)]);
    const answer = await upload("coordo", file(big, "grand.png", "image/png"));
    expect(answer).toMatchObject({ status: 413, error: LOGO_ERRORS.tooLarge });
    expect(answer.error).toContain("200 Ko");
    expect(await storedHash()).toBe(before);
  });

  it("gets through the server's front door up to 1 MiB on its own route only", () => {
    const limitFor = bodyLimits(256 * 1024);
    expect(limitFor(`/tableau/territoires/${TERRITORY}/logo`)).toBe(1024 * 1024);
    expect(limitFor(`/tableau/territoires/${TERRITORY}`)).toBe(64 * 1024);
    expect(limitFor("/tableau/territoires")).toBe(64 * 1024);
  });

  it("is only for the territory's coordinators and admins, with the form's CSRF token", async () => {
    const before = await storedHash();
    const png = () => file(makePng(9, 9), "logo.png", "image/png");
    expect((await upload("viewer", png())).status).toBe(404);
    expect((await upload("other", png())).status).toBe(404);
    expect((await post("coordo", { intent: "upload", logo: png() }, { csrf: false })).status).toBe(403);
    expect(await storedHash()).toBe(before);
    for (const who of ["viewer", "other"] as const)
      await expect(
        logoPageLoader({
          request: new Request(PAGE, { headers: { Cookie: cookies[who] } }),
          params: { slug: TERRITORY },
          context: {},
        }),
      ).rejects.toMatchObject({ status: 404 });
    expect((await upload("admin", png())).status).toBe(302);
  });
});

describe("the logo's address", () => {
  it("serves it as an image that cannot run, cached by its hash", async () => {
    const hash = (await storedHash())!;
    const { answer } = await served(`?v=${hash.slice(0, 16)}`);
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "content-disposition": `inline; filename="logo-${TERRITORY}.png"`,
      etag: `"${hash}"`,
      "cache-control": "public, max-age=31536000, immutable",
    });
    expect((await served()).answer.headers.get("Cache-Control")).toBe("public, max-age=300, must-revalidate");
    const again = await served("", { "If-None-Match": `"${hash}"` });
    expect(again.answer.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it("is on the poster and the landing page, with the territory's name", async () => {
    const hash = (await storedHash())!;
    const src = `/logo/${TERRITORY}?v=${hash.slice(0, 16)}`;
    const poster = await posterLoader({
      request: new Request("http://localhost/tableau/campagnes/logo-campagne/affiche", {
        headers: { Cookie: cookies.coordo },
      }),
      params: { slug: "logo-campagne" },
      context: {},
    });
    expect(poster).toMatchObject({
      territoryName: "Cité éducative de test",
      territoryLogo: src,
      territorySlug: TERRITORY,
    });
    const landing = await landingLoader({
      request: new Request("http://localhost/s/logo-campagne"),
      params: { slug: "logo-campagne" },
      context: {},
    });
    expect(landing.campaign).toMatchObject({ territoryName: "Cité éducative de test", territoryLogo: src });
  });

  it("is gone once removed: 404, and the pages show the name alone", async () => {
    // The removal button posts an ordinary (URL-encoded) form.
    const removal = new Request(PAGE, {
      method: "POST",
      body: new URLSearchParams({ [CSRF_FIELD]: csrfTokenForCookie(cookies.coordo), intent: "remove" }),
      headers: { Cookie: cookies.coordo },
    });
    const removed = (await logoAction({
      request: removal,
      params: { slug: TERRITORY },
      context: {},
    })) as Response;
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toBe(`/tableau/territoires/${TERRITORY}/logo?fait=retire`);
    expect((await served()).answer.status).toBe(404);
    const landing = await landingLoader({
      request: new Request("http://localhost/s/logo-campagne"),
      params: { slug: "logo-campagne" },
      context: {},
    });
    expect(landing.campaign.territoryLogo).toBeNull();
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "territory_logo%")
      .execute();
    expect(audit.map((a) => a.action)).toContain("territory_logo_removed");
  });
});

describe("hostile files", () => {
  const SCRIPTED = /<script|\son[a-z]+\s*=|javascript:|foreignObject|https?:\/\//i;

  it("never throws; whatever it keeps is of the kind its bytes say, and an SVG kept carries no script", async () => {
    const svgPieces = fc.constantFrom(
      "<script>alert(1)</script>",
      '<rect width="1" height="1"/>',
      '<a href="javascript:x()"><circle r="2"/></a>',
      '<g onmouseover="x()"><path d="M0 0h1"/></g>',
      "<foreignObject><body onload='x()'/></foreignObject>",
      '<image href="http://x.example/a.png"/>',
      "<style>*{background:url(http://x.example)}</style>",
      "<![CDATA[</svg><script>x()</script>]]>",
      "&lt;script&gt;",
      "<!-- --><use href='//x.example/#a'/>",
      '<set attributeName="onload" to="x()"/>',
      '<svg onload="x()"><text>t</text></svg>',
    );
    const svg = fc
      .array(svgPieces, { maxLength: 8 })
      .map((parts) => `<svg xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`);
    const mutatedPng = fc
      .tuple(fc.nat(200), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, bytes]) => {
        const png = Buffer.from(makePng(12, 6));
        png.set(bytes, Math.min(at, png.length - bytes.length));
        return png;
      });
    const mutatedJpeg = fc
      .tuple(fc.nat(JPEG.length), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, bytes]) => {
        const jpeg = Buffer.from(JPEG);
        jpeg.set(bytes, Math.min(at, jpeg.length - bytes.length));
        return jpeg;
      });
    const input = fc.oneof(
      svg.map((s) => Buffer.from(s)),
      mutatedPng,
      mutatedJpeg,
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        const result = await checkLogo(bytes);
        if (!result.ok) {
          expect(
            Object.values(LOGO_ERRORS).some((e) =>
              typeof e === "string" ? e === result.error : result.error.startsWith("Ce fichier"),
            ),
          ).toBe(true);
          return;
        }
        expect(result.logo.bytes.length).toBeLessThanOrEqual(MAX_LOGO_BYTES);
        expect(sniffLogo(result.logo.bytes)).toBe(result.logo.kind);
        if (result.logo.kind === "svg") {
          // The SVG and XLink namespace names are addresses that load nothing.
          const svgText = result.logo.bytes
            .toString("utf8")
            .replaceAll('"http://www.w3.org/2000/svg"', "")
            .replaceAll('"http://www.w3.org/1999/xlink"', "");
          expect(svgText).not.toMatch(SCRIPTED);
        }
      }),
      { numRuns: 200, seed: 20261208 },
    );
  });
});
