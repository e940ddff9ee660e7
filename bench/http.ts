// What the benchmark scripts share: waiting for a server, and signing a coordinator in as a
// browser does: the login page hands
// out a session cookie and the form's anti-CSRF token (decision 014); the form is posted with
// both; the new session's token is read from a coordinator page before posting other forms.

/** The hidden `_csrf` field's value in a page, or throws. */
export function csrfFrom(html: string): string {
  const token =
    /name="_csrf"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? /value="([^"]*)"[^>]*name="_csrf"/.exec(html)?.[1];
  if (!token) throw new Error("no anti-CSRF token in the page");
  return token;
}

function sessionCookie(res: Response): string | undefined {
  for (const c of res.headers.getSetCookie())
    if (/^(__Host-)?coeduc_session=/.test(c)) return c.split(";")[0];
  return undefined;
}

/** Signs in; returns the session cookie and the anti-CSRF token of that session. */
export async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${base}/connexion`);
  const anonymous = sessionCookie(page);
  const loginToken = csrfFrom(await page.text());
  const login = await fetch(`${base}/connexion`, {
    method: "POST",
    headers: anonymous ? { Cookie: anonymous } : {},
    body: new URLSearchParams({ email, password, _csrf: loginToken }),
    redirect: "manual",
  });
  await login.arrayBuffer();
  const cookie = sessionCookie(login);
  if (login.status !== 302 || !cookie) throw new Error(`login failed: ${login.status}`);
  const home = await fetch(`${base}/tableau`, { headers: { Cookie: cookie } });
  return { cookie, csrf: csrfFrom(await home.text()) };
}

/** Resolves once `url` answers 2xx (a server has started), polling every 200 ms. */
export function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      fetch(url)
        .then((r) => (r.ok ? resolve() : retry()))
        .catch(retry);
    };
    const retry = () =>
      Date.now() > deadline ? reject(new Error(`${url} did not answer`)) : setTimeout(tick, 200);
    tick();
  });
}
