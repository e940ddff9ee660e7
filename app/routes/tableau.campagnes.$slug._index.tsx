import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AgeBandsSection } from "~/ui/dashboard/AgeBands";
import { CampaignFacts, DashboardLinks } from "~/ui/dashboard/CampaignHeader";
import { CouncilsSection } from "~/ui/dashboard/Councils";
import { DistributionsSection } from "~/ui/dashboard/Distributions";
import { GroupProfiles } from "~/ui/dashboard/GroupProfiles";
import { NonAnswersSection } from "~/ui/dashboard/QuestionCounts";
import { ParticipationSection } from "~/ui/dashboard/Participation";
import { ReleaseNote } from "~/ui/dashboard/ReleaseNote";
import { ReliabilitySection } from "~/ui/dashboard/Reliability";
import { type Comparison, WaveComparisonSection } from "~/ui/dashboard/WaveComparison";
import { AUDIENCES } from "~/surveys/audiences";
import { pooledCriteria } from "~/council/rules";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { campaignAvailability, findCampaignForActor } from "~/campaigns/campaign.server";
import { councilOpinions } from "~/council/record.server";
import { listSittings } from "~/council/sittings.server";
import { campaignIndicators } from "~/indicators/indicators.server";
import { compareWaves, otherWaves } from "~/indicators/waves.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";
import { canManage } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `${data.indicators.campaign.title} : tableau de bord · Coéduc` : "Tableau de bord · Coéduc",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Another territory's campaign and an unknown one look the same.
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug);

  const selected = new URL(request.url).searchParams.get("comparer")?.slice(0, 100) || null;
  const [indicators, waves, sessions, opinions] = await Promise.all([
    campaignIndicators(db, campaign),
    otherWaves(db, campaign),
    listSittings(db, campaign.id),
    councilOpinions(db, campaign.id),
  ]);
  let comparison: Comparison | null = null;
  // Only a listed wave of the same territory, and one the actor may see on its own.
  const wave = selected ? waves.find((w) => w.slug === selected) : undefined;
  const previous = wave ? await findCampaignForActor(db, actor, wave.slug) : undefined;
  if (wave && previous) {
    comparison = {
      with: { slug: wave.slug, title: wave.title, waveLabel: wave.waveLabel },
      differences: await compareWaves(db, campaign, previous),
    };
  }
  return {
    indicators,
    availability: campaignAvailability(campaign),
    canManage: canManage(actor),
    exports: campaign.surveys
      .flatMap((s) => {
        const def = getSurveyDefinition(s.surveyId, s.surveyVersion);
        return def && def.audience !== "C" ? [{ surveyId: s.surveyId, audience: def.audience }] : [];
      })
      .sort((a, b) => AUDIENCES.indexOf(a.audience) - AUDIENCES.indexOf(b.audience)),
    waves: waves.map((w) => ({ slug: w.slug, title: w.title, waveLabel: w.waveLabel })),
    selected,
    comparison,
    councils: {
      sessionsHeld: sessions.filter((s) => s.openedAt !== null).length,
      pooled: pooledCriteria(opinions.map((o) => o.record.summary)),
      opinions,
    },
  };
}

const SECTIONS = [
  ["participation", "Participation"],
  ["profil", "Profil par dimension"],
  ["ages", "Selon l'âge"],
  ["continuum", "Du simple avis à la décision partagée"],
  ["nonreponses", "« Je ne sais pas » et « Ce n'est pas mon cas »"],
  ["conseils", "Conseils de jeunes"],
  ["vagues", "Comparer deux vagues"],
  ["fiabilite", "Cohérence des questions"],
] as const;

export default function CampaignDashboard() {
  const d = useLoaderData<typeof loader>();
  const { campaign, participation, groups } = d.indicators;
  const hasBands = groups.some((g) => g.byAgeBand.length > 0);
  return (
    <div className="page dash-page dashboard">
      <CampaignFacts campaign={campaign} availability={d.availability} eyebrow="Tableau de bord">
        <DashboardLinks slug={campaign.slug} canManage={d.canManage} exports={d.exports} />
        <ReleaseNote releasedAt={d.indicators.releasedAt} />
      </CampaignFacts>
      <nav aria-label="Sections du tableau de bord" className="dash-toc">
        <ul>
          {SECTIONS.filter(([id]) => id !== "ages" || hasBands).map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ParticipationSection participation={participation} groups={groups} />
      <GroupProfiles groups={groups} />
      <AgeBandsSection groups={groups} />
      <DistributionsSection groups={groups} />
      <NonAnswersSection groups={groups} />
      <CouncilsSection slug={campaign.slug} councils={d.councils} />
      <WaveComparisonSection
        current={{ slug: campaign.slug, title: campaign.title, waveLabel: campaign.waveLabel }}
        waves={d.waves}
        selected={d.selected}
        comparison={d.comparison}
      />
      <ReliabilitySection groups={groups} />
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
