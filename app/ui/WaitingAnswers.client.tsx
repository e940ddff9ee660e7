import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErasureCode } from "~/ui/ErasureCode";
import { useLocale, useT } from "~/i18n/react";
import {
  clearDraft,
  type Draft,
  saveDraft,
  submissionOf,
  type UnsentAnswers,
  unsentAnswers,
} from "~/responses/answer-store";
import { retryDelaySeconds, sendResponse } from "~/responses/send-response";
import { childQuestionnairePath, questionnairePath } from "~/surveys/paths";

/** One of the campaign's questionnaires, as the landing knows it (for "tu" or "vous"). */
export interface LandingSurvey {
  id: string;
  audience: string;
}

type State =
  | { kind: "waiting" }
  | { kind: "sending" }
  /** Not sent: no connection, or the server did not answer; sent again when online or after `seconds`. */
  | { kind: "retry"; reason: "offline" | "server"; seconds: number | null }
  | { kind: "done"; codes: { key: string; code: string | null; form: "tu" | "vous" }[] }
  /** Some answers could not be sent and never will from here: what to do about them. */
  | { kind: "failed"; message: "closed" | "refused" | "invalid"; path: string | null };

function isOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

/**
 * Finished answers kept on this phone for this campaign and not yet acknowledged (a tab closed
 * while offline): announced on the landing with a button to send them now, through the same
 * sending code and with the same response id as the questionnaire page (decisions 013, 023).
 * Client only: the server's landing page does not change.
 */
export function WaitingAnswers({ slug, surveys }: { slug: string; surveys: LandingSurvey[] }) {
  const t = useT();
  const locale = useLocale();
  const [unsent, setUnsent] = useState<UnsentAnswers[]>([]);
  const [state, setState] = useState<State>({ kind: "waiting" });
  const [online, setOnline] = useState(true);
  /** Send as soon as the connection returns (the person tapped while offline). */
  const [armed, setArmed] = useState(false);
  const attempt = useRef(0);
  const statusRef = useRef<HTMLDivElement>(null);

  // Read after the first paint, so the (empty) live region exists before its text arrives.
  useEffect(() => {
    setUnsent(unsentAnswers(window.localStorage, slug));
    setOnline(isOnline());
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, [slug]);

  const formOf = useCallback(
    (surveyId: string): "tu" | "vous" => {
      const audience = surveys.find((s) => s.id === surveyId)?.audience;
      return audience === "Y" || audience === "A" ? "tu" : "vous";
    },
    [surveys],
  );

  const send = useCallback(async () => {
    // Read again: the questionnaire, open in another tab, may have sent some meanwhile.
    const pending = unsentAnswers(window.localStorage, slug);
    setUnsent(pending);
    if (pending.length === 0) {
      setState({ kind: "waiting" });
      return;
    }
    setState({ kind: "sending" });
    const codes: { key: string; code: string | null; form: "tu" | "vous" }[] = [];
    for (const item of pending) {
      const outcome = await sendResponse(slug, submissionOf(item, locale));
      switch (outcome.kind) {
        case "stored": {
          // As the questionnaire page does: the answers are dropped, the code kept until shown.
          const stored: Draft = {
            ...item.draft,
            data: {},
            status: "stored",
            erasureCode: outcome.erasureCode,
          };
          saveDraft(window.localStorage, item.key, stored);
          codes.push({ key: item.key, code: outcome.erasureCode, form: formOf(item.surveyId) });
          continue;
        }
        case "retry": {
          attempt.current += 1;
          // Never sooner than the server asked (429 Retry-After), as on the questionnaire page.
          const seconds = Math.max(retryDelaySeconds(attempt.current), outcome.retryAfterSeconds ?? 0);
          setUnsent(unsentAnswers(window.localStorage, slug));
          setState({ kind: "retry", reason: outcome.reason, seconds });
          setArmed(true);
          return;
        }
        case "closed":
          // Nothing can ever send these answers: do not keep them on the phone.
          clearDraft(window.localStorage, item.key);
          setState({ kind: "failed", message: "closed", path: null });
          setUnsent(unsentAnswers(window.localStorage, slug));
          return;
        case "invalid":
          // The questionnaire page shows what the server found and lets the person fix it.
          setState({
            kind: "failed",
            message: "invalid",
            path:
              item.child !== null && item.ageBand
                ? childQuestionnairePath(slug, item.surveyId, item.ageBand, item.child, item.form)
                : questionnairePath(slug, item.surveyId, item.ageBand, item.form),
          });
          return;
        case "refused":
          setState({ kind: "failed", message: "refused", path: null });
          return;
      }
    }
    attempt.current = 0;
    setArmed(false);
    setUnsent([]);
    setState({ kind: "done", codes });
  }, [formOf, locale, slug]);

  // Shown once: once on screen, the codes are forgotten by the phone (as on the thank-you page).
  useEffect(() => {
    if (state.kind !== "done") return;
    for (const { key } of state.codes) clearDraft(window.localStorage, key);
  }, [state]);

  // The button disappears when the answers are sent or cannot be: keep the focus on the message.
  useEffect(() => {
    if (state.kind === "done" || state.kind === "failed") statusRef.current?.focus();
  }, [state.kind]);

  // Tapped while offline, or a try failed: go when the connection returns, or after the delay.
  useEffect(() => {
    if (!armed || state.kind === "sending") return;
    const again = () => void send();
    window.addEventListener("online", again);
    const timer =
      state.kind === "retry" && state.seconds !== null
        ? window.setTimeout(again, state.seconds * 1000)
        : null;
    return () => {
      window.removeEventListener("online", again);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [armed, online, send, state]);

  const tap = () => {
    if (!isOnline()) {
      setArmed(true);
      setState({ kind: "retry", reason: "offline", seconds: null });
      return;
    }
    void send();
  };

  const waiting = unsent.length > 0 && state.kind !== "done" && state.kind !== "failed";
  const message = waiting
    ? [
        t("landing.waiting"),
        state.kind === "sending" ? t("landing.waiting.sending") : null,
        state.kind === "retry"
          ? state.reason === "offline"
            ? t("landing.waiting.offline")
            : `${t("survey.serverDown")} ${t("landing.waiting.retry")}`
          : null,
      ]
        .filter(Boolean)
        .join(" ")
    : state.kind === "done"
      ? t("landing.waiting.sent")
      : state.kind === "failed"
        ? state.message === "closed"
          ? t("survey.closed.vous")
          : state.message === "refused"
            ? t("survey.refused.vous")
            : t("landing.waiting.check")
        : "";

  return (
    <div className={message ? "waiting-answers" : "waiting-answers is-empty"} data-testid="waiting-answers">
      {/* Always there once the page runs, so its text is read out when it appears or changes. */}
      <div ref={statusRef} role="status" aria-live="polite" tabIndex={-1} className="waiting-answers-status">
        {message}
      </div>
      {waiting ? (
        <button
          type="button"
          className="button primary"
          onClick={tap}
          disabled={state.kind === "sending"}
          aria-disabled={state.kind === "sending"}
        >
          {online ? t("landing.waiting.send") : t("landing.waiting.whenOnline")}
        </button>
      ) : null}
      {state.kind === "failed" && state.path ? (
        <p>
          <Link className="button" to={state.path}>
            {t("landing.waiting.open")}
          </Link>
        </p>
      ) : null}
      {state.kind === "done"
        ? // A family visit's responses share one code: shown once.
          state.codes
            .filter((c, i, all) => c.code === null || all.findIndex((o) => o.code === c.code) === i)
            .map(({ key, code, form }) =>
              code ? (
                <ErasureCode key={key} code={code} form={form} />
              ) : (
                <p key={key}>{t("thanks.code.unavailable")}</p>
              ),
            )
        : null}
    </div>
  );
}
