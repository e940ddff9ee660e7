import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { Field } from "~/ui/Field";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import { getDb } from "~/db.server";
import { formatDate } from "~/i18n/format";
import { requireRole } from "~/accounts/login.server";
import { recordAudit } from "~/privacy/audit.server";
import { createTerritory, listTerritories, TerritoryError } from "~/accounts/territory.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { readForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Territoires · Coéduc" }];

const ZNewTerritory = z.object({
  slug: z
    .string()
    .trim()
    .min(2, "Indiquez un identifiant d'au moins 2 caractères.")
    .max(60, "L'identifiant a 60 caractères au plus.")
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "L'identifiant s'écrit en minuscules sans accents, chiffres et tirets, par exemple : marseille-nord.",
    ),
  name: z
    .string()
    .trim()
    .min(2, "Indiquez le nom du territoire.")
    .max(120, "Le nom a 120 caractères au plus."),
});

type Fields = Partial<Record<"slug" | "name", string>>;
/** The form's fields, in order. */
const FIELDS: { name: keyof Fields; label: string; hint: string }[] = [
  { name: "name", label: "Nom", hint: "Par exemple : Cité éducative de Marseille Nord" },
  {
    name: "slug",
    label: "Identifiant",
    hint: "En minuscules, chiffres et tirets, par exemple : marseille-nord. Il ne change plus ensuite.",
  },
];
type ActionResult =
  { ok: true; name: string } | { ok: false; fields: Fields; values: { slug: string; name: string } };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { territories: await listTerritories(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request);
  const actor = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const values = { slug: String(form.get("slug") ?? ""), name: String(form.get("name") ?? "") };
  const parsed = ZNewTerritory.safeParse(values);
  if (!parsed.success) {
    const fields: Fields = {};
    for (const issue of parsed.error.issues) fields[issue.path[0] as keyof Fields] ??= issue.message;
    return json<ActionResult>({ ok: false, fields, values }, { status: 422 });
  }
  const db = await getDb();
  try {
    await createTerritory(db, parsed.data);
    await recordAudit(db, { actor, action: "territory_created", target: parsed.data.slug });
  } catch (error) {
    if (!(error instanceof TerritoryError)) throw error;
    const fields = { slug: "Un territoire a déjà cet identifiant." };
    return json<ActionResult>({ ok: false, fields, values }, { status: 422 });
  }
  return json<ActionResult>({ ok: true, name: parsed.data.name });
}

export default function Territories() {
  const { territories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && !result.ok ? result : null;
  return (
    <div className="page dash-page">
      <h1>Territoires</h1>
      {result?.ok ? (
        <p className="notice" role="status">
          Le territoire « {result.name} » est créé.
        </p>
      ) : null}
      <table>
        <caption className="visually-hidden">Territoires existants</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Identifiant</th>
            <th scope="col">Campagnes</th>
            <th scope="col">Créé le</th>
          </tr>
        </thead>
        <tbody>
          {territories.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.slug}</td>
              <td>{t.campaignCount}</td>
              <td>{formatDate(t.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Créer un territoire</h2>
      <Form method="post" noValidate key={result?.ok ? result.name : "form"}>
        <CsrfInput />
        {FIELDS.map(({ name, label, hint }) => (
          <Field
            key={name}
            id={name}
            type="text"
            label={label}
            hint={hint}
            autoComplete="off"
            required
            defaultValue={failed?.values[name]}
            error={failed?.fields[name]}
          />
        ))}
        <button type="submit" className="button primary" disabled={busy}>
          Créer le territoire
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
