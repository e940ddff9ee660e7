import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { metaTitle, rich, useT } from "~/i18n/react";
import { AUDIENCES, type Audience } from "~/lib/audiences";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "thanks.meta") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug, { requireOpen: false });
  const child = surveyFor(campaign, "Px");
  // Once the campaign has closed, no further child can be answered for.
  return { slug: campaign.slug, offersChild: !!child && campaign.open, childMinutes: child?.minutes ?? null };
}

interface ThanksState {
  erasureCode?: string;
  audience?: string;
}

export default function Thanks() {
  const { slug, offersChild, childMinutes } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  // The erasure code arrives once, in the navigation state; it is dropped from the
  // history entry at once so a reload or "back" does not show it again.
  const [state] = useState<ThanksState>(() => (location.state as ThanksState | null) ?? {});
  const [copied, setCopied] = useState(false);
  const t = useT();
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null, preventScrollReset: true });
  }, [location.pathname, location.state, navigate]);

  const audience = AUDIENCES.find((a): a is Audience => a === state.audience);
  const young = audience === "Y" || audience === "A";
  const parent = audience === "P" || audience === "Px";
  const form = young ? "tu" : "vous";
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(state.erasureCode!);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

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

      {state.erasureCode ? (
        <section className="erasure-code" aria-labelledby="code-title">
          <h2 id="code-title">{t(`thanks.code.title.${form}`)}</h2>
          <p className="code" data-testid="erasure-code">
            {state.erasureCode}
          </p>
          <p>{t(`thanks.code.note.${form}`)}</p>
          <p>{t("thanks.code.once")}</p>
          <p>
            {rich(t(`thanks.code.erase.${form}`), { link: <Link to="/effacer">{t("common.erase")}</Link> })}
          </p>
          {typeof navigator !== "undefined" && navigator.clipboard ? (
            <button type="button" className="button" onClick={() => void copy()}>
              {t(copied ? "thanks.code.copied" : "thanks.code.copy")}
            </button>
          ) : null}
        </section>
      ) : null}

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
