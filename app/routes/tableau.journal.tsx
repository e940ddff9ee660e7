import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { requireRole } from "~/accounts/login.server";
import { type AuditAction, listAudit } from "~/privacy/audit.server";
import { ROLE_LABELS } from "~/indicators/labels";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Journal · Coéduc" }];

const PAGE_SIZE = 100;

const ACTION_LABELS: Record<AuditAction, string> = {
  login: "Connexion",
  login_failed: "Connexion refusée",
  logout: "Déconnexion",
  password_changed: "Mot de passe changé",
  export_responses: "Export des réponses",
  export_indicators: "Export des indicateurs",
  view_verbatims: "Lecture des verbatims",
  campaign_created: "Campagne créée",
  campaign_updated: "Campagne modifiée",
  user_created: "Compte créé",
  territory_created: "Territoire créé",
  territory_logo_updated: "Logo du territoire changé",
  territory_logo_removed: "Logo du territoire retiré",
  action_published: "Action publiée",
  action_updated: "Action modifiée",
  verbatim_approved: "Verbatim publié",
  verbatim_unapproved: "Publication d'un verbatim retirée",
  council_session_created: "Séance de conseil créée",
  council_session_opened: "Séance de conseil ouverte",
  council_session_closed: "Séance de conseil close",
  council_recorded: "Avis du conseil enregistré",
  council_record_updated: "Avis du conseil corrigé",
  response_erased: "Une réponse a été effacée (par la personne, avec son code)",
  responses_purged: "Réponses effacées : durée de conservation passée",
};

const ZPage = z.coerce.number().int().min(1).max(1_000_000).catch(1);

// To the second and in Paris time, whatever the server's zone: "26/11/2026 23:19:52".
const when = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeStyle: "medium",
  timeZone: "Europe/Paris",
});

// The details' keys and some values in French; anything else is shown as stored.
const DETAIL_KEYS: Record<string, string> = {
  role: "rôle",
  territories: "territoires",
  via: "par",
  locked: "compte verrouillé",
  rows: "lignes",
  responses: "réponses effacées",
  verbatims: "textes libres effacés",
  councilAnswers: "réponses de conseil effacées",
  closedOn: "fermée le",
  retentionMonths: "conservation (mois)",
};
const DETAIL_VALUES: Record<string, string> = {
  ...ROLE_LABELS,
  cli: "ligne de commande",
  true: "oui",
  false: "non",
};

/** The stored JSON details as "key : value" pairs; anything unreadable is shown as it is. */
function describeDetails(details: string | null): string {
  if (!details) return "";
  try {
    const value: unknown = JSON.parse(details);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return String(value);
    const show = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
    return Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => {
        const text = Array.isArray(v) ? v.map(show).join(", ") : show(v);
        return `${DETAIL_KEYS[k] ?? k} : ${DETAIL_VALUES[text] ?? text}`;
      })
      .join(" · ");
  } catch {
    return details;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const page = ZPage.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  // One more row than shown says whether a next page exists, without counting the whole log.
  const rows = await listAudit(await getDb(), { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  return {
    page,
    hasNext: rows.length > PAGE_SIZE,
    entries: rows.slice(0, PAGE_SIZE).map((e) => ({
      id: e.id,
      at: when.format(new Date(e.at)),
      who: e.user_email,
      action: ACTION_LABELS[e.action as AuditAction] ?? e.action,
      target: e.target,
      details: describeDetails(e.details),
    })),
  };
}

export default function AuditLog() {
  const { page, hasNext, entries } = useLoaderData<typeof loader>();
  return (
    <div className="page dash-page">
      <h1>Journal</h1>
      <p className="hint">
        Connexions, exports, lectures et publication des verbatims, effacements de réponses, changements de
        campagnes et de comptes, du plus récent au plus ancien. Heures de Paris. « Système » : une action sans
        personne connectée (ligne de commande, effacement par un répondant, purge).
      </p>
      {entries.length === 0 ? (
        <p>{page === 1 ? "Le journal est vide." : "Il n'y a rien sur cette page."}</p>
      ) : (
        <table>
          <caption className="visually-hidden">Journal, page {page}</caption>
          <thead>
            <tr>
              <th scope="col">Date et heure</th>
              <th scope="col">Qui</th>
              <th scope="col">Action</th>
              <th scope="col">Sur</th>
              <th scope="col">Détails</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.at}</td>
                <td>{e.who ?? "Système"}</td>
                <td>{e.action}</td>
                <td>{e.target ?? ""}</td>
                <td>{e.details}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages du journal">
        {page > 1 ? (
          <Link to={page === 2 ? "/tableau/journal" : `?page=${page - 1}`}>← Plus récents</Link>
        ) : null}{" "}
        {hasNext ? <Link to={`?page=${page + 1}`}>Plus anciens →</Link> : null}
      </nav>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
