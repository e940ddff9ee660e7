import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { metaTitle, useT } from "~/i18n/react";
import { questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "parent.meta") }];

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
  const t = useT();
  return (
    <div className="page">
      <h1>{t("parent.title")}</h1>
      <p>{t("parent.parts", { count: own && child ? 2 : 1 })}</p>
      <ol className="steps">
        {own ? (
          <li>
            <strong>{t("parent.own")}</strong> {t("common.minutes", { minutes: own.minutes })}
          </li>
        ) : null}
        {child ? (
          <li>
            <strong>{t("parent.child")}</strong> {t("parent.child.minutes", { minutes: child.minutes })}
          </li>
        ) : null}
      </ol>
      <p>{t("parent.resume")}</p>
      <ul className="choices">
        {own ? (
          <li>
            <Link className="choice primary" to={own.path}>
              {t("parent.start")}
            </Link>
          </li>
        ) : null}
        {child ? (
          <li>
            <Link className="choice" to={`/s/${slug}/enfants`}>
              {own ? t("parent.childAfterOwn") : t("common.answerForChild")}
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
