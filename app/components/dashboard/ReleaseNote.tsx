import { formatDateTime } from "~/lib/format";

/**
 * When the figures were released, and why they are not exact to the unit
 * (docs/decisions/021-disclosure-control.md): coordinators must know both.
 */
export function ReleaseNote({ releasedAt }: { releasedAt: string }) {
  return (
    <p className="release-note">
      Chiffres arrêtés le {formatDateTime(releasedAt)} : ils sont mis à jour une fois par jour. Pour que
      personne ne puisse retrouver les réponses d'une personne, les moyennes, les pourcentages et les
      répartitions sont légèrement perturbés, toujours de la même façon (le même chiffre sur chaque page et
      dans chaque fichier) ; de 10 à 29 réponses, la moyenne est arrondie à l'unité. À partir de 100 réponses,
      l'écart est de l'ordre d'un point sur un pourcentage et de quelques dixièmes de point sur une moyenne.
    </p>
  );
}
