import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { questionnairePath } from "~/lib/paths";

export const meta: MetaFunction = () => [{ title: "Parents · Coéduc" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const own = surveyFor(campaign, "P");
  const child = surveyFor(campaign, "Px");
  if (!own && !child) throw new Response(null, { status: 404 });
  return {
    slug: campaign.slug,
    own: own ? { path: questionnairePath(campaign.slug, own.id, null), minutes: own.minutes } : null,
    child: child ? { minutes: child.minutes } : null,
  };
}

export default function ParentStart() {
  const { slug, own, child } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Vous êtes parent</h1>
      <p>Le questionnaire a {own && child ? "2 parties" : "1 partie"}.</p>
      <ol className="steps">
        {own ? (
          <li>
            <strong>Vous, comme parent.</strong> Environ {own.minutes} minutes.
          </li>
        ) : null}
        {child ? (
          <li>
            <strong>Un enfant de 0 à 11 ans.</strong> Environ {child.minutes} minutes par enfant. Vous pouvez
            répondre pour chaque enfant.
          </li>
        ) : null}
      </ol>
      <p>Vous pouvez arrêter et reprendre plus tard sur ce téléphone.</p>
      <ul className="choices">
        {own ? (
          <li>
            <Link className="choice primary" to={own.path}>
              Commencer
            </Link>
          </li>
        ) : null}
        {child ? (
          <li>
            <Link className="choice" to={`/s/${slug}/enfant`}>
              {own ? "J'ai déjà répondu pour moi : répondre pour un enfant" : "Répondre pour un enfant"}
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
