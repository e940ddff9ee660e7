import { TILE_PICTURE_PX, tileClasses, TITLE_PICTURE_PX } from "~/surveys/choice-tiles";
import type { FirstQuestion } from "~/surveys/first-question";
import { isNonAnswer } from "~/surveys/non-answers";
import { pictogramSvg } from "~/surveys/pictograms";
import { readAloudText } from "~/surveys/read-aloud";
import { useNonce } from "~/ui/nonce";
import { ReadAloud } from "~/ui/ReadAloud";
import { dir as dirOf, htmlLang, isLocale } from "~/i18n/i18n";
import { useLocale, useT } from "~/i18n/react";

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

/** A pictogram drawn as SVG (app/surveys/pictograms.ts), hidden from screen readers; nothing without a drawing. */
export function PictogramDrawing({
  pictogram,
  size,
  className,
}: {
  pictogram: string;
  size: number;
  className: string;
}) {
  const svg = pictogramSvg(pictogram, size);
  // Our own markup from app/surveys/pictograms.ts, never from a survey file or a person.
  return svg ? (
    <span className={className} aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />
  ) : null;
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
  const t = useT();
  const surveyLocale = isLocale(question.locale) ? question.locale : pageLocale;
  const tiles = question.tiles;
  const firstAside = question.choices.find((c) => isNonAnswer(c.value));
  return (
    <form className="first-question" data-first-question onSubmit={(e) => e.preventDefault()} dir={dir}>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: HOLD_EVENTS_SCRIPT }} />
      {/* Read-aloud here too, where SurveyForm puts it (it works once the page is hydrated). */}
      <div className="read-aloud-bar" {...pageText}>
        <ReadAloud
          text={readAloudText({
            title: question.title,
            description: question.description ?? undefined,
            choices: question.choices.map((c) => c.label),
          })}
          locale={surveyLocale}
          labels={{ listen: t("survey.listen"), stop: t("survey.listenStop"), noVoice: t("survey.noVoice") }}
        />
      </div>
      <p className="first-question-progress" {...pageText}>
        {progress}
      </p>
      <fieldset>
        <legend>
          <span className="first-question-title titled">
            {question.pictogram ? (
              <PictogramDrawing
                pictogram={question.pictogram}
                size={TITLE_PICTURE_PX}
                className="title-picture"
              />
            ) : null}
            <span>{question.title}</span>
          </span>
        </legend>
        {question.description ? <p className="first-question-description">{question.description}</p> : null}
        <div className={tiles ? `first-question-choices ${tileClasses(tiles)}` : "first-question-choices"}>
          {question.choices.map((c) => (
            <label
              key={String(c.value)}
              className={
                "first-question-choice" +
                (tiles && isNonAnswer(c.value) ? " tile-aside" : "") +
                (tiles && c === firstAside ? " tile-aside-first" : "")
              }
            >
              {/* Uncontrolled on purpose: the browser keeps a tap made before or during hydration,
                  and SurveyForm reads it from the page when it takes over. */}
              <input type="radio" name={PREVIEW_FIELD} value={JSON.stringify(c.value)} />
              {c.pictogram ? (
                <PictogramDrawing
                  pictogram={c.pictogram}
                  size={tiles ? TILE_PICTURE_PX : 32}
                  className="tile-picture"
                />
              ) : null}
              <span className="tile-word">{c.label}</span>
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
