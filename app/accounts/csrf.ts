/**
 * The name of the hidden form field that carries the anti-CSRF token (shared by the server
 * check and the form component). See docs/decisions/014-web-security.md.
 */
export const CSRF_FIELD = "_csrf";
