import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CouncilsBrief } from "~/ui/dashboard/Councils";
import { count } from "~/ui/dashboard/figures";
import { ContinuumTable } from "~/ui/dashboard/Distributions";
import { formsSentence, NonAnswerTables, OtherDistributionTables } from "~/ui/dashboard/QuestionCounts";
import { AudienceCounts, LeftOutStatement } from "~/ui/dashboard/Participation";
import { ProfileTable } from "~/ui/dashboard/ProfileTable";
import { pooledCriteria } from "~/council/rules";
import { formatDate, formatDateTime } from "~/i18n/format";
import { AUDIENCE_LABELS, HIDDEN_FIGURE, STATUS_LABELS } from "~/indicators/labels";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { councilOpinions } from "~/council/record.server";
import { campaignIndicators } from "~/indicators/indicators.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Rapport : ${data.indicators.campaign.title} · Coéduc` : "Rapport · Coéduc" },
];

// For the steering committee: every signed-in role of the territory, viewers included.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, db } = await requireCampaignAccess(request, params.slug);
  const [indicators, opinions] = await Promise.all([
    campaignIndicators(db, campaign),
    councilOpinions(db, campaign.id),
  ]);
  return {
    indicators,
    councils: { pooled: pooledCriteria(opinions.map((o) => o.record.summary)), opinions },
    producedAt: new Date().toISOString(),
  };
}

export default function Report() {
  const { indicators, councils, producedAt } = useLoaderData<typeof loader>();
  const { campaign: c, participation, groups } = indicators;
  return (
    <div className="report-screen">
      <div className="report-tools">
        <p>
          <Link to={`/tableau/campagnes/${c.slug}`}>Retour au tableau de bord</Link>
        </p>
        <p className="hint">
          Choisissez « Enregistrer au format PDF » dans la fenêtre d'impression pour obtenir un fichier A4.
        </p>
        <button type="button" className="button primary" onClick={() => window.print()}>
          Imprimer
        </button>
      </div>
      <article className="report" aria-labelledby="rapport-titre">
        <header className="report-header">
          <p className="report-territory">{c.territoryName}</p>
          <h1 id="rapport-titre">{c.title}</h1>
          <p>
            Vague « {c.waveLabel} », du {formatDate(c.opensAt)} au {formatDate(c.closesAt)}.
            <br />
            Rapport produit le {formatDateTime(producedAt)}, sur les chiffres arrêtés le{" "}
            {formatDateTime(indicators.releasedAt)}.
          </p>
        </header>

        <section className="report-block" aria-labelledby="lire">
          <h2 id="lire">Comment lire ce rapport</h2>
          <ul>
            <li>
              <strong>Favorable</strong> : une réponse dont le score de la dimension dépasse 50 sur 100,
              c'est-à-dire du côté « d'accord » (« plutôt » ou « tout à fait d'accord » ; « oui » pour les
              enfants).
            </li>
            <li>
              L'<strong>intervalle à 95 %</strong> donne la marge d'incertitude : plus il y a de réponses,
              plus il est étroit.
            </li>
            <li>
              Un groupe de <strong>moins de 10 réponses</strong> est masqué, et n'est compté dans aucun total.
              De 10 à 29 réponses, le chiffre est <strong>indicatif</strong> et la moyenne arrondie à l'unité.
            </li>
            <li>
              Les chiffres sont <strong>mis à jour une fois par jour</strong> et légèrement perturbés,
              toujours de la même façon, pour que personne ne puisse retrouver les réponses d'une personne en
              ajoutant des réponses ou en comparant deux lectures. À partir de 100 réponses, l'écart est de
              l'ordre d'un point sur un pourcentage et de quelques dixièmes de point sur une moyenne.
            </li>
            <li>
              Chaque public est lu à part : parents, enfants (réponses des parents), jeunes, jeunes adultes.
            </li>
          </ul>
        </section>

        <section className="report-block" aria-labelledby="r-participation">
          <h2 id="r-participation">Participation</h2>
          <LeftOutStatement participation={participation} />
          <AudienceCounts participation={participation} />
        </section>

        <section aria-labelledby="r-profil">
          <h2 id="r-profil">Profil par public</h2>
          {groups.map((g) => (
            <div className="report-block" key={g.audience}>
              <h3>{AUDIENCE_LABELS[g.audience]}</h3>
              {g.responses === null ? (
                <p className="hidden-note">{HIDDEN_FIGURE}</p>
              ) : (
                <>
                  <p className="group-meta">
                    {count(g.responses)} réponses
                    {formsSentence(g.forms) ? ` (${formsSentence(g.forms)})` : ""}
                    {g.status === "indicative" ? ` · ${STATUS_LABELS.indicative}` : ""}
                  </p>
                  <ProfileTable
                    caption={`${AUDIENCE_LABELS[g.audience]} : profil par dimension`}
                    figures={g.dimensions}
                    bars
                  />
                </>
              )}
            </div>
          ))}
        </section>

        <section className="report-block" aria-labelledby="r-continuum">
          <h2 id="r-continuum">Du simple avis à la décision partagée</h2>
          <ContinuumTable groups={groups} />
          <OtherDistributionTables groups={groups} />
        </section>

        <section className="report-block" aria-labelledby="r-nonreponses">
          <h2 id="r-nonreponses">Réponses « Je ne sais pas » et « Ce n'est pas mon cas »</h2>
          <p>
            Ni l'une ni l'autre ne compte dans les scores. Version 1 des questionnaires : un seul choix, « Je
            ne sais pas / pas concerné·e ». Un nombre de 1 à 9 est masqué.
          </p>
          <NonAnswerTables groups={groups} />
        </section>

        <CouncilsBrief councils={councils} />
      </article>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
