import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { questionnairePath } from "~/lib/paths";

export const meta: MetaFunction = () => [{ title: "Jeunes de 12 à 17 ans · Coéduc" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const youth = surveyFor(campaign, "Y");
  if (!youth) throw new Response(null, { status: 404 });
  return {
    minutes: youth.minutes,
    // Under 15, a joint consent step comes first (CNIL, loi Informatique et Libertés art. 45).
    younger: `/s/${campaign.slug}/accord`,
    older: questionnairePath(campaign.slug, youth.id, "15-17"),
  };
}

export default function YouthAge() {
  const { minutes, younger, older } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Quel âge as-tu ?</h1>
      <p>Le questionnaire prend environ {minutes} minutes.</p>
      <p>On ne te demande pas ton nom.</p>
      <ul className="choices">
        <li>
          <Link className="choice" to={younger}>
            12, 13 ou 14 ans
          </Link>
        </li>
        <li>
          <Link className="choice" to={older}>
            15, 16 ou 17 ans
          </Link>
        </li>
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
