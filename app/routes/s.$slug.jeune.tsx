import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { metaTitle, useT } from "~/i18n/react";
import { questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "youth.meta") }];

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
  const t = useT();
  return (
    <div className="page">
      <h1>{t("youth.title")}</h1>
      <p>{t("youth.minutes", { minutes })}</p>
      <p>{t("youth.anonymous")}</p>
      <ul className="choices">
        <li>
          <Link className="choice" to={younger}>
            {t("youth.younger")}
          </Link>
        </li>
        <li>
          <Link className="choice" to={older}>
            {t("youth.older")}
          </Link>
        </li>
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
