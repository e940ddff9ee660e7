import { Face } from "~/components/Face";
import type { FirstQuestion } from "~/lib/first-question";

/** The name of the radio group, read back by SurveyForm when SurveyJS takes over. */
export const PREVIEW_FIELD = "first-question-preview";

/**
 * The survey's first question as server-rendered HTML, shown until SurveyJS has loaded:
 * on a slow phone the person reads it at once and can already tap an answer (native radio
 * buttons need no JavaScript). SurveyForm picks the tapped answer up (`previewAnswer`).
 */
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
  return (
    <form className="first-question" data-first-question onSubmit={(e) => e.preventDefault()} dir={dir}>
      <p className="first-question-progress">{progress}</p>
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
      <p className="first-question-loading" role="status">
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
