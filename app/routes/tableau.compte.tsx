import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { ErrorSummary } from "~/ui/ErrorSummary";
import { Field } from "~/ui/Field";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { formatDateTime } from "~/i18n/format";
import { MIN_PASSWORD_LENGTH } from "~/accounts/password.server";
import { isKnownFor, readKnownDevice } from "~/accounts/known-device.server";
import { requireActor, startSession } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { attemptLogin, findActor, setPassword } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { readForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Mon compte · Coéduc" }];

const ZPasswordChange = z
  .object({
    current: z.string().min(1, "Indiquez votre mot de passe actuel.").max(1000),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Choisissez un mot de passe d'au moins ${MIN_PASSWORD_LENGTH} caractères.`)
      .max(1000, "Ce mot de passe est trop long : 1 000 caractères au plus."),
    confirmation: z.string(),
  })
  .refine((f) => f.confirmation === f.password, {
    path: ["confirmation"],
    message: "Les deux mots de passe ne sont pas identiques.",
  })
  .refine((f) => f.password !== f.current, {
    path: ["password"],
    message: "Choisissez un mot de passe différent de l'actuel.",
  });

type Fields = Partial<Record<"current" | "password" | "confirmation", string>>;
type ActionResult = { error: string | null; fields: Fields };

/** Where a successful change leads: the confirmation is shown from this parameter. */
const CHANGED_PATH = "/tableau/compte?modifie=1";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const changed = new URL(request.url).searchParams.get("modifie") === "1";
  return { email: actor.email, minLength: MIN_PASSWORD_LENGTH, changed };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request);
  const actor = await requireActor(request);
  const parsed = ZPasswordChange.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const fields: Fields = {};
    for (const issue of parsed.error.issues) fields[issue.path[0] as keyof Fields] ??= issue.message;
    return json<ActionResult>({ error: null, fields }, { status: 422 });
  }
  const db = await getDb();
  // Checked like a login, under the same throttle: a borrowed session cannot guess the password
  // (from a browser known for the account, the account's lock does not apply, its own does).
  const device = await readKnownDevice(request);
  const check = await attemptLogin(db, actor.email, parsed.data.current, {
    baseDelayMs: getEnv().LOGIN_SLOWDOWN_MS,
    knownDeviceId: isKnownFor(device, actor.id) ? device!.id : null,
  });
  if (check.kind === "locked" || check.kind === "address_limited") {
    const seconds =
      check.kind === "locked"
        ? Math.ceil((Date.parse(check.until) - Date.now()) / 1000)
        : check.retryAfterSeconds;
    const until = check.kind === "locked" ? check.until : new Date(Date.now() + seconds * 1000).toISOString();
    const error = `Trop d'essais. Réessayez après ${formatDateTime(until)}.`;
    return json<ActionResult>(
      { error, fields: {} },
      { status: 429, headers: { "Retry-After": String(Math.max(1, seconds)) } },
    );
  }
  if (check.kind === "invalid" || check.actor.id !== actor.id) {
    const fields = { current: "Ce n'est pas votre mot de passe actuel." };
    return json<ActionResult>({ error: null, fields }, { status: 422 });
  }
  // Bumps session_version and deletes the account's sessions: every other browser is signed
  // out; this one gets a new session.
  await setPassword(db, actor.id, parsed.data.password);
  await recordAudit(db, { actor, action: "password_changed" });
  const fresh = await findActor(db, actor.id);
  if (!fresh) throw new Response("Compte introuvable", { status: 404 });
  // A redirect, not a page: rendered in this response, the layout's loader would still see the
  // old cookie (now ended) and send the person to the login page.
  throw redirect(CHANGED_PATH, { headers: { "Set-Cookie": await startSession(request, fresh) } });
}

export default function Account() {
  const { email, minLength, changed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const location = useLocation();
  const fields: Fields = result?.fields ?? {};
  return (
    <div className="page dash-page">
      <h1>Mon compte</h1>
      <p>Vous êtes connecté·e avec l'adresse {email}.</p>
      <h2>Changer mon mot de passe</h2>
      {changed && !result ? (
        <p className="notice" role="status">
          Votre mot de passe est changé. Vos autres sessions (autres navigateurs, autres appareils) sont
          fermées.
        </p>
      ) : null}
      <ErrorSummary message={result?.error} />
      {/* A new key after the redirect of a change empties the fields. */}
      <Form method="post" noValidate key={location.key}>
        <CsrfInput />
        {(
          [
            ["current", "Mot de passe actuel", "current-password", undefined],
            ["password", "Nouveau mot de passe", "new-password", `Au moins ${minLength} caractères.`],
            ["confirmation", "Nouveau mot de passe, une deuxième fois", "new-password", undefined],
          ] as const
        ).map(([name, label, autoComplete, hint]) => (
          <Field
            key={name}
            id={name}
            type="password"
            label={label}
            hint={hint}
            autoComplete={autoComplete}
            required
            error={fields[name]}
          />
        ))}
        <button type="submit" className="button primary" disabled={busy}>
          Changer mon mot de passe
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
