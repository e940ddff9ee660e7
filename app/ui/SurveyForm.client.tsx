import { useNavigate } from "@remix-run/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
import { ErasureCode } from "~/ui/ErasureCode";
import { continueFromQuick, readQuickHandover } from "~/ui/QuickQuestions";
import { withQuickAnswers } from "~/surveys/quick-pages";
import { ReadAloud } from "~/ui/ReadAloud";
import { useLocale, useT } from "~/i18n/react";
import { clearDraft, type Draft, draftKey, loadDraft, saveDraft } from "~/responses/answer-store";
import type { AgeBand, Audience } from "~/surveys/audiences";
import type { QuestionnaireForm } from "~/surveys/forms";
import { dir, htmlLang, isLocale } from "~/i18n/i18n";
import { keepForOffline } from "~/responses/offline.client";
import { readAloudText } from "~/surveys/read-aloud";
import { retryDelaySeconds, sendResponse } from "~/responses/send-response";
import { createSurveyModel, prepareForRespondent, type SurveyModel } from "~/surveys/adapter";
import {
  carePageOf,
  clearVisit,
  joinVisit,
  loadVisit,
  recordStored,
  thanksStateOf,
} from "~/responses/family-visit";
import { childQuestionnairePath } from "~/surveys/paths";

/** What the read-aloud button reads: the question on screen (one per page) and its choices. */
function currentQuestionText(model: SurveyModel): string {
  const question = model.currentPage?.questions[0];
  if (!question) return "";
  const choices = (question as unknown as { visibleChoices?: { text: string }[] }).visibleChoices;
  return readAloudText({
    title: question.title,
    description: question.description || undefined,
    choices: choices?.map((c) => c.text),
  });
}

export interface SurveyFormProps {
  slug: string;
  survey: {
    id: string;
    version: number;
    audience: Audience;
    /** The survey's locale (one of its file's `locales`), sent with the answers. */
    locale: string;
    /** The form shown (`json` holds only its questions), kept in the draft's key and sent. */
    form: QuestionnaireForm;
    json: Record<string, unknown>;
  };
  ageBand: AgeBand | null;
  /** The server-drawn first question's name: an answer tapped there is taken over. */
  firstQuestion?: string | null;
  /** Called once SurveyJS is on screen, before the browser paints (the preview then goes). */
  onReady?: () => void;
  /**
   * In a family visit, the child's place on the children screen (child questionnaire only):
   * its answers are kept apart, its care setting is filled in, the next child follows.
   */
  child?: number | null;
  /** What the campaign offers after this part: the children's questionnaire, the parent's. */
  family?: FamilyOffer;
}

/** The campaign's questionnaires a family visit can go on to. */
export interface FamilyOffer {
  /** The child questionnaire (Px), if the campaign has one. */
  childSurveyId: string | null;
  /** Whether the campaign has the parent questionnaire (P). */
  parent: boolean;
}

/** State of sending, shown to the person once they press "Envoyer mes réponses". */
type SendState =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "waiting"; reason: "offline" | "server"; seconds: number }
  | { kind: "closed" }
  | { kind: "refused" }
  /**
   * Stored, but the thank-you page could not be reached (the page was reloaded): say it here.
   * No code when the server had the answers already and gave none (see Draft.erasureCode).
   */
  | { kind: "stored"; erasureCode: string | null };

/** Parents are addressed as "vous", young people as "tu" (docs/writing.md), in the page's language. */
function useWording(audience: Audience) {
  const t = useT();
  const form = audience === "Y" || audience === "A" ? "tu" : "vous";
  return {
    sending: t(`survey.sending.${form}`),
    kept: t(`survey.kept.${form}`),
    retrying: t(`survey.retrying.${form}`),
    closed: t(`survey.closed.${form}`),
    refused: t(`survey.refused.${form}`),
    restart: t(`survey.restart.${form}`),
    invalid: t(`survey.invalid.${form}`),
    storageFailed: t(`survey.storageFailed.${form}`),
    offline: t("survey.offline"),
    serverDown: t("survey.serverDown"),
    retryNow: t("survey.retryNow"),
    restartButton: t("survey.restartButton"),
  };
}

/** The only SurveyJS renderer: answers kept on the device, sent with retries. */
export default function SurveyForm({
  slug,
  survey,
  ageBand,
  firstQuestion,
  onReady,
  child = null,
  family,
}: SurveyFormProps) {
  const surveyLocale = isLocale(survey.locale) ? survey.locale : "fr";
  const pageLocale = useLocale();
  const navigate = useNavigate();
  const key = draftKey(slug, survey.id, survey.version, ageBand, child, survey.form);
  const draftRef = useRef<Draft | null>(null);
  const quickRef = useRef<ReturnType<typeof readQuickHandover>>(null);
  const [send, setSend] = useState<SendState>({ kind: "idle" });
  const [storageFailed, setStorageFailed] = useState(false);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const attemptRef = useRef(0);
  const statusHeading = useRef<HTMLParagraphElement>(null);
  const say = useWording(survey.audience);
  const form = survey.audience === "Y" || survey.audience === "A" ? ("tu" as const) : ("vous" as const);
  const t = useT();

  const model = useMemo(() => {
    // The draft's key has no language in it: after switching language (a new page load
    // with ?lang=), the same answers come back on the same question.
    let draft = loadDraft(window.localStorage, key);
    // A family visit (decision 028): the part is fixed once, in the draft, so every try sends it.
    if (!draft.visit && draft.status === "answering") {
      const joined = joinVisit(window.localStorage, slug, survey.audience, child);
      if (joined) {
        draft = { ...draft, visit: joined.part };
        // The child's care setting, chosen on the children screen: filled in, and the
        // questionnaire starts on the next page.
        const declared = child !== null ? joined.visit.children?.[child] : undefined;
        const carePage = carePageOf(survey.json);
        if (declared && carePage >= 0 && draft.data.care === undefined) {
          draft = {
            ...draft,
            data: { ...draft.data, care: declared.care },
            pageNo: draft.pageNo === carePage ? carePage + 1 : draft.pageNo,
          };
        }
        saveDraft(window.localStorage, key, draft);
      }
    }
    // The quick pages answered before SurveyJS arrived (decisions 013, 031): keep those answers,
    // unless the draft already had one (a person coming back), and go on from the page on screen.
    // (Read from the page: the quick pages are still there while this first render runs.)
    const quick = firstQuestion ? readQuickHandover() : null;
    quickRef.current = quick;
    const kept = quick ? withQuickAnswers(draft.data, quick.answers) : draft.data;
    if (kept !== draft.data) draft = { ...draft, data: kept };
    const m = prepareForRespondent(createSurveyModel(survey.json, survey.locale));
    m.data = draft.data;
    if (draft.pageNo > 0 && draft.pageNo < m.visiblePageCount) m.currentPageNo = draft.pageNo;
    if (quick) {
      continueFromQuick(m, quick);
      draft = { ...draft, pageNo: m.currentPageNo };
    }
    if (quick) saveDraft(window.localStorage, key, draft);
    draftRef.current = draft;
    return m;
    // The model lives as long as this survey, age band and language are on screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, survey.locale]);

  // SurveyJS has arrived: keep its files too, so a reload without network still works.
  useEffect(() => keepForOffline(), []);

  const [spoken, setSpoken] = useState(() => currentQuestionText(model));
  useEffect(() => {
    const update = () => setSpoken(currentQuestionText(model));
    update();
    model.onCurrentPageChanged.add(update);
    return () => model.onCurrentPageChanged.remove(update);
  }, [model]);

  const persist = useCallback(
    (patch: Partial<Draft>) => {
      const next = { ...draftRef.current!, ...patch };
      draftRef.current = next;
      setStorageFailed(!saveDraft(window.localStorage, key, next));
    },
    [key],
  );

  /**
   * Where a family visit goes once this part is stored: a young adult is asked whether they are
   * a parent, a parent goes to the children screen, a child's part to the next child; at the
   * end, the thank-you page with the visit's one code (and the phone forgets the visit).
   */
  const afterVisitPart = useCallback(
    (
      part: NonNullable<Draft["visit"]>,
      erasureCode: string | null,
    ): { to: string; state?: unknown } | null => {
      const store = window.localStorage;
      const visit =
        recordStored(store, slug, part, survey.audience === "Px" ? "child" : "own", erasureCode) ??
        loadVisit(store, slug);
      if (!visit || visit.id !== part.id) return null;
      if (survey.audience === "A" && (family?.parent || family?.childSurveyId))
        return { to: `/s/${slug}/enfants?jeune=1` };
      // The form chosen for the parent's part goes on with the children's parts.
      if (survey.audience === "P" && family?.childSurveyId)
        return { to: `/s/${slug}/enfants${survey.form === "short" ? "?forme=courte" : ""}` };
      const following = child === null ? undefined : visit.children?.[child + 1];
      if (survey.audience === "Px" && child !== null && following)
        return {
          to: childQuestionnairePath(
            slug,
            survey.id,
            following.band,
            child + 1,
            // Named only when short: the long form's address stays the one it always was.
            survey.form === "short" ? "short" : undefined,
          ),
        };
      clearVisit(store, slug);
      return { to: `/s/${slug}/merci`, state: thanksStateOf(visit) };
    },
    [child, family, slug, survey.audience, survey.id, survey.form],
  );

  // (After `persist`: SurveyJS is on screen; the quick pages go once onReady is called.)
  useLayoutEffect(() => {
    // A tap on the quick pages while SurveyJS was being drawn: taken too, before they go.
    const quick = quickRef.current && readQuickHandover();
    if (quick && quickRef.current) {
      continueFromQuick(model, quick, quickRef.current);
      persist({ data: model.data as Record<string, unknown>, pageNo: model.currentPageNo });
    }
    onReady?.();
  }, [onReady, model, persist]);

  const trySend = useCallback(async () => {
    const draft = draftRef.current!;
    setSend({ kind: "sending" });
    const outcome = await sendResponse(slug, {
      id: draft.id,
      // Proves to the server, on a retry, that this phone sent the answers first: only then
      // does it give the erasure code back (decision 023).
      ...(draft.secret ? { secret: draft.secret } : {}),
      surveyId: survey.id,
      surveyVersion: survey.version,
      // The language the answers were finished in: a retry after switching language must
      // send the same content, or the server would take it for another response.
      locale: draft.locale ?? survey.locale,
      ageBand,
      answers: draft.data,
      // Named only when short: a long response is sent as before the short form existed.
      ...(survey.form === "short" ? { form: "short" as const } : {}),
      ...(draft.visit ? { visit: draft.visit } : {}),
    });
    switch (outcome.kind) {
      case "stored": {
        // Keep the erasure code (not the answers) until the thank-you page shows it: if the way
        // there fails (a connection that drops again, and Remix reloads this page), this page
        // says the answers are stored instead of offering an empty questionnaire.
        const stored: Draft = { ...draft, data: {}, status: "stored", erasureCode: outcome.erasureCode };
        draftRef.current = stored;
        saveDraft(window.localStorage, key, stored);
        // Said here at once, in case the thank-you page cannot be reached without reloading.
        setSend({ kind: "stored", erasureCode: outcome.erasureCode });
        if (draft.visit) {
          const next = afterVisitPart(draft.visit, outcome.erasureCode);
          if (next) {
            navigate(next.to, { replace: true, state: next.state });
            return;
          }
        }
        navigate(`/s/${slug}/merci`, {
          replace: true,
          state: { erasureCode: outcome.erasureCode, audience: survey.audience },
        });
        return;
      }
      case "retry": {
        attemptRef.current += 1;
        // Never sooner than the server asked (429 Retry-After: too many sends from this connection).
        const seconds = Math.max(retryDelaySeconds(attemptRef.current), outcome.retryAfterSeconds ?? 0);
        setSend({ kind: "waiting", reason: outcome.reason, seconds });
        return;
      }
      case "invalid": {
        // Should not happen (the page checks the same rules); reopen the survey on the
        // first problem and say what the server found.
        // Nothing was stored: the answers may be finished again, in any language.
        persist({ status: "answering", locale: undefined });
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
  }, [ageBand, afterVisitPart, key, model, navigate, persist, slug, survey]);

  useEffect(() => {
    const onValue = () => persist({ data: model.data as Record<string, unknown> });
    const onPage = () => persist({ pageNo: model.currentPageNo });
    const onComplete = () => {
      persist({
        data: model.data as Record<string, unknown>,
        status: "sending",
        locale: draftRef.current?.locale ?? survey.locale,
      });
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
  }, [model, persist, trySend, survey.locale]);

  // Stored before this page was (re)loaded: show the confirmation and its code, once. (When the
  // thank-you page is reached, it forgets the stored draft itself.)
  useEffect(() => {
    const draft = draftRef.current;
    if (draft?.status !== "stored" || draft.erasureCode === undefined) return;
    setSend({ kind: "stored", erasureCode: draft.erasureCode });
    clearDraft(window.localStorage, key);
  }, [key]);

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
      ? `${send.reason === "offline" ? say.offline : say.serverDown} ${say.kept}`
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

  // (Checked on the first render too, so the emptied questionnaire never flashes.)
  const storedCode =
    send.kind === "stored"
      ? send.erasureCode
      : send.kind === "idle" && draftRef.current?.status === "stored"
        ? draftRef.current.erasureCode
        : undefined;
  if (storedCode !== undefined) {
    return (
      <div className="send-status" data-testid="stored-here">
        <p ref={statusHeading} tabIndex={-1} className="status-title">
          <strong>{t("thanks.title")}</strong>
        </p>
        <p>{t(`thanks.stored.${form}`)}</p>
        {storedCode === null ? (
          <p>{t("thanks.code.unavailable")}</p>
        ) : (
          <ErasureCode code={storedCode} form={form} />
        )}
      </div>
    );
  }

  if (send.kind !== "idle") {
    return (
      <>
        {liveRegion}
        <div className="send-status">
          <p ref={statusHeading} tabIndex={-1} className="status-title">
            <strong>
              {send.kind === "sending" ? say.sending : null}
              {send.kind === "waiting" ? (send.reason === "offline" ? say.offline : say.serverDown) : null}
              {send.kind === "closed" ? say.closed : null}
              {send.kind === "refused" ? say.refused : null}
            </strong>
          </p>
          {send.kind === "waiting" ? (
            <>
              <p>{say.kept}</p>
              <p>{say.retrying}</p>
              <button type="button" className="button primary" onClick={() => void trySend()}>
                {say.retryNow}
              </button>
            </>
          ) : null}
          {send.kind === "refused" ? (
            <>
              <p>{say.restart}</p>
              <button type="button" className="button" onClick={restart}>
                {say.restartButton}
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
      {/* The questionnaire's own language, which may differ from the page's (French on an Arabic page). */}
      <div lang={htmlLang(surveyLocale)} dir={dir(surveyLocale)}>
        {/* The button's words are the page's (it reads the question in the questionnaire's). */}
        <div className="read-aloud-bar" lang={htmlLang(pageLocale)} dir={dir(pageLocale)}>
          <ReadAloud
            text={spoken}
            locale={surveyLocale}
            labels={{
              listen: t("survey.listen"),
              stop: t("survey.listenStop"),
              noVoice: t("survey.noVoice"),
            }}
          />
        </div>
        <Survey model={model} />
      </div>
    </>
  );
}
