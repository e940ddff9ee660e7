import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

// Who the client is, whether it came over HTTPS and which host it asked for: the one rule for
// the fast lane, the front door and the web Request handed to Remix. Behind a reverse proxy,
// TRUST_PROXY=true (read once, by server/index.ts through getEnv()) makes these come from the
// proxy's X-Forwarded-* headers; without it a client could pick its own address
// (docs/decisions/014-web-security.md, 024-request-limits.md).

/** Headers a client could set to pass for a proxy: read only with TRUST_PROXY. */
const FORWARDED_HEADERS = new Set(["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"]);

/** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing else is a Host. */
const HOST_PATTERN = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface ClientRule {
  /** TRUST_PROXY, as the environment set it. */
  readonly trustProxy: boolean;
  /** The client's address: with TRUST_PROXY, the one the proxy saw (its X-Forwarded-For entry, the last). */
  addressOf(req: IncomingMessage): string | null;
  /**
   * HTTPS: TLS here, or, with TRUST_PROXY, the proxy's X-Forwarded-Proto. The one rule for HSTS
   * and for the app (the web Request's URL is https only then: Secure, `__Host-` cookies).
   */
  isHttps(req: IncomingMessage): boolean;
  /**
   * The host the client asked for: with TRUST_PROXY, the first X-Forwarded-Host entry when the
   * proxy sent one, else the Host header (as Express's req.hostname and Remix's origin check read
   * them). "" when the request names none (HTTP/1.0), null when it is malformed.
   */
  authorityOf(req: IncomingMessage): string | null;
  /** Whether a request header is one the app must not see (X-Forwarded-*, Forwarded without TRUST_PROXY). */
  hides(headerName: string): boolean;
}

/** A header as one string (Node joins repeated ones with ", "; "" when absent). */
function headerOf(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

export function clientRule(trustProxy: boolean): ClientRule {
  return {
    trustProxy,
    addressOf(req) {
      if (trustProxy) {
        const hops = headerOf(req, "x-forwarded-for")
          .split(",")
          .map((hop) => hop.trim())
          .filter(Boolean); // as Express's proxy-addr: empty entries are skipped
        const last = hops[hops.length - 1];
        if (last) return last;
      }
      return req.socket.remoteAddress ?? null;
    },
    isHttps(req) {
      if ((req.socket as Partial<TLSSocket>).encrypted) return true;
      return trustProxy && /^\s*https\s*(,|$)/i.test(headerOf(req, "x-forwarded-proto"));
    },
    authorityOf(req) {
      const forwarded = trustProxy ? (headerOf(req, "x-forwarded-host").split(",")[0] ?? "").trim() : "";
      const host = forwarded || req.headers.host || "";
      if (host === "") return req.httpVersion === "1.0" ? "" : null;
      if (!HOST_PATTERN.test(host)) return null;
      try {
        new URL(`http://${host}/`); // a port past 65535, an IPv6 address that is not one
        return host;
      } catch {
        return null;
      }
    },
    hides(headerName) {
      return !trustProxy && FORWARDED_HEADERS.has(headerName);
    },
  };
}
