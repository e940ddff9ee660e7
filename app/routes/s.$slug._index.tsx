import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { formatDate } from "~/lib/format";
import { questionnairePath } from "~/lib/paths";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} · Coéduc` : "Questionnaire · Coéduc" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const parent = surveyFor(campaign, "P") ?? surveyFor(campaign, "Px");
  const youth = surveyFor(campaign, "Y");
  const adult = surveyFor(campaign, "A");
  const minutes = campaign.surveys.filter((s) => s.audience !== "Px").map((s) => s.minutes);
  return {
    campaign,
    minutes: minutes.length > 0 ? { min: Math.min(...minutes), max: Math.max(...minutes) } : null,
    choices: {
      parent: !!parent,
      youth: !!youth,
      adult: adult ? questionnairePath(campaign.slug, adult.id, "18-25") : null,
    },
  };
}

export default function CampaignLanding() {
  const { campaign, minutes, choices } = useLoaderData<typeof loader>();
  const duration =
    minutes && minutes.min !== minutes.max ? `${minutes.min} à ${minutes.max}` : String(minutes?.min ?? 5);
  return (
    <div className="page">
      <p className="eyebrow">{campaign.territoryName}</p>
      <h1>{campaign.title}</h1>
      <p>Ce questionnaire demande votre avis sur l'éducation dans le quartier.</p>
      <p>
        La Cité éducative, c'est l'école, la mairie et les associations qui agissent ensemble pour les enfants
        et les jeunes.
      </p>
      <p>Vos réponses l'aident à mieux travailler avec vous.</p>
      <ul className="facts">
        <li>
          <strong>Durée :</strong> environ {duration} minutes.
        </li>
        <li>
          <strong>Anonyme :</strong> on ne demande pas votre nom.
        </li>
        <li>
          <strong>Qui lit les réponses ?</strong> L'équipe de la Cité éducative. Les résultats sont publiés
          seulement pour des groupes d'au moins 10 personnes. Des phrases écrites peuvent être publiées, sans
          nom, après relecture.
        </li>
        <li>
          <strong>Ouvert jusqu'au</strong> {formatDate(campaign.closesAt)}.
        </li>
      </ul>

      <h2>Qui répond ?</h2>
      <ul className="choices">
        {choices.parent ? (
          <li>
            <Link className="choice" to={`/s/${campaign.slug}/parent`}>
              Je suis parent ou je m'occupe d'un enfant
            </Link>
          </li>
        ) : null}
        {choices.youth ? (
          <li>
            <Link className="choice" to={`/s/${campaign.slug}/jeune`}>
              J'ai entre 12 et 17 ans
            </Link>
          </li>
        ) : null}
        {choices.adult ? (
          <li>
            <Link className="choice" to={choices.adult}>
              J'ai entre 18 et 25 ans
            </Link>
          </li>
        ) : null}
      </ul>
      <p className="small">
        Vous avez déjà répondu et voulez effacer vos réponses ?{" "}
        <Link to="/effacer">Effacer mes réponses</Link>
      </p>
      <p>
        <Link to={`/s/${campaign.slug}/resultats`}>Voir les résultats et ce qui a été fait</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
