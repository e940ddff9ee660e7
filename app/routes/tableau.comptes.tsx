import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { Field, FieldError } from "~/ui/Field";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import type { Role } from "../../db/schema";
import { getDb } from "~/db.server";
import { formatDate } from "~/i18n/format";
import { requireRole } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { listTerritories } from "~/accounts/territory.server";
import { AccountError, createAccount, listUsers } from "~/accounts/user.server";
import { ROLE_LABELS } from "~/indicators/labels";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { readForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Comptes · Coéduc" }];

// The layout's labels, so a role reads the same in the menu bar and here.
const ROLE_HINTS: Record<Role, string> = {
  admin: "tous les territoires, les comptes, les territoires et le journal",
  coordinator: "ses territoires : campagnes, tableaux de bord, exports",
  viewer: "membre d'un comité de pilotage, lit les tableaux de bord de ses territoires",
};

const ZNewAccount = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, "Indiquez l'adresse e-mail.")
      .max(254, "Cette adresse est trop longue.")
      .pipe(z.email("Cette adresse e-mail n'est pas valide, par exemple : prenom.nom@ville.fr.")),
    role: z.enum(["admin", "coordinator", "viewer"], "Choisissez un rôle."),
    territory: z.array(z.string().max(100)).max(1000),
  })
  .refine((f) => f.role === "admin" || f.territory.length > 0, {
    path: ["territory"],
    message: "Cochez au moins un territoire : ce compte ne verra que ceux-là.",
  });

type Fields = Partial<Record<"email" | "role" | "territory", string>>;
type ActionResult =
  { ok: true; created: { email: string; role: Role; password: string } } | { ok: false; fields: Fields };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const db = await getDb();
  const [users, territories] = await Promise.all([listUsers(db), listTerritories(db)]);
  return { users, territories: territories.map((t) => ({ slug: t.slug, name: t.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request);
  const actor = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = ZNewAccount.safeParse({
    email: form.get("email") ?? "",
    role: form.get("role") ?? undefined,
    territory: form.getAll("territory"),
  });
  if (!parsed.success) {
    const fields: Fields = {};
    for (const issue of parsed.error.issues) fields[issue.path[0] as keyof Fields] ??= issue.message;
    return json<ActionResult>({ ok: false, fields }, { status: 422 });
  }
  const db = await getDb();
  try {
    const account = await createAccount(db, {
      email: parsed.data.email,
      role: parsed.data.role,
      territorySlugs: parsed.data.territory,
    });
    await recordAudit(db, {
      actor,
      action: "user_created",
      target: account.email,
      details: { role: account.role, territories: account.territorySlugs },
    });
    // The page carries a password: no cache may keep it.
    return json<ActionResult>(
      { ok: true, created: { email: account.email, role: account.role, password: account.password } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    const fields: Fields =
      error.code === "email_taken"
        ? { email: "Un compte existe déjà avec cette adresse." }
        : error.code === "unknown_territory"
          ? { territory: `Territoire inconnu : ${error.slugs.join(", ")}.` }
          : { territory: "Cochez au moins un territoire : ce compte ne verra que ceux-là." };
    return json<ActionResult>({ ok: false, fields }, { status: 422 });
  }
}

export default function Accounts() {
  const { users, territories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fields: Fields = result && !result.ok ? result.fields : {};
  return (
    <div className="page dash-page">
      <h1>Comptes</h1>
      {result?.ok ? (
        <div className="erasure-code" role="status">
          <h2>Compte créé pour {result.created.email}</h2>
          <p>Son mot de passe, affiché une seule fois :</p>
          <p className="code">{result.created.password}</p>
          <p>
            Transmettez-le par un moyen sûr (pas dans le même message que l'adresse). La personne le change
            dans « Mon compte » après sa première connexion.
          </p>
        </div>
      ) : null}
      <table>
        <caption className="visually-hidden">Comptes existants</caption>
        <thead>
          <tr>
            <th scope="col">Adresse e-mail</th>
            <th scope="col">Rôle</th>
            <th scope="col">Territoires</th>
            <th scope="col">Créé le</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>
                {u.role === "admin" && u.territories.length === 0
                  ? "Tous"
                  : u.territories.map((t) => t.name).join(", ")}
              </td>
              <td>{formatDate(u.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Créer un compte</h2>
      <p className="hint">Un mot de passe est créé pour le compte et affiché une seule fois.</p>
      <Form method="post" noValidate key={result?.ok ? result.created.email : "form"}>
        <CsrfInput />
        <Field
          id="email"
          type="email"
          label="Adresse e-mail"
          autoComplete="off"
          required
          error={fields.email}
        />
        <fieldset aria-describedby={fields.role ? "role-error" : undefined}>
          <legend>Rôle</legend>
          {(Object.keys(ROLE_HINTS) as Role[]).map((role) => (
            <label key={role} className="check">
              <input type="radio" name="role" value={role} defaultChecked={role === "coordinator"} />
              <span>
                {ROLE_LABELS[role]} <span className="hint">— {ROLE_HINTS[role]}</span>
              </span>
            </label>
          ))}
          <FieldError id="role" error={fields.role} />
        </fieldset>
        <fieldset aria-describedby={fields.territory ? "territory-error" : "territory-hint"}>
          <legend>Territoires</legend>
          <p id="territory-hint" className="hint">
            Pour la coordination et le comité de pilotage. L'administration voit tous les territoires.
          </p>
          {territories.map((t) => (
            <label key={t.slug} className="check">
              <input type="checkbox" name="territory" value={t.slug} />
              <span>{t.name}</span>
            </label>
          ))}
          <FieldError id="territory" error={fields.territory} />
        </fieldset>
        <button type="submit" className="button primary" disabled={busy}>
          Créer le compte
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
