import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { formatDateTime } from "~/i18n/format";
import { CsrfInput } from "~/ui/CsrfInput";
import { ErrorSummary } from "~/ui/ErrorSummary";
import { Field } from "~/ui/Field";
import { csrfToken, requireCsrf } from "~/accounts/csrf.server";
import { isKnownFor, readKnownDevice, rememberDevice } from "~/accounts/known-device.server";
import { loginAddressBudget, minutesToWait } from "~/web/rate-limit.server";
import { getActor, safeReturnPath, startSession } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { attemptLogin, normalizeEmail } from "~/accounts/user.server";
import { readForm } from "~/web/http.server";

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
  return json({ csrf: token }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

/** A refusal of the login form: the page's message, 429 and Retry-After. */
function tooManyTries(error: string, retryAfterSeconds: number) {
  return json(
    { error, fields: {} as Record<string, string> },
    { status: 429, headers: { "Retry-After": String(Math.max(1, retryAfterSeconds)) } },
  );
}

function secondsUntil(iso: string): number {
  return Math.ceil((Date.parse(iso) - Date.now()) / 1000);
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireCsrf(request);
  const parsed = ZLogin.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return json({ error: null, fields }, { status: 400 });
  }
  const { email, password, retour } = parsed.data;
  const db = await getDb();
  // A browser where this account signed in before (signed cookie) is not refused by the
  // account's lock nor by its address's budget: an outsider's wrong guesses cannot lock the
  // coordinator out (docs/decisions/022-logins-and-sessions.md).
  const device = await readKnownDevice(request);
  const account = await db
    .selectFrom("user")
    .select("id")
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  const known = isKnownFor(device, account?.id);
  const result = await attemptLogin(db, email, password, {
    baseDelayMs: getEnv().LOGIN_SLOWDOWN_MS,
    knownDeviceId: known ? device!.id : null,
    // Wrong passwords per client (hashed address), any account, apart from codes' budgets.
    address: loginAddressBudget(context),
  });
  if (result.kind === "address_limited") {
    return tooManyTries(
      `Trop d'essais depuis cette connexion. Réessayez dans ${minutesToWait(result.retryAfterSeconds)} min.`,
      result.retryAfterSeconds,
    );
  }
  if (result.kind === "locked") {
    await recordAudit(db, {
      actor: null,
      action: "login_failed",
      target: email,
      // The journal says "compte verrouillé : oui"; a browser's own lock is a plain refusal there.
      ...(result.scope === "account" ? { details: { locked: true } } : {}),
    });
    return tooManyTries(
      result.scope === "device"
        ? `Trop d'essais depuis ce navigateur. Réessayez après ${formatDateTime(result.until)}.`
        : `Trop d'essais pour ce compte. Réessayez après ${formatDateTime(result.until)}. ` +
            "Depuis un navigateur où vous vous êtes déjà connecté·e, le bon mot de passe reste accepté.",
      secondsUntil(result.until),
    );
  }
  if (result.kind === "invalid") {
    await recordAudit(db, { actor: null, action: "login_failed", target: email });
    return json(
      { error: "Adresse e-mail ou mot de passe incorrect.", fields: {} as Record<string, string> },
      { status: 401 },
    );
  }
  await recordAudit(db, { actor: result.actor, action: "login" });
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(request, result.actor));
  headers.append("Set-Cookie", await rememberDevice(request, device, result.actor.id));
  throw redirect(safeReturnPath(retour), { headers });
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
        <ErrorSummary message={result?.error} />
        <Field
          id="email"
          type="email"
          label="Adresse e-mail"
          autoComplete="username"
          required
          error={fields.email}
        />
        <Field
          id="password"
          type="password"
          label="Mot de passe"
          autoComplete="current-password"
          required
          error={fields.password}
        />
        <button type="submit" className="button primary" disabled={busy}>
          Se connecter
        </button>
      </Form>
    </div>
  );
}
