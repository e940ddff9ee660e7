import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [
  { title: "Coéduc" },
  { name: "description", content: "Donner son avis sur l'éducation dans son quartier." },
];

export default function Index() {
  return (
    <div className="page">
      <h1>Coéduc</h1>
      <p>Coéduc recueille l'avis des parents et des jeunes sur l'éducation dans leur quartier.</p>
      <p>Pour répondre, utilisez le lien ou le QR code donné par votre Cité éducative.</p>
      <p>
        <Link to="/s/demo" className="button">
          Essayer le questionnaire de démonstration
        </Link>
      </p>
      <p>
        <Link to="/effacer">Effacer mes réponses avec mon code</Link>
      </p>
    </div>
  );
}
