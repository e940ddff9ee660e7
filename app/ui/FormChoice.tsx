// The one screen where a person chooses the short or the complete version of a questionnaire,
// when the campaign lets them (issue 14, part 3). Two big links: it works without JavaScript,
// and the choice stays in the address (?forme=courte), so a reload or a resume keeps it.
import { Link } from "@remix-run/react";
import { dir, htmlLang, isLocale } from "~/i18n/i18n";
import { useLocale, useT } from "~/i18n/react";
import type { Audience } from "~/surveys/audiences";

interface Choice {
  href: string;
  minutes: number;
  questions: number;
}

export interface FormChoiceProps {
  /** The questionnaire's title, in its own language. */
  title: string;
  audience: Audience;
  /** The questionnaire's language (it may differ from the page's). */
  locale: string;
  short: Choice;
  long: Choice;
}

export function FormChoice({ title, audience, locale, short, long }: FormChoiceProps) {
  const t = useT();
  const pageLocale = useLocale();
  const surveyLocale = isLocale(locale) ? locale : "fr";
  const other = surveyLocale !== pageLocale;
  // Young people are "tu", parents "vous" (docs/writing.md).
  const form = audience === "Y" || audience === "A" ? "tu" : "vous";
  return (
    <div className="page survey-page">
      <h1 lang={htmlLang(surveyLocale)} dir={other ? dir(surveyLocale) : undefined}>
        {title}
      </h1>
      <h2 id="forme-question">{t(`form.title.${form}`)}</h2>
      <p>{t(`form.intro.${form}`)}</p>
      <ul className="choices" aria-labelledby="forme-question">
        {(
          [
            ["short", short, "primary"],
            ["long", long, ""],
          ] as const
        ).map(([name, choice, tone]) => (
          <li key={name}>
            <Link className={`choice ${tone}`} to={choice.href} data-form={name}>
              <span>{t(name === "short" ? "form.short" : "form.long", { minutes: choice.minutes })}</span>
              <span className="choice-detail">{t("form.questions", { count: choice.questions })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
