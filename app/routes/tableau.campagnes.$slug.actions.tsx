import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { Field } from "~/ui/Field";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import { DIMENSIONS } from "~/surveys/audiences";
import { formatDate, formatDateTime } from "~/i18n/format";
import { DIMENSION_LABELS } from "~/indicators/labels";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { ACTION_STATUSES, ZActionForm } from "~/follow-up/action-form";
import {
  actionHistory,
  createAction,
  listActions,
  type PublishedAction,
  updateAction,
} from "~/follow-up/actions.server";
import { canManage } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} : actions · Coéduc` : "Actions · Coéduc" },
];

const STATUS_WORDS = { planned: "prévu", in_progress: "en cours", done: "fait" } as const;
const ZId = z.coerce.number().int().positive();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug);
  const actions = await listActions(db, campaign.id);
  const editId = ZId.safeParse(new URL(request.url).searchParams.get("modifier"));
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    canEdit: canManage(actor),
    actions,
    history: await actionHistory(db, campaign.id),
    editing: canManage(actor) && editId.success ? (actions.find((a) => a.id === editId.data) ?? null) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  // Viewers read; writing is not a page that exists for them.
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
  const form = await request.formData().catch(() => null);
  if (!form) throw new Response("Formulaire illisible", { status: 400 });
  const values = Object.fromEntries(
    ["heard", "decided", "status", "startsOn", "endsOn", "dimension", "question"].map((k) => [
      k,
      String(form.get(k) ?? ""),
    ]),
  );
  const parsed = ZActionForm.safeParse(values);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return json({ fields, values }, { status: 422 });
  }
  const id = form.get("id");
  if (id) {
    const actionId = ZId.safeParse(id);
    if (!actionId.success || !(await updateAction(db, actor, campaign, actionId.data, parsed.data)))
      throw new Response("Action introuvable", { status: 404 });
  } else {
    await createAction(db, actor, campaign, parsed.data);
  }
  throw redirect(`/tableau/campagnes/${campaign.slug}/actions`);
}

function ActionFormFields({
  initial,
  errors,
}: {
  initial: Partial<Record<string, string>>;
  errors?: Record<string, string>;
}) {
  // Each field's id is its name's, prefixed: the layout around the form has ids of its own.
  const common = (name: string) => ({ id: `action-${name}`, name, error: errors?.[name] });
  return (
    <>
      {(
        [
          ["heard", "Ce que nous avons entendu"],
          ["decided", "Ce que nous avons décidé"],
        ] as const
      ).map(([name, label]) => (
        <Field
          key={name}
          as="textarea"
          {...common(name)}
          label={label}
          required
          maxLength={2000}
          defaultValue={initial[name] ?? ""}
        />
      ))}
      <Field as="select" {...common("status")} label="État" defaultValue={initial.status ?? "planned"}>
        {ACTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_WORDS[s]}
          </option>
        ))}
      </Field>
      <Field type="date" {...common("startsOn")} label="Début" defaultValue={initial.startsOn ?? ""} />
      <Field
        type="date"
        {...common("endsOn")}
        label="Fin (prévue ou réelle)"
        defaultValue={initial.endsOn ?? ""}
      />
      <Field
        as="select"
        {...common("dimension")}
        label="Dimension (facultatif)"
        defaultValue={initial.dimension ?? ""}
      >
        <option value="">Aucune</option>
        {DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {d} · {DIMENSION_LABELS[d]}
          </option>
        ))}
      </Field>
      <Field
        {...common("question")}
        label="Question liée (facultatif, son nom technique)"
        defaultValue={initial.question ?? ""}
      />
    </>
  );
}

function asInitial(a: PublishedAction): Record<string, string> {
  return {
    heard: a.heard,
    decided: a.decided,
    status: a.status,
    startsOn: a.startsOn ?? "",
    endsOn: a.endsOn ?? "",
    dimension: a.dimension ?? "",
    question: a.question ?? "",
  };
}

export default function Actions() {
  const d = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  return (
    <div className="page dash-page">
      <p className="eyebrow">
        <Link to={`/tableau/campagnes/${d.campaign.slug}`}>{d.campaign.title}</Link>
      </p>
      <h1>Vous avez dit, nous avons fait</h1>
      <p className="hint">
        Ces actions sont publiques, sur la{" "}
        <Link to={`/s/${d.campaign.slug}/resultats`}>page des résultats</Link>. Chaque enregistrement est
        gardé dans l'historique et inscrit au journal.
      </p>
      {d.actions.length === 0 ? <p>Aucune action publiée.</p> : null}
      <ol className="actions-list">
        {d.actions.map((a) => (
          <li key={a.id}>
            <p>
              <strong>Entendu :</strong> {a.heard}
            </p>
            <p>
              <strong>Décidé :</strong> {a.decided}
            </p>
            <p>
              {STATUS_WORDS[a.status]}
              {a.startsOn ? ` · début ${formatDate(a.startsOn)}` : ""}
              {a.endsOn ? ` · fin ${formatDate(a.endsOn)}` : ""}
              {a.dimension ? ` · ${a.dimension}` : ""}
              {a.question ? ` · ${a.question}` : ""}
            </p>
            {d.canEdit ? <Link to={`?modifier=${a.id}`}>Modifier</Link> : null}
            <details>
              <summary>Historique ({d.history[a.id]?.length ?? 0})</summary>
              <ol>
                {(d.history[a.id] ?? []).map((r) => (
                  <li key={r.id}>
                    {formatDateTime(r.revisedAt)}, {r.userEmail ?? "compte supprimé"} :{" "}
                    {STATUS_WORDS[r.status]} · {r.heard} → {r.decided}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ol>
      {d.canEdit ? (
        <Form method="post" key={d.editing?.id ?? "new"}>
          <CsrfInput />
          <h2>{d.editing ? "Modifier l'action" : "Publier une action"}</h2>
          {d.editing ? <input type="hidden" name="id" value={d.editing.id} /> : null}
          <ActionFormFields
            initial={sent?.values ?? (d.editing ? asInitial(d.editing) : {})}
            errors={sent?.fields}
          />
          <button type="submit" className="button primary">
            {d.editing ? "Enregistrer" : "Publier"}
          </button>
          {d.editing ? <Link to={`/tableau/campagnes/${d.campaign.slug}/actions`}>Annuler</Link> : null}
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
