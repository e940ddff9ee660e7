import QRCode from "qrcode";
import { getEnv } from "~/env.server";

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A public address on this site: PUBLIC_URL when set (behind a proxy), else the address
 * people reached us by, so a poster or a projector shown from the real site points to it.
 */
export function publicLink(request: Request, path: string): URL {
  return new URL(path, getEnv().PUBLIC_URL ?? request.url);
}

/** "coeduc.example.fr/conseil": without "https://", shorter to type; phones add it. */
export function shortLink(url: URL): string {
  return `${url.host}${url.pathname}`;
}

/** A QR code as inline SVG markup, named for screen readers by the address it leads to. */
export async function qrSvg(url: URL): Promise<string> {
  const svg = await QRCode.toString(url.href, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return svg.replace(
    "<svg ",
    `<svg role="img" aria-label="${escapeAttribute(`QR code vers ${url.href}`)}" focusable="false" `,
  );
}
