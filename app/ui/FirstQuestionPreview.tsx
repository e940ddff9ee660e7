import { Face } from "~/ui/Face";
import type { FirstQuestion } from "~/surveys/first-question";
import { useNonce } from "~/ui/nonce";
import { dir as dirOf, htmlLang } from "~/i18n/i18n";
import { useLocale } from "~/i18n/react";

/** The name of the radio group, read back by SurveyForm when SurveyJS takes over. */
export const PREVIEW_FIELD = "first-question-preview";

/**
 * The survey's first question as server-rendered HTML, shown until SurveyJS has loaded:
 * on a slow phone the person reads it at once and can already tap an answer (native radio
 * buttons need no JavaScript). SurveyForm picks the tapped answer up (`previewAnswer`).
 */
/**
 * Runs as soon as the form is parsed, before React: until the page is hydrated, events inside
 * the preview do not reach React's root listener. A tap there made React hydrate the whole
 * root synchronously and, on repeat visits (scripts from the cache, hydration racing the
 * tap), React 18 sometimes gave the page up ("Root did not complete", 2 of 5 repeat visits in
 * bench:phone): no SurveyJS, no answers. The browser still checks the radio (the preview has
 * no React handlers; SurveyForm reads the answer from the page), and a submit (Enter) is
 * cancelled as React's onSubmit would. `releasePreviewEvents()` ends it once hydrated.
 */
const HOLD_EVENTS_SCRIPT = `(function(){var f=document.currentScript&&document.currentScript.parentNode;if(!f||!window.addEventListener)return;var t=["click","auxclick","pointerdown","pointerup","mousedown","mouseup","touchstart","touchend","keydown","keyup","keypress","beforeinput","input","change","focusin","focusout","submit"];function h(e){if(e.target instanceof Node&&f.contains(e.target)){e.stopPropagation();if(e.type==="submit")e.preventDefault();}}t.forEach(function(n){window.addEventListener(n,h,true)});window.__coeducReleasePreview=function(){t.forEach(function(n){window.removeEventListener(n,h,true)});window.__coeducReleasePreview=function(){};};})();`;

/** Lets events inside the preview reach React again (call once the page is hydrated). */
export function releasePreviewEvents() {
  (window as unknown as { __coeducReleasePreview?: () => void }).__coeducReleasePreview?.();
}

export function FirstQuestionPreview({
  question,
  progress,
  loading,
  dir,
}: {
  question: FirstQuestion;
  /** "Question 1 sur 28", in the page's language. */
  progress: string;
  /** "Le questionnaire se charge. Vous pouvez déjà répondre." */
  loading: string;
  dir?: "ltr" | "rtl";
}) {
  // The page's Content-Security-Policy only runs inline scripts that carry its nonce.
  const nonce = useNonce();
  // The progress and loading lines are in the page's language, the question in the
  // questionnaire's (which the route marks around this form): each says its own.
  const pageLocale = useLocale();
  const pageText = { lang: htmlLang(pageLocale), dir: dirOf(pageLocale) };
  return (
    <form className="first-question" data-first-question onSubmit={(e) => e.preventDefault()} dir={dir}>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: HOLD_EVENTS_SCRIPT }} />
      <p className="first-question-progress" {...pageText}>
        {progress}
      </p>
      <fieldset>
        <legend>
          <span className="first-question-title">
            {question.pictogram ? (
              <span className="pictogram" aria-hidden="true">
                {question.pictogram}{" "}
              </span>
            ) : null}
            {question.title}
          </span>
        </legend>
        {question.description ? <p className="first-question-description">{question.description}</p> : null}
        <div className="first-question-choices">
          {question.choices.map((c) => (
            <label key={String(c.value)} className="first-question-choice">
              {/* Uncontrolled on purpose: the browser keeps a tap made before or during hydration,
                  and SurveyForm reads it from the page when it takes over. */}
              <input type="radio" name={PREVIEW_FIELD} value={JSON.stringify(c.value)} />
              {c.face ? <Face kind={c.face} size={32} /> : null}
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="first-question-loading" role="status" {...pageText}>
        {loading}
      </p>
    </form>
  );
}

/** The answer tapped in the preview before SurveyJS arrived, if any (browser only). */
export function previewAnswer(): string | number | undefined {
  if (typeof document === "undefined") return undefined;
  const checked = document.querySelector<HTMLInputElement>(`input[name="${PREVIEW_FIELD}"]:checked`);
  if (!checked) return undefined;
  try {
    const value: unknown = JSON.parse(checked.value);
    return typeof value === "string" || typeof value === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}
