import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { questionnairePath } from "~/lib/paths";

export const meta: MetaFunction = () => [{ title: "Répondre pour un enfant · Coéduc" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const child = surveyFor(campaign, "Px");
  if (!child) throw new Response(null, { status: 404 });
  return {
    choices: [
      { label: "Moins de 3 ans", path: questionnairePath(campaign.slug, child.id, "0-2") },
      { label: "De 3 à 5 ans", path: questionnairePath(campaign.slug, child.id, "3-5") },
      { label: "De 6 à 11 ans", path: questionnairePath(campaign.slug, child.id, "6-11") },
    ],
  };
}

export default function ChildAge() {
  const { choices } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Quel âge a votre enfant ?</h1>
      <p>Vous répondez pour un seul enfant à la fois.</p>
      <p>Vous pourrez ensuite répondre pour un autre enfant.</p>
      <ul className="choices">
        {choices.map((c) => (
          <li key={c.path}>
            <Link className="choice" to={c.path}>
              {c.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
