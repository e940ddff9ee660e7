import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { formatDate } from "~/lib/format";
import type { CampaignUnavailableData } from "~/models/campaign-page.server";

/** Error boundary of every campaign page: unknown (404), closed or not yet open (410). */
export function CampaignErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 410)) {
    const info = (error.data ?? {}) as Partial<CampaignUnavailableData>;
    if (info.reason === "closed" || info.reason === "not_yet_open") {
      return (
        <div className="page">
          <h1>
            {info.reason === "closed"
              ? "Ce questionnaire est fermé"
              : "Ce questionnaire n'est pas encore ouvert"}
          </h1>
          {info.title ? <p>{info.title}</p> : null}
          {info.opensAt && info.closesAt ? (
            <p>
              Il est ouvert du {formatDate(info.opensAt)} au {formatDate(info.closesAt)}.
            </p>
          ) : null}
          {info.reason === "closed" ? <p>Merci.</p> : <p>Revenez à partir de la date d'ouverture.</p>}
          {info.reason === "closed" && info.slug ? (
            <p>
              <Link to={`/s/${info.slug}/resultats`}>Voir les résultats et ce qui a été fait</Link>
            </p>
          ) : null}
        </div>
      );
    }
    return (
      <div className="page">
        <h1>Questionnaire introuvable</h1>
        <p>Ce lien ne mène à aucun questionnaire.</p>
        <p>Vérifiez l'adresse ou scannez à nouveau le QR code.</p>
        <p>
          <Link to="/">Retour à l'accueil</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Un problème est survenu</h1>
      <p>Le service ne répond pas comme prévu. Réessayez dans quelques minutes.</p>
    </div>
  );
}
