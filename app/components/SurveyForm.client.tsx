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

/** The only SurveyJS renderer: answers kept on the device, sent with retries. */
export default function SurveyForm({ slug, survey, ageBand }: SurveyFormProps) {
  const navigate = useNavigate();
  const key = draftKey(slug, survey.id, survey.version, ageBand);
  const draftRef = useRef<Draft | null>(null);
  const [send, setSend] = useState<SendState>({ kind: "idle" });
  const [storageFailed, setStorageFailed] = useState(false);
  const attemptRef = useRef(0);

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
        // Should not happen (the page checks the same rules); reopen the survey on the first problem.
        persist({ status: "answering" });
        model.clear(false, false);
        const first = outcome.errors[0] && model.getQuestionByName(outcome.errors[0].question);
        if (first?.page) model.currentPage = first.page;
        model.validateCurrentPage();
        setSend({ kind: "idle" });
        return;
      }
      case "closed":
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

  if (send.kind !== "idle") {
    return (
      <div className="send-status" role="status" aria-live="polite">
        {send.kind === "sending" ? <p>Envoi de vos réponses…</p> : null}
        {send.kind === "waiting" ? (
          <>
            <p>
              <strong>
                {send.reason === "offline"
                  ? "Pas de connexion internet pour le moment."
                  : "Le service ne répond pas pour le moment."}
              </strong>
            </p>
            <p>Vos réponses sont gardées sur ce téléphone.</p>
            <p>Nous réessayons tout seuls. Vous pouvez aussi réessayer maintenant.</p>
            <button type="button" className="button primary" onClick={() => void trySend()}>
              Réessayer maintenant
            </button>
          </>
        ) : null}
        {send.kind === "closed" ? (
          <p>
            <strong>Ce questionnaire est fermé. Vos réponses n'ont pas pu être envoyées.</strong>
          </p>
        ) : null}
        {send.kind === "refused" ? (
          <p>
            <strong>Vos réponses n'ont pas pu être envoyées. Ce lien n'est peut-être plus valable.</strong>
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <>
      {storageFailed ? (
        <p className="notice" role="status">
          Ce téléphone ne peut pas garder vos réponses. Terminez le questionnaire sans fermer la page.
        </p>
      ) : null}
      <Survey model={model} />
    </>
  );
}
