import type { ReactNode } from "react";

/**
 * A form's refusal that belongs to no one field (wrong password, too many tries), above the fields
 * and read out as it appears; nothing without a message.
 */
export function ErrorSummary({ message }: { message?: ReactNode }) {
  if (!message) return null;
  return (
    <div className="error-summary" role="alert">
      <p>{message}</p>
    </div>
  );
}
