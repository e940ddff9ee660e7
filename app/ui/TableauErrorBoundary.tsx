import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** Error page of the coordinator pages, shown inside the layout so the menu stays. */
export function TableauErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // 403 from requireCsrf (accounts/csrf.server.ts): its text says nothing was saved and what to do.
  const expired = isRouteErrorResponse(error) && error.status === 403 && typeof error.data === "string";
  return (
    <div className="page dash-page">
      <h1>{notFound ? "Page introuvable" : expired ? "Formulaire expiré" : "Un problème est survenu"}</h1>
      <p>
        {notFound
          ? "Cette page n'existe pas, ou vous n'y avez pas accès."
          : expired
            ? String(error.data)
            : "Le service ne répond pas comme prévu. Réessayez dans quelques minutes."}
      </p>
      <p>
        <Link to="/tableau">Retour aux campagnes</Link>
      </p>
    </div>
  );
}
