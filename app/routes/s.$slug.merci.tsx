import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CampaignErrorBoundary } from "~/components/CampaignUnavailable";
import { requireOpenCampaign, surveyFor } from "~/models/campaign-page.server";
import { AUDIENCES, type Audience } from "~/lib/audiences";

export const meta: MetaFunction = () => [{ title: "Merci · Coéduc" }];

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
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null, preventScrollReset: true });
  }, [location.pathname, location.state, navigate]);

  const audience = AUDIENCES.find((a): a is Audience => a === state.audience);
  const young = audience === "Y" || audience === "A";
  const parent = audience === "P" || audience === "Px";
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
      <h1>Merci !</h1>
      <p>{young ? "Tes réponses sont bien enregistrées." : "Vos réponses sont bien enregistrées."}</p>
      <h2>Et maintenant ?</h2>
      <p>L'équipe de la Cité éducative lit toutes les réponses.</p>
      <p>Elle présente les résultats aux familles et aux jeunes.</p>
      <p>Elle dit aussi ce qu'elle fait avec les idées reçues.</p>
      <p>
        <Link to={`/s/${slug}/resultats`}>Voir les résultats et ce qui a été fait</Link>
      </p>

      {state.erasureCode ? (
        <section className="erasure-code" aria-labelledby="code-title">
          <h2 id="code-title">
            {young ? "Ton code pour effacer tes réponses" : "Votre code pour effacer vos réponses"}
          </h2>
          <p className="code" data-testid="erasure-code">
            {state.erasureCode}
          </p>
          <p>
            {young
              ? "Note ce code ou fais une capture d'écran."
              : "Notez ce code ou faites une capture d'écran."}
          </p>
          <p>Il ne sera plus affiché.</p>
          <p>
            Avec ce code, {young ? "tu peux" : "vous pouvez"} effacer {young ? "tes" : "vos"} réponses sur la
            page <Link to="/effacer">Effacer mes réponses</Link>.
          </p>
          {typeof navigator !== "undefined" && navigator.clipboard ? (
            <button type="button" className="button" onClick={() => void copy()}>
              {copied ? "Code copié" : "Copier le code"}
            </button>
          ) : null}
        </section>
      ) : null}

      {offersChild && (parent || !audience) ? (
        <section aria-labelledby="child-title">
          <h2 id="child-title">
            {audience === "Px"
              ? "Vous avez un autre enfant de 0 à 11 ans ?"
              : "Vous avez un enfant de 0 à 11 ans ?"}
          </h2>
          <p>
            Vous pouvez répondre pour chaque enfant.
            {childMinutes ? ` Environ ${childMinutes} minutes par enfant.` : null}
          </p>
          <p>
            <Link className="button primary" to={`/s/${slug}/enfant`}>
              {audience === "Px" ? "Répondre pour un autre enfant" : "Répondre pour un enfant"}
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
