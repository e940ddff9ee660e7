import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCouncilSitting } from "~/accounts/campaign-access.server";
import { sessionWatch } from "~/accounts/login.server";
import { liveState, sittingRevision } from "~/council/live.server";
import { effectiveStatus } from "~/council/sittings.server";

// The projector's live feed (Server-Sent Events). Each stream looks at the sitting's
// revision twice a second — one indexed read — and sends the whole state when it moved:
// a new state reaches the room within about half a second of the answer, and the stream
// works the same whether answers came through this process or another one. Every two
// seconds it also checks that the coordinator's session is still live, and ends when it is
// not (logout, password change, absolute or idle limit passed), after telling the page.

const CHECK_MS = 500;
/** A comment line now and then keeps proxies from closing an idle connection. */
const KEEPALIVE_MS = 15_000;
/** Streams end after this; EventSource reconnects by itself (after `retry`). */
const LIFETIME_MS = 10 * 60_000;
/** How often the coordinator's session is checked (an indexed read or two). */
const SESSION_CHECK_MS = 2000;
/** The event that tells the page its session ended (useLiveState reloads it: the login page). */
const SIGNED_OUT_EVENT = "fin-de-session";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, sitting } = await requireCouncilSitting(request, params);
  const signedIn = await sessionWatch(request);
  if (!signedIn) return new Response(null, { status: 204 });
  // A closed sitting never changes again; 204 tells EventSource not to reconnect.
  if (effectiveStatus(sitting) === "closed") return new Response(null, { status: 204 });

  const encoder = new TextEncoder();
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  const end = () => {
    ended = true;
    clearTimeout(timer);
  };

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let sent = -1;
      let lastWrite = Date.now();
      let sessionCheckedAt = Date.now();
      const write = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const finish = () => {
        end();
        try {
          controller.close();
        } catch {
          // Already cancelled by the client leaving.
        }
      };
      // The client left: stop checking and end the body, so a pending read finishes.
      request.signal.addEventListener("abort", finish);
      const tick = async () => {
        // Referring to `request` here keeps it alive while the stream runs: its signal is held
        // weakly by the fetch implementation, and a collected Request never reports the abort.
        if (ended || request.signal.aborted) return finish();
        try {
          if (Date.now() - sessionCheckedAt >= SESSION_CHECK_MS) {
            sessionCheckedAt = Date.now();
            if (!(await signedIn())) {
              if (!ended) write(`event: ${SIGNED_OUT_EVENT}\ndata: \n\n`);
              return finish();
            }
          }
          const revision = await sittingRevision(db, sitting.id);
          if (revision === undefined) return finish();
          if (revision !== sent) {
            const state = await liveState(db, sitting.id);
            if (!state || ended) return finish();
            sent = state.revision;
            write(`data: ${JSON.stringify(state)}\n\n`);
            if (state.status === "closed") return finish();
          } else if (Date.now() - lastWrite >= KEEPALIVE_MS) {
            write(": ping\n\n");
          }
          if (Date.now() - started >= LIFETIME_MS) return finish();
        } catch (error) {
          end();
          controller.error(error);
          return;
        }
        timer = setTimeout(() => void tick(), CHECK_MS);
      };
      write("retry: 2000\n\n");
      await tick();
    },
    cancel: end,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx would otherwise buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
}
