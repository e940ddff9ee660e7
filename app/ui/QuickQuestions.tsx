import { useNonce } from "~/ui/nonce";
import { PictogramDrawing } from "~/ui/FirstQuestionPreview";
import { ReadAloud } from "~/ui/ReadAloud";
import { dir as dirOf, htmlLang, isLocale, message } from "~/i18n/i18n";
import { useLocale, useT } from "~/i18n/react";
import { TILE_PICTURE_PX, tileClasses, TITLE_PICTURE_PX } from "~/surveys/choice-tiles";
import { isNonAnswer } from "~/surveys/non-answers";
import { readAloudText } from "~/surveys/read-aloud";
import {
  isShown,
  QUICK_SHOWN_JS,
  type QuickHandover,
  type QuickPage,
  quickHandover,
} from "~/surveys/quick-pages";

/**
 * The survey's first pages as server-rendered HTML, turned one by one by a small inline script
 * until SurveyJS has loaded (issue 14, part 11; decision 031): a parent answers question 1, taps
 * "Suivant" and sees question 2 at once, even before React has hydrated the page, instead of
 * waiting for the SurveyJS chunk (7 to 12 s on a slow phone). It extends the first question of
 * decision 013 (same classes, same look). Each page is a real radio group with its legend; the
 * script moves focus to the new question, updates the progress, says when an answer is missing,
 * and skips a page whose simple condition is false. SurveyJS takes over with every answer and the
 * page on screen (`readQuickHandover`), and checks them as usual.
 *
 * React renders this once and never changes its props: the script's changes (which page is
 * hidden, the progress text, set through `dangerouslySetInnerHTML` so hydration leaves it alone)
 * stay until SurveyForm says it has taken over and the route removes the whole form.
 */

/** Until hydration, events inside the form do not reach React (see FirstQuestionPreview). */
const HOLD = `var t=["click","auxclick","pointerdown","pointerup","mousedown","mouseup","touchstart","touchend","keydown","keyup","keypress","beforeinput","input","change","focusin","focusout","submit"];function h(e){if(e.target instanceof Node&&f.contains(e.target)){e.stopPropagation();if(e.type==="submit")e.preventDefault();}}`;

/** Previous / Next, the progress, the missing-answer message, focus. Registered before HOLD's. */
const TURN = `var ok=${QUICK_SHOWN_JS};function all(){return[].slice.call(f.querySelectorAll("fieldset[data-name]"))}function one(s){return f.querySelector(s)}function cond(p){var c=p.getAttribute("data-if");return c?JSON.parse(c):null}function ans(P){var a={};P.forEach(function(p){var c=p.querySelector("input:checked");if(c&&ok(cond(p),a))a[p.getAttribute("data-name")]=JSON.parse(c.value)});return a}function err(p,on){var e=p.querySelector("[data-quick-error]");e.hidden=!on;if(on){p.setAttribute("aria-invalid","true");p.setAttribute("aria-describedby",e.id)}else{p.removeAttribute("aria-invalid");p.removeAttribute("aria-describedby")}}function show(P,j,a){var n=0,off=0;P.forEach(function(p,k){p.hidden=k!==j;if(!ok(cond(p),a)){off++}else if(k<j)n++});one("[data-quick-prev]").hidden=j===0;one("[data-quick-progress]").textContent=f.getAttribute("data-progress").replace("{0}",String(n+1)).replace("{1}",String(Number(f.getAttribute("data-total"))-off));P[j].focus()}function go(d){var P=all(),i=0;while(i<P.length-1&&P[i].hidden)i++;var p=P[i],a=ans(P),j=i,w=one("[data-quick-wait]");if(!p)return;if(d>0){if(p.hasAttribute("data-required")&&!p.querySelector("input:checked")){err(p,true);p.focus();return}err(p,false);do j++;while(j<P.length&&!ok(cond(P[j]),a));if(j>=P.length){f.setAttribute("data-quick-pending","next");w.hidden=false;return}}else{do j--;while(j>0&&!ok(cond(P[j]),a));if(j<0)return;f.removeAttribute("data-quick-pending");w.hidden=true}show(P,j,a)}function nav(e){var b=e.target instanceof Element&&e.target.closest("[data-quick-next],[data-quick-prev]");if(b&&f.contains(b)){e.preventDefault();go(b.hasAttribute("data-quick-next")?1:-1)}}window.addEventListener("click",nav,true);`;

const SCRIPT = `(function(){var f=document.currentScript&&document.currentScript.parentNode;if(!f||!window.addEventListener)return;f.querySelector("[data-quick-nav]").hidden=false;${TURN}${HOLD}t.forEach(function(n){window.addEventListener(n,h,true)});window.__coeducReleasePreview=function(){t.forEach(function(n){window.removeEventListener(n,h,true)});window.__coeducReleasePreview=function(){};};})();`;

/** Bytes of the script each questionnaire page carries (reported in decision 031). */
export const QUICK_SCRIPT_BYTES = new TextEncoder().encode(SCRIPT).length;

export function QuickQuestions({
  pages,
  surveyLocale,
  total,
  progress,
  loading,
  dir,
}: {
  pages: QuickPage[];
  /** The questionnaire's language: its texts, Next / Previous and the missing-answer message. */
  surveyLocale: string;
  /** Pages SurveyJS counts before any answer (`progressBase`). */
  total: number;
  /** "Question {0} sur {1}", in the page's language. */
  progress: string;
  /** "Le questionnaire se charge. On peut déjà répondre." */
  loading: string;
  dir?: "ltr" | "rtl";
}) {
  const nonce = useNonce();
  const pageLocale = useLocale();
  const pageText = { lang: htmlLang(pageLocale), dir: dirOf(pageLocale) };
  const t = useT();
  const readAloudLabels = {
    listen: t("survey.listen"),
    stop: t("survey.listenStop"),
    noVoice: t("survey.noVoice"),
  };
  const say = (key: "survey.next" | "survey.previous" | "survey.required" | "survey.loading") =>
    isLocale(surveyLocale) ? message(surveyLocale, key) : message("fr", key);
  const hidden = pages.filter((q) => !isShown(q.visibleIf, {})).length;
  const first = progress.replace("{0}", "1").replace("{1}", String(total - hidden));
  return (
    <form
      className="first-question"
      data-first-question
      data-quick-pages={pages.length}
      data-progress={progress}
      data-total={total}
      onSubmit={(e) => e.preventDefault()}
      dir={dir}
    >
      {/* The script rewrites this line; hydration does not look inside dangerouslySetInnerHTML. */}
      <p
        className="first-question-progress"
        data-quick-progress
        {...pageText}
        dangerouslySetInnerHTML={{ __html: escapeHtml(first) }}
      />
      {pages.map((q, i) => (
        <fieldset
          key={q.name}
          data-name={q.name}
          data-page={q.page}
          data-if={q.visibleIf ? JSON.stringify(q.visibleIf) : undefined}
          data-required={q.required ? "" : undefined}
          tabIndex={-1}
          hidden={i > 0}
        >
          <legend>
            <span className="first-question-title titled">
              {q.pictogram ? (
                <PictogramDrawing pictogram={q.pictogram} size={TITLE_PICTURE_PX} className="title-picture" />
              ) : null}
              <span>{q.title}</span>
            </span>
          </legend>
          {/* Read-aloud on every page, as SurveyForm puts it (it works once the page is hydrated). */}
          <div className="read-aloud-bar" {...pageText}>
            <ReadAloud
              text={readAloudText({
                title: q.title,
                description: q.description ?? undefined,
                choices: q.choices.map((c) => c.label),
              })}
              locale={isLocale(q.locale) ? q.locale : pageLocale}
              labels={readAloudLabels}
            />
          </div>
          {q.description ? <p className="first-question-description">{q.description}</p> : null}
          <p className="first-question-error" id={`quick-error-${q.name}`} data-quick-error hidden>
            {say("survey.required")}
          </p>
          <div
            className={q.tiles ? `first-question-choices ${tileClasses(q.tiles)}` : "first-question-choices"}
          >
            {q.choices.map((c) => (
              <label
                key={String(c.value)}
                className={
                  "first-question-choice" +
                  (q.tiles && isNonAnswer(c.value) ? " tile-aside" : "") +
                  (q.tiles && c === q.choices.find((x) => isNonAnswer(x.value)) ? " tile-aside-first" : "")
                }
              >
                {/* Uncontrolled: the browser keeps a tap made before or during hydration. */}
                <input type="radio" name={`quick-${q.name}`} value={JSON.stringify(c.value)} />
                {c.pictogram ? (
                  <PictogramDrawing
                    pictogram={c.pictogram}
                    size={q.tiles ? TILE_PICTURE_PX : 32}
                    className="tile-picture"
                  />
                ) : null}
                <span className="tile-word">{c.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {/* Shown by the script: without JavaScript these buttons could do nothing. */}
      <div className="first-question-nav" data-quick-nav hidden>
        <button type="button" className="button" data-quick-prev hidden>
          {say("survey.previous")}
        </button>
        <button type="button" className="button primary" data-quick-next>
          {say("survey.next")}
        </button>
      </div>
      <p className="first-question-loading" role="status" {...pageText}>
        {loading}
      </p>
      <p className="first-question-wait" data-quick-wait role="status" hidden {...pageText}>
        {message(isLocale(pageLocale) ? pageLocale : "fr", "survey.loading")}
      </p>
      {/* Last, so that it finds the whole form; it runs as soon as the form is parsed. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />
    </form>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the quick pages hold, plus whether "Suivant" was pressed on the last one (browser only). */
export function readQuickHandover(): (QuickHandover & { next: boolean }) | null {
  if (typeof document === "undefined") return null;
  const form = document.querySelector<HTMLFormElement>("form[data-quick-pages]");
  if (!form) return null;
  const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-name]")];
  const pages = fieldsets.map((f) => ({
    name: f.dataset.name!,
    page: f.dataset.page!,
    visibleIf: f.dataset.if ? (JSON.parse(f.dataset.if) as QuickPage["visibleIf"]) : null,
  }));
  const checked: Record<string, string | number | undefined> = {};
  for (const f of fieldsets) {
    const input = f.querySelector<HTMLInputElement>("input:checked");
    if (!input) continue;
    try {
      const value: unknown = JSON.parse(input.value);
      if (typeof value === "string" || typeof value === "number") checked[f.dataset.name!] = value;
    } catch {
      // Not a value this page wrote: ignored.
    }
  }
  const current = Math.max(
    0,
    fieldsets.findIndex((f) => !f.hidden),
  );
  return { ...quickHandover(pages, checked, current), next: form.dataset.quickPending === "next" };
}

/** The part of a SurveyJS model the hand-over uses (a type only: SurveyJS stays out of this chunk). */
interface HandoverModel {
  data: Record<string, unknown>;
  getValue(name: string): unknown;
  setValue(name: string, value: unknown): void;
  getPageByName(name: string): { isVisible: boolean } | null;
  currentPage: unknown;
  nextPage(): boolean;
}

/**
 * SurveyJS goes on where the quick pages were: the page on screen (if SurveyJS shows it too),
 * then the next one if "Suivant" was pressed on the last quick page (SurveyJS checks the page's
 * answer as on any "Suivant"). Answers are set by the caller (see SurveyForm); `since` is an
 * earlier reading: only what changed after it is applied (a tap while SurveyJS was mounting).
 */
export function continueFromQuick(
  model: HandoverModel,
  quick: QuickHandover & { next: boolean },
  since?: QuickHandover & { next: boolean },
): void {
  if (since) {
    for (const [name, value] of Object.entries(quick.answers)) {
      if (since.answers[name] !== value) model.setValue(name, value);
    }
    if (quick.page === since.page && quick.next === since.next) return;
  }
  const page = quick.page ? model.getPageByName(quick.page) : null;
  if (page?.isVisible) model.currentPage = page;
  if (quick.next) model.nextPage();
}
