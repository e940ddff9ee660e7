import { Form } from "@remix-run/react";
import { CRITERIA, evidenceQuestion, OPINION_QUESTION, VERDICT_LABELS, VERDICTS } from "~/council/rules";
import { CsrfInput } from "~/ui/CsrfInput";
import { Field, FieldError, fieldAria } from "~/ui/Field";

/** The record's refusals, by question name. */
export type RecordErrors = Record<string, string>;

/**
 * The facilitator's form for the council's record: its opinion, then each criterion of the
 * self-assessment (oui / en partie / non) with a line of evidence. Posts `intent=record`.
 */
export function RecordForm({
  titles,
  initial,
  errors,
  busy,
}: {
  titles: Record<string, string>;
  initial: Record<string, unknown> | null;
  errors: RecordErrors;
  busy: boolean;
}) {
  const text = (name: string) => (typeof initial?.[name] === "string" ? (initial[name] as string) : "");
  return (
    <Form method="post" className="record-form" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value="record" />
      <Field
        as="textarea"
        id={OPINION_QUESTION}
        name={OPINION_QUESTION}
        label={titles[OPINION_QUESTION]}
        hint="Ce que le conseil veut dire à la Cité éducative, écrit avec le groupe. Ce texte est publié sur la page des résultats : n'écrivez pas de noms."
        rows={6}
        maxLength={3000}
        required
        defaultValue={text(OPINION_QUESTION)}
        error={errors[OPINION_QUESTION]}
      />
      <h3>L'auto-évaluation du conseil</h3>
      <p className="hint">
        Pour chaque point, le groupe se met d'accord : oui, en partie ou non. Écrivez une phrase qui le montre
        (un exemple). Les exemples restent dans le tableau de bord ; les réponses oui, en partie, non sont
        publiées.
      </p>
      {CRITERIA.map((c) => {
        const evidence = evidenceQuestion(c.name);
        return (
          <fieldset
            key={c.name}
            className="criterion"
            {...fieldAria(c.name, { error: Boolean(errors[c.name]) })}
          >
            <legend>
              {titles[c.name]} <span className="small">({c.model})</span>
            </legend>
            <div className="verdicts">
              {VERDICTS.map((v) => (
                <label key={v}>
                  <input
                    type="radio"
                    name={c.name}
                    value={v}
                    defaultChecked={initial?.[c.name] === v}
                    required
                  />
                  {VERDICT_LABELS[v]}
                </label>
              ))}
            </div>
            <FieldError id={c.name} error={errors[c.name]} />
            <label htmlFor={evidence}>Pourquoi ? Un exemple</label>
            <input
              id={evidence}
              name={evidence}
              type="text"
              maxLength={300}
              required
              defaultValue={text(evidence)}
              {...fieldAria(evidence, { error: Boolean(errors[evidence]) })}
            />
            <FieldError id={evidence} error={errors[evidence]} />
          </fieldset>
        );
      })}
      <button type="submit" className="button primary" disabled={busy}>
        {initial ? "Enregistrer la correction" : "Enregistrer l'avis du conseil"}
      </button>
    </Form>
  );
}
