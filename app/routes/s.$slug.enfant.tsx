import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { metaTitle, useT } from "~/i18n/react";
import { questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "child.meta") }];

const CHILD_BANDS = ["0-2", "3-5", "6-11"] as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const child = surveyFor(campaign, "Px");
  if (!child) throw new Response(null, { status: 404 });
  return {
    choices: CHILD_BANDS.map((band) => ({ band, path: questionnairePath(campaign.slug, child.id, band) })),
  };
}

export default function ChildAge() {
  const { choices } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("child.title")}</h1>
      <p>{t("child.oneAtATime")}</p>
      <p>{t("child.another")}</p>
      <ul className="choices">
        {choices.map((c) => (
          <li key={c.path}>
            <Link className="choice" to={c.path}>
              {t(`child.age.${c.band}`)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
