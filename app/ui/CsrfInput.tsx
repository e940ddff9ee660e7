import { useMatches } from "@remix-run/react";
import { CSRF_FIELD } from "~/accounts/csrf";

/**
 * The anti-CSRF token of the page's session, from the nearest loader that provides one
 * (`csrf` in the data of the coordinator layout or the login page).
 */
export function useCsrfToken(): string {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data = matches[i]!.data as { csrf?: unknown } | null | undefined;
    if (data && typeof data.csrf === "string") return data.csrf;
  }
  return "";
}

/** Goes inside every POST form of the coordinator area (the action checks it with requireCsrf). */
export function CsrfInput() {
  return <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />;
}
