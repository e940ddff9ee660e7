import { Form } from "@remix-run/react";
import type { CouncilItem } from "~/council/items.server";
import { TILE_PICTURE_PX, tileClasses, tilesFor } from "~/surveys/choice-tiles";
import { isNonAnswer } from "~/surveys/non-answers";
import { readAloudText } from "~/surveys/read-aloud";
import { Face } from "~/ui/Face";
import { ReadAloud } from "~/ui/ReadAloud";
import { useLocale, useT } from "~/i18n/react";

/**
 * One council item on a phone: its title, its choices as faces, one button. A plain HTML form
 * (it works without JavaScript); it posts `intent=answer`, the item's name and the value.
 */
export function QuestionForm({
  item,
  current,
  lang,
  submit,
  busy,
}: {
  item: CouncilItem;
  /** The phone's answer to this item so far. */
  current: string | null;
  /** The items' language when it is not the page's. */
  lang: string | undefined;
  submit: string;
  busy: boolean;
}) {
  // The face scale as large tiles (the face above the word), as in the questionnaires.
  const tiles = tilesFor(
    item.choices.map((c) => ({ value: c.value, pictured: c.face !== null })),
    "fr",
  );
  const firstAside = item.choices.find((c) => isNonAnswer(c.value));
  const t = useT();
  const pageLocale = useLocale();
  return (
    <Form method="post" className="council-form">
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="question" value={item.name} />
      {/* Read-aloud, as on every question of the questionnaires (in the items' language). */}
      <div className="read-aloud-bar">
        <ReadAloud
          text={readAloudText({ title: item.title, choices: item.choices.map((c) => c.label) })}
          locale={lang ?? pageLocale}
          labels={{ listen: t("survey.listen"), stop: t("survey.listenStop"), noVoice: t("survey.noVoice") }}
        />
      </div>
      <fieldset lang={lang}>
        <legend>
          <h1 className="council-question">{item.title}</h1>
        </legend>
        <div className={tiles ? `face-choices ${tileClasses(tiles)}` : "face-choices"}>
          {item.choices.map((c) => (
            <label
              key={c.value}
              className={
                "face-choice" +
                (tiles && isNonAnswer(c.value) ? " tile-aside" : "") +
                (tiles && c === firstAside ? " tile-aside-first" : "")
              }
            >
              <input
                type="radio"
                name="value"
                value={c.value}
                defaultChecked={current === c.value}
                required
              />
              {c.face ? <Face kind={c.face} size={TILE_PICTURE_PX} /> : null}
              <span className="tile-word">{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="button primary" disabled={busy}>
        {submit}
      </button>
    </Form>
  );
}
