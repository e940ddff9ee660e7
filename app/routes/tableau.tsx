import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { ROLE_LABELS } from "~/indicators/labels";
import { csrfTokenForCookie } from "~/accounts/csrf.server";
import { requireActor } from "~/accounts/login.server";
import { getEnv } from "~/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // Only what pages need: the session version stays on the server.
  return {
    actor: { id: actor.id, email: actor.email, role: actor.role, territoryIds: actor.territoryIds },
    // The forms' anti-CSRF token (CsrfInput reads it from here).
    csrf: csrfTokenForCookie(request.headers.get("Cookie")),
    // In production without PUBLIC_URL, posters and projected QR codes print the address this
    // request came by, which behind a proxy may be an internal one (issue 14).
    publicUrlMissing: getEnv().NODE_ENV === "production" && !getEnv().PUBLIC_URL,
  };
}

export type SignedInActor = Awaited<ReturnType<typeof loader>>["actor"];

/** The signed-in person, for any page under /tableau (the layout has loaded them). */
export function useActor(): SignedInActor {
  const data = useRouteLoaderData<typeof loader>("routes/tableau");
  if (!data) throw new Error("useActor: only for pages under /tableau");
  return data.actor;
}

const LINKS: { to: string; label: string; adminOnly?: boolean; section?: string }[] = [
  { to: "/tableau", label: "Campagnes", section: "/tableau/campagnes/" },
  { to: "/tableau/national", label: "Vue nationale", adminOnly: true },
  { to: "/tableau/comptes", label: "Comptes", adminOnly: true },
  { to: "/tableau/territoires", label: "Territoires", adminOnly: true },
  { to: "/tableau/journal", label: "Journal", adminOnly: true },
  { to: "/tableau/compte", label: "Mon compte" },
];

export default function TableauLayout() {
  const { actor, publicUrlMissing } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  // "page" on the page itself, "true" inside its section (a campaign's form or poster).
  const current = (l: (typeof LINKS)[number]) =>
    pathname === l.to ? "page" : pathname.startsWith(l.section ?? `${l.to}/`) ? "true" : undefined;
  return (
    <div className="dash">
      <div className="dash-bar">
        <div className="dash-account">
          <p className="dash-who">
            <span className="visually-hidden">Connecté·e : </span>
            <strong>{actor.email}</strong> <span className="dash-role">{ROLE_LABELS[actor.role]}</span>
          </p>
          {/* Logging out changes state: a POST, never a link. */}
          <Form method="post" action="/deconnexion" className="dash-logout">
            <CsrfInput />
            <button type="submit" className="button">
              Se déconnecter
            </button>
          </Form>
        </div>
        <nav aria-label="Espace des équipes" className="dash-nav">
          <ul>
            {LINKS.filter((l) => !l.adminOnly || actor.role === "admin").map((l) => (
              <li key={l.to}>
                <Link to={l.to} aria-current={current(l)}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {publicUrlMissing ? (
          // Not a live region: it is there when the page loads, and the pages' own status
          // messages (role="status") must stay the ones announced.
          <p className="notice dash-notice">
            L&apos;adresse publique du service n&apos;est pas réglée (PUBLIC_URL) : les affiches et les QR
            codes montrent l&apos;adresse par laquelle vous êtes arrivé·e, qui peut être une adresse interne
            que les familles ne peuvent pas ouvrir. Demandez à la personne qui gère le serveur de la régler
            (docs/operations.md).
          </p>
        ) : null}
      </div>
      <div className="dash-content">
        <Outlet />
      </div>
    </div>
  );
}

// Also catches what the pages below do not (their own boundaries keep the menu).
export const ErrorBoundary = TableauErrorBoundary;
