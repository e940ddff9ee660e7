import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex as Socket } from "node:stream";
import { logLine } from "./access-log";
import type { ClientRule } from "./client-address";
import { BAD_REQUEST_MESSAGE, isApiPath, JSON_TYPE } from "./errors";
import { API_POLICY, REFUSAL_POLICY, setSecurityHeaders } from "./headers";
import { discardRest, KiB } from "./limits";

// What no route can answer is refused at once, in French: a page, or JSON under /api/
// (docs/decisions/024-request-limits.md).

/** The only methods served; any other is a 405 with `Allow`. */
export const METHODS: readonly string[] = ["GET", "HEAD", "POST"];

export interface Refusal {
  status: number;
  code: string;
  title: string;
  message: string;
  headers?: Record<string, string>;
}

const METHOD_MESSAGE = "Cette méthode n'est pas acceptée ici : seules GET, HEAD et POST le sont.";

export const REFUSALS = {
  badRequest: {
    status: 400,
    code: "bad_request",
    title: "Requête mal formée",
    message: BAD_REQUEST_MESSAGE,
  },
  crossOrigin: {
    status: 403,
    code: "cross_origin",
    title: "Formulaire expiré",
    message:
      "Ce formulaire a expiré ou ne vient pas de Coéduc : rien n'a été enregistré. Rechargez la page, puis recommencez.",
  },
  method: {
    status: 405,
    code: "method_not_allowed",
    title: "Méthode non acceptée",
    message: METHOD_MESSAGE,
    headers: { Allow: METHODS.join(", ") },
  },
  tooLarge: (limit: number): Refusal => ({
    status: 413,
    code: "payload_too_large",
    title: "Envoi trop volumineux",
    message: `Ce qui a été envoyé dépasse ${limit / KiB} Ko : rien n'a été enregistré. Raccourcissez le texte ou choisissez un fichier plus petit, puis recommencez.`,
  }),
} satisfies Record<string, Refusal | ((limit: number) => Refusal)>;

const page = (title: string, message: string) => `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Coéduc</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Retour à l'accueil de Coéduc</a></p>
</main>
</body>
</html>
`;

/** Answers a refusal: a French page, or JSON under /api/; an unread body is thrown away (discardRest). */
export function refuse(
  rule: ClientRule,
  req: IncomingMessage,
  res: ServerResponse,
  refusal: Refusal,
  started: bigint,
): void {
  const api = isApiPath(req.url ?? "");
  const body = api
    ? JSON.stringify({ error: { code: refusal.code, message: refusal.message } })
    : page(refusal.title, refusal.message);
  const length = Buffer.byteLength(body);
  setSecurityHeaders(res, api ? API_POLICY : REFUSAL_POLICY, rule.isHttps(req));
  discardRest(req);
  res.writeHead(refusal.status, {
    "Content-Type": api ? JSON_TYPE : "text/html; charset=utf-8",
    "Content-Length": length,
    "Cache-Control": "no-store",
    ...refusal.headers,
  });
  res.end(body);
  logLine(req, refusal.status, length, started);
}

/** A plain-text French answer written on the socket itself, where Node gives no response object. */
function answerOnSocket(socket: Socket, status: number, reason: string, text: string, extra = ""): void {
  const body = Buffer.from(`${text}\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}

const refuseMethodOnSocket = (socket: Socket) =>
  answerOnSocket(socket, 405, "Method Not Allowed", METHOD_MESSAGE, `Allow: ${METHODS.join(", ")}\r\n`);

/**
 * What Node's parser refuses before there is a request (an unknown method, a broken header…):
 * French too, with Allow for a method, instead of Node's bare status line.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === "HPE_INVALID_METHOD") refuseMethodOnSocket(socket);
  else if (error.code === "HPE_HEADER_OVERFLOW")
    answerOnSocket(socket, 431, "Request Header Fields Too Large", "En-têtes de la requête trop grands.");
  else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    answerOnSocket(socket, 408, "Request Timeout", "La requête a mis trop de temps à arriver.");
  else answerOnSocket(socket, 400, "Bad Request", BAD_REQUEST_MESSAGE);
}

/** CONNECT (a proxy tunnel) never reaches the request handler: Node would just close. */
export function answerConnect(_req: IncomingMessage, socket: Socket): void {
  refuseMethodOnSocket(socket);
}
