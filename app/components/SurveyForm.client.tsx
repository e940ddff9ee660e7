import { useNavigate } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
import { clearDraft, type Draft, draftKey, loadDraft, saveDraft } from "~/lib/answer-store";
import { retryDelaySeconds, sendResponse } from "~/lib/send-response";
import { createSurveyModel, DEFAULT_LOCALE, prepareForRespondent } from "~/lib/survey-adapter";
import type { AgeBand, Audience } from "~/lib/audiences";

export interface SurveyFormProps {
  slug: string;
  survey: { id: string; version: number; audience: Audience; json: Record<string, unknown> };
  ageBand: AgeBand | null;
}

/** State of sending, shown to the person once they press "Envoyer mes réponses". */
type SendState =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "waiting"; reason: "offline" | "server"; seconds: number }
  | { kind: "closed" }
  | { kind: "refused" };

/** Parents are addressed as "vous", young people as "tu" (WRITING.md). */
function wording(audience: Audience) {
  const tu = audience === "Y" || audience === "A";
  return {
    sending: tu ? "Envoi de tes réponses…" : "Envoi de vos réponses…",
    kept: tu ? "Tes réponses sont gardées sur ce téléphone." : "Vos réponses sont gardées sur ce téléphone.",
    retrying: tu
      ? "Nous réessayons tout seuls. Tu peux aussi réessayer maintenant."
      : "Nous réessayons tout seuls. Vous pouvez aussi réessayer maintenant.",
    closed: tu
      ? "Ce questionnaire est fermé. Tes réponses n'ont pas pu être envoyées."
      : "Ce questionnaire est fermé. Vos réponses n'ont pas pu être envoyées.",
    refused: tu ? "Tes réponses n'ont pas pu être envoyées." : "Vos réponses n'ont pas pu être envoyées.",
    restart: tu ? "Tu peux recommencer le questionnaire." : "Vous pouvez recommencer le questionnaire.",
    invalid: tu
      ? "Certaines réponses posent problème. Vérifie-les avant d'envoyer :"
      : "Certaines réponses posent problème. Vérifiez-les avant d'envoyer :",
    storageFailed: tu
      ? "Ce téléphone ne peut pas garder tes réponses. Termine le questionnaire sans fermer la page."
      : "Ce téléphone ne peut pas garder vos réponses. Terminez le questionnaire sans fermer la page.",
  };
}

/** The only SurveyJS renderer: answers kept on the device, sent with retries. */
export default function SurveyForm({ slug, survey, ageBand }: SurveyFormProps) {
  const navigate = useNavigate();
  const key = draftKey(slug, survey.id, survey.version, ageBand);
  const draftRef = useRef<Draft | null>(null);
  const [send, setSend] = useState<SendState>({ kind: "idle" });
  const [storageFailed, setStorageFailed] = useState(false);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const attemptRef = useRef(0);
  const statusHeading = useRef<HTMLParagraphElement>(null);
  const say = wording(survey.audience);

  const model = useMemo(() => {
    const draft = loadDraft(window.localStorage, key);
    draftRef.current = draft;
    const m = prepareForRespondent(createSurveyModel(survey.json, DEFAULT_LOCALE));
    m.data = draft.data;
    if (draft.pageNo > 0 && draft.pageNo < m.visiblePageCount) m.currentPageNo = draft.pageNo;
    return m;
    // The model lives as long as this survey and age band are on screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const persist = useCallback(
    (patch: Partial<Draft>) => {
      const next = { ...draftRef.current!, ...patch };
      draftRef.current = next;
      setStorageFailed(!saveDraft(window.localStorage, key, next));
    },
    [key],
  );

  const trySend = useCallback(async () => {
    const draft = draftRef.current!;
    setSend({ kind: "sending" });
    const outcome = await sendResponse(slug, {
      id: draft.id,
      surveyId: survey.id,
      surveyVersion: survey.version,
      locale: DEFAULT_LOCALE,
      ageBand,
      answers: draft.data,
    });
    switch (outcome.kind) {
      case "stored":
        clearDraft(window.localStorage, key);
        navigate(`/s/${slug}/merci`, {
          replace: true,
          state: { erasureCode: outcome.erasureCode, audience: survey.audience },
        });
        return;
      case "retry": {
        attemptRef.current += 1;
        setSend({ kind: "waiting", reason: outcome.reason, seconds: retryDelaySeconds(attemptRef.current) });
        return;
      }
      case "invalid": {
        // Should not happen (the page checks the same rules); reopen the survey on the
        // first problem and say what the server found.
        persist({ status: "answering" });
        model.clear(false, false);
        const first = outcome.errors[0] && model.getQuestionByName(outcome.errors[0].question);
        if (first?.page) model.currentPage = first.page;
        model.validateCurrentPage();
        setServerErrors([...new Set(outcome.errors.map((e) => e.message))]);
        setSend({ kind: "idle" });
        return;
      }
      case "closed":
        // Nothing can ever send these answers: do not keep them on the phone.
        clearDraft(window.localStorage, key);
        setSend({ kind: "closed" });
        return;
      case "refused":
        setSend({ kind: "refused" });
    }
  }, [ageBand, key, model, navigate, persist, slug, survey]);

  useEffect(() => {
    const onValue = () => persist({ data: model.data as Record<string, unknown> });
    const onPage = () => persist({ pageNo: model.currentPageNo });
    const onComplete = () => {
      persist({ data: model.data as Record<string, unknown>, status: "sending" });
      attemptRef.current = 0;
      void trySend();
    };
    model.onValueChanged.add(onValue);
    model.onCurrentPageChanged.add(onPage);
    model.onComplete.add(onComplete);
    // Finished before a reload or a lost connection: go straight back to sending.
    if (draftRef.current?.status === "sending") {
      model.doComplete();
    }
    return () => {
      model.onValueChanged.remove(onValue);
      model.onCurrentPageChanged.remove(onPage);
      model.onComplete.remove(onComplete);
    };
  }, [model, persist, trySend]);

  // The survey disappears when sending starts: move focus to the message, so keyboard
  // and screen-reader users are not left on a removed button.
  useEffect(() => {
    if (send.kind !== "idle") statusHeading.current?.focus();
  }, [send.kind]);

  const restart = () => {
    clearDraft(window.localStorage, key);
    window.location.reload();
  };

  // Waiting to retry: count down, or go as soon as the browser says it is back online.
  useEffect(() => {
    if (send.kind !== "waiting") return;
    const retryNow = () => void trySend();
    const timer = window.setTimeout(retryNow, send.seconds * 1000);
    window.addEventListener("online", retryNow);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener("online", retryNow);
    };
  }, [send, trySend]);

  // Always mounted, so later changes (waiting, closed…) are announced; the first one is
  // read out by the focus move below.
  const live =
    send.kind === "waiting"
      ? `${send.reason === "offline" ? "Pas de connexion internet pour le moment." : "Le service ne répond pas pour le moment."} ${say.kept}`
      : send.kind === "closed"
        ? say.closed
        : send.kind === "refused"
          ? say.refused
          : "";
  const liveRegion = (
    <div className="visually-hidden" role="status" aria-live="polite">
      {live}
    </div>
  );

  if (send.kind !== "idle") {
    return (
      <>
        {liveRegion}
        <div className="send-status">
          <p ref={statusHeading} tabIndex={-1} className="status-title">
            <strong>
              {send.kind === "sending" ? say.sending : null}
              {send.kind === "waiting"
                ? send.reason === "offline"
                  ? "Pas de connexion internet pour le moment."
                  : "Le service ne répond pas pour le moment."
                : null}
              {send.kind === "closed" ? say.closed : null}
              {send.kind === "refused" ? say.refused : null}
            </strong>
          </p>
          {send.kind === "waiting" ? (
            <>
              <p>{say.kept}</p>
              <p>{say.retrying}</p>
              <button type="button" className="button primary" onClick={() => void trySend()}>
                Réessayer maintenant
              </button>
            </>
          ) : null}
          {send.kind === "refused" ? (
            <>
              <p>{say.restart}</p>
              <button type="button" className="button" onClick={restart}>
                Recommencer le questionnaire
              </button>
            </>
          ) : null}
        </div>
      </>
    );
  }

  return (
    <>
      {liveRegion}
      {storageFailed ? <p className="notice">{say.storageFailed}</p> : null}
      {serverErrors.length > 0 ? (
        <div className="notice">
          <p>{say.invalid}</p>
          <ul>
            {serverErrors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Survey model={model} />
    </>
  );
}
