import { useEffect, useState } from "react";
import type { LiveState } from "~/council/live.server";

/** If the stream says nothing at all for this long (a proxy holding it back), poll instead. */
const STREAM_SILENCE_MS = 5000;
/** Polling period of the fallback: results stay within two seconds of the answers. */
const POLL_MS = 1500;

/**
 * A sitting's live state: pushed by the server (Server-Sent Events at `${base}/direct`),
 * or fetched every 1.5 s from `${base}/etat` when the stream cannot get through. Stops
 * once the sitting is closed: nothing changes after that.
 */
export function useLiveState(base: string, initial: LiveState): { state: LiveState; transport: string } {
  const [state, setState] = useState(initial);
  const [transport, setTransport] = useState("page");
  // New page data (after opening or closing the sitting) replaces an older pushed state.
  const [pageState, setPageState] = useState(initial);
  if (initial !== pageState) {
    setPageState(initial);
    if (initial.revision >= state.revision) setState(initial);
  }
  useEffect(() => {
    if (initial.status === "closed") return;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let heard = false;

    const receive = (next: LiveState) => {
      setState(next);
      if (next.status === "closed") stop();
    };
    const stop = () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
    const poll = async () => {
      try {
        const response = await fetch(`${base}/etat`, {
          headers: { Accept: "application/json" },
          cache: "no-store",
        });
        // The login session ended: the request was sent to the login page. Reloading shows it.
        if (response.redirected && new URL(response.url).pathname === "/connexion") {
          stop();
          window.location.reload();
          return;
        }
        if (response.ok) receive((await response.json()) as LiveState);
      } catch {
        // Offline for a moment: the next round tries again.
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    const fallBackToPolling = () => {
      source?.close();
      source = null;
      setTransport("polling");
      void poll();
    };

    if (typeof EventSource === "undefined") {
      fallBackToPolling();
    } else {
      source = new EventSource(`${base}/direct`);
      source.onmessage = (event: MessageEvent<string>) => {
        heard = true;
        setTransport("stream");
        receive(JSON.parse(event.data) as LiveState);
      };
      // The coordinator's session ended (logout, time limit): reloading leads to the login page.
      source.addEventListener("fin-de-session", () => {
        stop();
        window.location.reload();
      });
      // EventSource reconnects by itself after a network error; only silence means polling.
      timer = setTimeout(() => {
        if (!heard && !stopped) fallBackToPolling();
      }, STREAM_SILENCE_MS);
    }
    return stop;
  }, [base, initial.status]);
  return { state, transport };
}
