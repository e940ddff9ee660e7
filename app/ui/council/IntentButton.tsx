import { Form } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";

/** A one-button form of the coordinator area that posts one intent (open, close…). */
export function IntentButton({
  intent,
  label,
  className,
  busy,
}: {
  intent: string;
  label: string;
  className: string;
  busy: boolean;
}) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
