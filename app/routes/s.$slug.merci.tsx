import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { ErasureCode } from "~/ui/ErasureCode";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { formatDateIn } from "~/i18n/i18n";
import type { FamilySummary } from "~/responses/family-visit";
import { clearStoredDrafts } from "~/responses/answer-store";
import { AUDIENCES, type Audience } from "~/surveys/audiences";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "thanks.meta") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug, { requireOpen: false });
  const child = surveyFor(campaign, "Px");
  // Once the campaign has closed, no further child can be answered for.
  return {
    slug: campaign.slug,
    offersChild: !!child && campaign.open,
    childMinutes: child?.minutes ?? null,
    closesAt: campaign.closesAt,
  };
}

interface ThanksState {
  /** null: stored, but the server gave no code (the answers had arrived before, see SurveyForm). */
  erasureCode?: string | null;
  audience?: string;
  /** The end of a family visit: what was saved, under the visit's one code (decision 028). */
  family?: FamilySummary;
}

export default function Thanks() {
  const { slug, offersChild, childMinutes, closesAt } = useLoaderData<typeof loader>();
  const locale = useLocale();
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
  const family = state.family;
  const form = young || family?.young ? ("tu" as const) : ("vous" as const);
  const stored = !family
    ? t(`thanks.stored.${form}`)
    : family.own === 0
      ? t("thanks.family.childrenOnly", { children: family.children })
      : t(`thanks.family.${form}`, { children: family.children });

  // What was saved, then the one code to keep, then what comes next.
  return (
    <div className="page">
      <h1>{t("thanks.title")}</h1>
      <p data-testid="thanks-stored">{stored}</p>

      {state.erasureCode ? (
        <ErasureCode
          code={state.erasureCode}
          form={form}
          family={!!family && family.own + family.children > 1}
        />
      ) : null}
      {state.erasureCode === null ? <p>{t("thanks.code.unavailable")}</p> : null}

      <h2>{t("thanks.next")}</h2>
      <p>{t("thanks.reads")}</p>
      <p>{t("thanks.presents")}</p>
      <p>{t("thanks.tells")}</p>
      <p>{t("thanks.results", { date: formatDateIn(locale, closesAt) })}</p>
      <p>
        <Link to={`/s/${slug}/resultats`}>{t("common.results")}</Link>
      </p>

      {/* A family visit has asked for the children already. */}
      {offersChild && !family && (parent || !audience) ? (
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
