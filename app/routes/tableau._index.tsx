import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { requireActor } from "~/accounts/login.server";
import { listCampaignsForActor } from "~/campaigns/campaign-admin.server";
import { type Availability, campaignAvailability } from "~/campaigns/campaign.server";
import { canManage } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { CampaignFactList } from "~/ui/dashboard/CampaignHeader";

export const meta: MetaFunction = () => [{ title: "Campagnes · Coéduc" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const now = new Date();
  const campaigns = (await listCampaignsForActor(await getDb(), actor)).map((c) => ({
    ...c,
    availability: campaignAvailability({ status: c.status, opens_at: c.opensAt, closes_at: c.closesAt }, now),
  }));
  const saved = new URL(request.url).searchParams.get("enregistre");
  return {
    campaigns,
    canManage: canManage(actor),
    saved: campaigns.find((c) => c.slug === saved)?.title ?? null,
  };
}

type Item = Awaited<ReturnType<typeof loader>>["campaigns"][number];

const STATUS: Record<Availability, string> = {
  draft: "brouillon",
  open: "ouverte",
  closed: "fermée",
  not_yet_open: "pas encore ouverte",
};

const count = new Intl.NumberFormat("fr-FR");

/** Campaigns by territory, territories in alphabetical order; each keeps its newest-first order. */
function byTerritory(campaigns: Item[]): { name: string; campaigns: Item[] }[] {
  const groups = new Map<string, Item[]>();
  for (const c of campaigns) groups.set(c.territoryName, [...(groups.get(c.territoryName) ?? []), c]);
  return [...groups]
    .map(([name, list]) => ({ name, campaigns: list }))
    .sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

export default function CampaignList() {
  const { campaigns, canManage, saved } = useLoaderData<typeof loader>();
  const groups = byTerritory(campaigns);
  return (
    <div className="page dash-page">
      <div className="dash-title">
        <h1>Campagnes</h1>
        {canManage ? (
          <Link to="/tableau/campagnes/nouvelle" className="button primary">
            Nouvelle campagne
          </Link>
        ) : null}
      </div>
      {saved ? (
        <p className="notice dash-notice" role="status">
          La campagne « {saved} » est enregistrée.
        </p>
      ) : null}
      {campaigns.length === 0 ? (
        <p>
          {canManage
            ? "Aucune campagne pour l'instant. Créez la première."
            : "Aucune campagne pour l'instant."}
        </p>
      ) : null}
      {groups.map((group) => (
        <section key={group.name} aria-labelledby={`t-${group.campaigns[0]!.territoryId}`}>
          {/* One territory: its name is on every card, a heading would only repeat it. */}
          <h2
            id={`t-${group.campaigns[0]!.territoryId}`}
            className={groups.length === 1 ? "visually-hidden" : undefined}
          >
            {group.name}
          </h2>
          <ul className="campaign-list">
            {group.campaigns.map((c) => (
              <CampaignCard key={c.id} campaign={c} canManage={canManage} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function CampaignCard({ campaign: c, canManage }: { campaign: Item; canManage: boolean }) {
  const which = <span className="visually-hidden"> : {c.title}</span>;
  return (
    <li className="campaign-card">
      <h3>{c.title}</h3>
      <p className={`campaign-status campaign-status-${c.availability}`}>{STATUS[c.availability]}</p>
      <CampaignFactList campaign={c}>
        <div>
          <dt>Réponses (groupes de 10 ou plus)</dt>
          <dd>{c.responses <= 1 ? `${c.responses} réponse` : `${count.format(c.responses)} réponses`}</dd>
        </div>
      </CampaignFactList>
      <ul className="campaign-links">
        <li>
          <Link to={`/tableau/campagnes/${c.slug}`}>Tableau de bord{which}</Link>
        </li>
        {canManage ? (
          <>
            <li>
              <Link to={`/tableau/campagnes/${c.slug}/modifier`}>Modifier{which}</Link>
            </li>
            <li>
              <Link to={`/tableau/campagnes/${c.slug}/affiche`}>Affiche{which}</Link>
            </li>
            <li>
              {/* A plain link: the public pages are another part of the site. */}
              <a href={`/s/${c.slug}`}>
                Lien public : <code>/s/{c.slug}</code>
              </a>
            </li>
          </>
        ) : null}
      </ul>
    </li>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
