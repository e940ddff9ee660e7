import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import {
  DEFAULT_DURATION,
  durationLabel,
  formatCode,
  SITTING_DURATIONS,
  SITTING_STATUS_WORDS,
} from "~/council/rules";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { formatDateTime, formatPercent } from "~/i18n/format";
import { readForm } from "~/web/http.server";
import { campaignAvailability } from "~/campaigns/campaign.server";
import { createSitting, listSittings } from "~/council/sittings.server";
import { canManage } from "~/accounts/user.server";
import { councilLinks } from "~/ui/council/links";
import { Field } from "~/ui/Field";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const links = councilLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} : conseils de jeunes · Coéduc` : "Conseils de jeunes · Coéduc" },
];

const ZNewSitting = z.object({
  councilName: z
    .string()
    .trim()
    .min(2, "Écrivez le nom du conseil.")
    .max(120, "Le nom est trop long : 120 caractères au plus."),
  durationMinutes: z.coerce
    .number({ error: "Choisissez une durée de la liste." })
    .int("Choisissez une durée de la liste.")
    .refine((n) => (SITTING_DURATIONS as readonly number[]).includes(n), "Choisissez une durée de la liste."),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug);
  const availability = campaignAvailability(campaign);
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    canManage: canManage(actor),
    canCreate: availability === "open" || availability === "not_yet_open",
    sittings: await listSittings(db, campaign.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
  const form = await readForm(request);
  const values = {
    councilName: String(form.get("councilName") ?? "").slice(0, 500),
    durationMinutes: String(form.get("durationMinutes") ?? ""),
  };
  const parsed = ZNewSitting.safeParse(values);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return json({ fields, values, message: null }, { status: 422 });
  }
  const result = await createSitting(db, actor, campaign, parsed.data);
  if (result.kind !== "created") {
    return json(
      {
        fields: {} as Record<string, string>,
        values,
        message: "La campagne est fermée : on ne peut plus y ajouter de séance.",
      },
      { status: 409 },
    );
  }
  throw redirect(`/tableau/campagnes/${campaign.slug}/conseils/${result.sitting.id}`);
}

export default function CouncilSittings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page dash-page">
      <p className="eyebrow">
        <Link to={`/tableau/campagnes/${d.campaign.slug}`}>{d.campaign.title}</Link>
      </p>
      <h1>Conseils de jeunes</h1>
      <p>
        Une séance réunit un conseil de jeunes dans une salle. Les jeunes rejoignent la séance avec un code,
        sur leur téléphone, sans compte. Ils répondent à quelques questions. L'écran projeté montre les
        résultats en direct. Ensuite, avec le groupe, vous écrivez l'avis du conseil et son auto-évaluation.
      </p>

      <h2>Séances</h2>
      {d.sittings.length === 0 ? (
        <p>Aucune séance pour cette campagne.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Séances des conseils de jeunes</caption>
          <thead>
            <tr>
              <th scope="col">Conseil</th>
              <th scope="col">Code</th>
              <th scope="col">État</th>
              <th scope="col">Téléphones</th>
              <th scope="col">Avis du conseil</th>
            </tr>
          </thead>
          <tbody>
            {d.sittings.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`${s.id}`}>{s.councilName}</Link>
                  <br />
                  <span className="small">créée le {formatDateTime(s.createdAt)}</span>
                </th>
                <td>{formatCode(s.code)}</td>
                <td>{SITTING_STATUS_WORDS[s.status]}</td>
                <td>{s.participants}</td>
                <td>
                  {s.record
                    ? `enregistré : ${s.record.summary.met} critères remplis sur ${s.record.summary.total} (${formatPercent(s.record.summary.share)})`
                    : "pas encore"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {d.canManage ? (
        <>
          <h2>Préparer une séance</h2>
          {!d.canCreate ? (
            <p>La campagne est fermée : on ne peut plus y ajouter de séance.</p>
          ) : (
            <Form method="post" noValidate>
              <CsrfInput />
              {result?.message ? (
                <p className="field-error" role="alert">
                  {result.message}
                </p>
              ) : null}
              <Field
                id="councilName"
                name="councilName"
                type="text"
                label="Nom du conseil"
                hint="Par exemple : Conseil des jeunes du quartier Nord. Il sera publié avec l'avis du conseil."
                required
                maxLength={120}
                defaultValue={result?.values.councilName ?? ""}
                error={result?.fields.councilName}
              />
              <Field
                as="select"
                id="durationMinutes"
                name="durationMinutes"
                label="Durée de la séance"
                hint="Après ce temps, la séance se ferme seule. Vous pouvez aussi la clore avant."
                defaultValue={result?.values.durationMinutes ?? String(DEFAULT_DURATION)}
                error={result?.fields.durationMinutes}
              >
                {SITTING_DURATIONS.map((m) => (
                  <option key={m} value={m}>
                    {durationLabel(m)}
                  </option>
                ))}
              </Field>
              <button type="submit" className="button primary" disabled={busy}>
                Créer la séance
              </button>
            </Form>
          )}
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
