import { formatDateTime } from "~/i18n/format";

/**
 * When the figures were released, and why they are not exact to the unit
 * (docs/decisions/021-disclosure-control.md): coordinators must know both.
 */
export function ReleaseNote({ releasedAt }: { releasedAt: string }) {
  return (
    <div className="release-note">
      <p>
        <strong>Chiffres arrêtés le {formatDateTime(releasedAt)}</strong> : ils sont mis à jour une fois par
        jour.
      </p>
      <p>
        Pour que personne ne puisse retrouver les réponses d'une personne, les moyennes, les pourcentages et
        les répartitions sont légèrement perturbés, toujours de la même façon : le même chiffre sur chaque
        page et dans chaque fichier. À partir de 100 réponses, l'écart est de l'ordre d'un point sur un
        pourcentage et de quelques dixièmes de point sur une moyenne. De 10 à 29 réponses, la moyenne est
        arrondie à l'unité.
      </p>
    </div>
  );
}
