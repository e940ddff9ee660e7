import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { ErasureCode } from "~/ui/ErasureCode";
import { metaTitle, useT } from "~/i18n/react";
import { clearStoredDrafts } from "~/responses/answer-store";
import { AUDIENCES, type Audience } from "~/surveys/audiences";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "thanks.meta") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug, { requireOpen: false });
  const child = surveyFor(campaign, "Px");
  // Once the campaign has closed, no further child can be answered for.
  return { slug: campaign.slug, offersChild: !!child && campaign.open, childMinutes: child?.minutes ?? null };
}

interface ThanksState {
  /** null: stored, but the server gave no code (the answers had arrived before, see SurveyForm). */
  erasureCode?: string | null;
  audience?: string;
}

export default function Thanks() {
  const { slug, offersChild, childMinutes } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  // The erasure code arrives once, in the navigation state; it is dropped from the
  // history entry at once so a reload or "back" does not show it again.
  const [state] = useState<ThanksState>(() => (location.state as ThanksState | null) ?? {});
  const t = useT();
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null, preventScrollReset: true });
  }, [location.pathname, location.state, navigate]);
  // Here, the answers' confirmation is shown: the phone forgets them (decision 013).
  useEffect(() => clearStoredDrafts(window.localStorage, slug), [slug]);

  const audience = AUDIENCES.find((a): a is Audience => a === state.audience);
  const young = audience === "Y" || audience === "A";
  const parent = audience === "P" || audience === "Px";
  const form = young ? ("tu" as const) : ("vous" as const);

  return (
    <div className="page">
      <h1>{t("thanks.title")}</h1>
      <p>{t(`thanks.stored.${form}`)}</p>
      <h2>{t("thanks.next")}</h2>
      <p>{t("thanks.reads")}</p>
      <p>{t("thanks.presents")}</p>
      <p>{t("thanks.tells")}</p>
      <p>
        <Link to={`/s/${slug}/resultats`}>{t("common.results")}</Link>
      </p>

      {state.erasureCode ? <ErasureCode code={state.erasureCode} form={form} /> : null}
      {state.erasureCode === null ? <p>{t("thanks.code.unavailable")}</p> : null}

      {offersChild && (parent || !audience) ? (
        <section aria-labelledby="child-title">
          <h2 id="child-title">{t(audience === "Px" ? "thanks.child.another" : "thanks.child.first")}</h2>
          <p>
            {t("thanks.child.each")}
            {childMinutes ? ` ${t("thanks.child.minutes", { minutes: childMinutes })}` : null}
          </p>
          <p>
            <Link className="button primary" to={`/s/${slug}/enfant`}>
              {t(audience === "Px" ? "thanks.child.answerAnother" : "common.answerForChild")}
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
