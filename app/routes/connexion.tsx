import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { formatDateTime } from "~/lib/format";
import { CsrfInput } from "~/components/CsrfInput";
import { csrfToken, requireCsrf } from "~/lib/csrf.server";
import { codeAttemptsBlocked, countWrongCode, minutesToWait } from "~/lib/rate-limit.server";
import { getActor, safeReturnPath, startSession } from "~/lib/session.server";
import { recordAudit } from "~/models/audit.server";
import { attemptLogin } from "~/models/user.server";
import { readForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Connexion · Coéduc" }];

const ZLogin = z.object({
  email: z.string().trim().min(1, "Indiquez votre adresse e-mail.").max(254),
  password: z.string().min(1, "Indiquez votre mot de passe.").max(1000),
  retour: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) {
    throw redirect(safeReturnPath(new URL(request.url).searchParams.get("retour")));
  }
  // The login form is protected too (no one logged into someone else's account by another site).
  const { token, setCookie } = await csrfToken(request);
  return data({ csrf: token }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireCsrf(request);
  // Besides the per-account throttle: wrong passwords from one client (hashed address), any account.
  const wait = codeAttemptsBlocked(context);
  if (wait !== null) {
    return data(
      {
        error: `Trop d'essais depuis cette connexion. Réessayez dans ${minutesToWait(wait)} min.`,
        fields: {} as Record<string, string>,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const parsed = ZLogin.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return data({ error: null, fields }, { status: 400 });
  }
  const { email, password, retour } = parsed.data;
  const db = await getDb();
  const result = await attemptLogin(db, email, password, { baseDelayMs: getEnv().LOGIN_SLOWDOWN_MS });
  if (result.kind === "locked") {
    await recordAudit(db, { actor: null, action: "login_failed", target: email, details: { locked: true } });
    return data(
      {
        error: `Trop d'essais pour ce compte. Réessayez après ${formatDateTime(result.until)}.`,
        fields: {} as Record<string, string>,
      },
      { status: 429 },
    );
  }
  if (result.kind === "invalid") {
    countWrongCode(context);
    await recordAudit(db, { actor: null, action: "login_failed", target: email });
    return data(
      { error: "Adresse e-mail ou mot de passe incorrect.", fields: {} as Record<string, string> },
      { status: 401 },
    );
  }
  await recordAudit(db, { actor: result.actor, action: "login" });
  throw redirect(safeReturnPath(retour), {
    headers: { "Set-Cookie": await startSession(request, result.actor) },
  });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const fields = result?.fields ?? {};
  return (
    <div className="page narrow">
      <h1>Connexion</h1>
      <p>Espace des équipes des Cités éducatives.</p>
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="retour" value={params.get("retour") ?? ""} />
        {result?.error ? (
          <div className="error-summary" role="alert">
            <p>{result.error}</p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="email">Adresse e-mail</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            aria-invalid={fields.email ? true : undefined}
            aria-describedby={fields.email ? "email-error" : undefined}
          />
          {fields.email ? (
            <p id="email-error" className="field-error">
              {fields.email}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">Mot de passe</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={fields.password ? true : undefined}
            aria-describedby={fields.password ? "password-error" : undefined}
          />
          {fields.password ? (
            <p id="password-error" className="field-error">
              {fields.password}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          Se connecter
        </button>
      </Form>
    </div>
  );
}
