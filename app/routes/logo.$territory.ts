import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { kindOfMime, logoFileName } from "~/accounts/logo";
import { findTerritoryLogo } from "~/accounts/territory-logo.server";

/**
 * A territory's logo, for the posters and the respondents' landing page (public: it is printed
 * on the posters). Served so that it can never act as a page: its own type, no sniffing, a
 * sandbox that loads and runs nothing, shown inline under a fixed safe name
 * (docs/decisions/030-territory-logo.md).
 */
export const LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const logo = params.territory ? await findTerritoryLogo(await getDb(), params.territory) : undefined;
  if (!logo)
    return new Response("Logo introuvable.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" },
    });
  const etag = `"${logo.sha256}"`;
  // The pages link to "?v=" + the start of the hash: that address never changes its image.
  const versioned = new URL(request.url).searchParams.get("v") === logo.sha256.slice(0, 16);
  const headers = {
    "Content-Type": logo.mime_type,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": LOGO_POLICY,
    "Content-Disposition": `inline; filename="${logoFileName(logo.slug, kindOfMime(logo.mime_type))}"`,
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": versioned
      ? "public, max-age=31536000, immutable"
      : "public, max-age=300, must-revalidate",
    ETag: etag,
  };
  const sent = request.headers.get("If-None-Match");
  if (sent && sent.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag))
    return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.bytes), { headers });
}
