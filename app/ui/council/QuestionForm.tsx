import { Form } from "@remix-run/react";
import type { CouncilItem } from "~/council/items.server";
import { Face } from "~/ui/Face";

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
  return (
    <Form method="post" className="council-form">
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="question" value={item.name} />
      <fieldset lang={lang}>
        <legend>
          <h1 className="council-question">{item.title}</h1>
        </legend>
        <div className="face-choices">
          {item.choices.map((c) => (
            <label key={c.value} className="face-choice">
              <input
                type="radio"
                name="value"
                value={c.value}
                defaultChecked={current === c.value}
                required
              />
              {c.face ? <Face kind={c.face} /> : <span className="face-blank" aria-hidden="true" />}
              <span>{c.label}</span>
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
