import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate } from "~/i18n/format";
import type { Audience } from "~/surveys/audiences";
import { AUDIENCE_LABELS, CAMPAIGN_STATUS_LABELS, type CampaignAvailabilityLabel } from "~/indicators/labels";

export interface HeaderCampaign {
  slug: string;
  title: string;
  territoryName: string;
  waveLabel: string;
  opensAt: string;
  closesAt: string;
}

/** The way back to the campaign list, above a campaign page's title ("Campagnes › Verbatims"). */
export function CampaignsCrumb({ current }: { current?: string }) {
  return (
    <p className="eyebrow">
      <Link to="/tableau">Campagnes</Link>
      {current ? <> › {current}</> : null}
    </p>
  );
}

/** A campaign's territory, wave and dates, then the facts given as children (its status, its count). */
export function CampaignFactList({
  campaign: c,
  className,
  children,
}: {
  campaign: Pick<HeaderCampaign, "territoryName" | "waveLabel" | "opensAt" | "closesAt">;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <dl className={className ? `campaign-facts ${className}` : "campaign-facts"}>
      <div>
        <dt>Territoire</dt>
        <dd>{c.territoryName}</dd>
      </div>
      <div>
        <dt>Vague</dt>
        <dd>{c.waveLabel}</dd>
      </div>
      <div>
        <dt>Dates</dt>
        <dd>
          du {formatDate(c.opensAt)} au {formatDate(c.closesAt)}
        </dd>
      </div>
      {children}
    </dl>
  );
}

/** Title and facts of a campaign, shared by the dashboard and the verbatims page. */
export function CampaignFacts({
  campaign: c,
  availability,
  eyebrow,
  children,
}: {
  campaign: HeaderCampaign;
  availability: CampaignAvailabilityLabel;
  eyebrow?: string;
  children?: ReactNode;
}) {
  return (
    <header className="dash-header">
      <CampaignsCrumb current={eyebrow} />
      <h1>{c.title}</h1>
      <CampaignFactList campaign={c} className="dash-facts">
        <div>
          <dt>Statut</dt>
          <dd>
            <span className={`campaign-status campaign-status-${availability}`}>
              {CAMPAIGN_STATUS_LABELS[availability]}
            </span>
          </dd>
        </div>
      </CampaignFactList>
      {children}
    </header>
  );
}

/** The way out: report, actions, councils for everyone; verbatims and CSV exports for managers. */
export function DashboardLinks({
  slug,
  canManage,
  exports,
}: {
  slug: string;
  canManage: boolean;
  /** The campaign's questionnaires: the responses export has one file each (its columns differ). */
  exports: { surveyId: string; audience: Audience }[];
}) {
  const base = `/tableau/campagnes/${slug}`;
  return (
    <>
      <ul className="dash-actions">
        <li>
          <Link to={`${base}/rapport`} className="button">
            Rapport imprimable
          </Link>
        </li>
        <li>
          {/* "Nous avons fait": every role reads the actions; coordinators publish them there. */}
          <Link to={`${base}/actions`} className="button">
            Actions
          </Link>
        </li>
        <li>
          {/* Sessions with a code for phones, and the councils' recorded opinions. */}
          <Link to={`${base}/conseils`} className="button">
            Conseils de jeunes
          </Link>
        </li>
        <li>
          <a href={`/s/${slug}/resultats`} className="button">
            Page publique des résultats
          </a>
        </li>
        {canManage ? (
          <>
            <li>
              <Link to={`${base}/verbatims`} className="button">
                Verbatims
              </Link>
            </li>
            <li>
              {/* Files, not pages: plain links so the browser downloads them. */}
              <a href={`${base}/export/indicateurs.csv`} className="button" download>
                Indicateurs (CSV)
              </a>
            </li>
          </>
        ) : null}
      </ul>
      {canManage && exports.length > 0 ? (
        <div className="dash-exports">
          <p id="export-reponses">Réponses une par une, un fichier par questionnaire (CSV pour Excel) :</p>
          <ul aria-labelledby="export-reponses">
            {exports.map((e) => (
              <li key={e.surveyId}>
                <a
                  href={`${base}/export/reponses.csv?questionnaire=${encodeURIComponent(e.surveyId)}`}
                  download
                >
                  <span className="visually-hidden">Réponses (CSV) : </span>
                  {AUDIENCE_LABELS[e.audience]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
