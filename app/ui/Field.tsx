import type {
  InputHTMLAttributes,
  ReactElement,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

/*
 * One form field, written once (RGAA 11.1, 11.2, 11.10; WCAG 1.3.1, 3.3.1, 3.3.2, 4.1.2): a label
 * tied to the control by its id, the hint above the control, the error below it, the control
 * described by the hint then the error (aria-describedby), aria-invalid only while an error shows.
 */

/** The id of a field's hint, from its control's id. */
export const hintId = (id: string) => `${id}-hint`;
/** The id of a field's error message, from its control's id. */
export const errorId = (id: string) => `${id}-error`;

/** The control's aria-invalid and aria-describedby: its hint, then its error, each when shown. */
export function fieldAria(id: string, shown: { hint?: boolean; error?: boolean }) {
  const describedBy = [shown.hint ? hintId(id) : "", shown.error ? errorId(id) : ""]
    .filter(Boolean)
    .join(" ");
  return {
    "aria-invalid": shown.error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

export interface FieldErrorProps {
  /** The control's id: the message takes `${id}-error`. */
  id: string;
  error?: ReactNode;
  /** role="alert": read out as it appears (pages whose only question is this field). */
  announce?: boolean;
  /** A word read before the message and not shown, e.g. "Erreur : ". */
  srPrefix?: string;
}

/** The error message under a control (or a group's legend); nothing without an error. */
export function FieldError({ id, error, announce, srPrefix }: FieldErrorProps) {
  if (!error) return null;
  return (
    <p id={errorId(id)} className="field-error" role={announce ? "alert" : undefined}>
      {srPrefix ? <span className="visually-hidden">{srPrefix}</span> : null}
      {error}
    </p>
  );
}

interface FieldCommon extends FieldErrorProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown before the control, e.g. the hidden input that still sends a locked value. */
  before?: ReactNode;
  /** Puts the control in a frame, e.g. a fixed "/s/" before a slug. */
  around?: (control: ReactElement) => ReactNode;
}
export type InputField = FieldCommon & { as?: "input" } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;
type SelectField = FieldCommon & { as: "select" } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">;
type TextareaField = FieldCommon & { as: "textarea" } & Omit<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    "id"
  >;
export type FieldProps = InputField | SelectField | TextareaField;

/**
 * A labelled control with its hint and error: `<Field id="email" type="email" label="Adresse
 * e-mail" autoComplete="username" required error={fields.email} />`; `as="select"` (options as
 * children) or `as="textarea"` for the other controls. The control's name is its id unless given;
 * every other prop goes to the control.
 */
export function Field(props: FieldProps) {
  const { id, label, hint, error, announce, srPrefix, before, around, ...control } = props;
  // The name is the id unless given (even as undefined: a locked control sends nothing).
  const aria = {
    name: "name" in control ? control.name : id,
    ...fieldAria(id, { hint: Boolean(hint), error: Boolean(error) }),
  };
  let element: ReactElement;
  if (control.as === "select") {
    const { as: _select, ...rest } = control;
    element = <select id={id} {...rest} {...aria} />;
  } else if (control.as === "textarea") {
    const { as: _textarea, ...rest } = control;
    element = <textarea id={id} {...rest} {...aria} />;
  } else {
    const { as: _input, ...rest } = control;
    element = <input id={id} {...rest} {...aria} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId(id)} className="hint">
          {hint}
        </p>
      ) : null}
      {before}
      {around ? around(element) : element}
      <FieldError id={id} error={error} announce={announce} srPrefix={srPrefix} />
    </div>
  );
}

export type CheckFieldProps = FieldErrorProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & { label: ReactNode };

/** A checkbox and its label side by side (`.check`), its error below both. */
export function CheckField(props: CheckFieldProps) {
  const { id, label, error, announce, srPrefix, ...control } = props;
  return (
    <div className="check">
      <input type="checkbox" id={id} {...control} {...fieldAria(id, { error: Boolean(error) })} />
      <label htmlFor={id}>{label}</label>
      <FieldError id={id} error={error} announce={announce} srPrefix={srPrefix} />
    </div>
  );
}

/**
 * A field for a code read off a paper or a screen (the erasure code, a council's code): the answer
 * to one question on the page, so its error is announced; no autocomplete or spelling help, and
 * capitals on phones' keyboards.
 */
export function CodeField(props: Omit<InputField, "as">) {
  return (
    <Field
      type="text"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      // Codes are Latin letters and digits, typed left to right on an Arabic page too.
      dir="ltr"
      announce
      {...props}
    />
  );
}
