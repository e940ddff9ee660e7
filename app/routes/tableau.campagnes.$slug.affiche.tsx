import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/i18n/format";
import { publicLink, qrSvg, shortLink } from "~/campaigns/qr.server";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import {
  campaignAudiencePhrase,
  campaignMinutes,
  campaignSurveyOptions,
} from "~/campaigns/campaign-admin.server";
import { campaignAvailability } from "~/campaigns/campaign.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { findTerritoryById } from "~/accounts/territory.server";
import { territoryLogoSrc } from "~/accounts/territory-logo.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Affiche « ${data.title} » · Coéduc` : "Affiche · Coéduc" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Another territory's campaign and an unknown one look the same; viewers post no posters.
  const { campaign, db } = await requireCampaignAccess(request, params.slug, "manage");

  const publicUrl = publicLink(request, `/s/${campaign.slug}`);
  const surveys = campaignSurveyOptions(campaign);
  return {
    title: campaign.title,
    territoryName: campaign.territoryName,
    // Families trust a poster that names who asks (issue 14): the territory's name, its logo if set.
    territoryLogo: await territoryLogoSrc(db, campaign.territory_id),
    territorySlug: (await findTerritoryById(db, campaign.territory_id))?.slug ?? null,
    closesAt: campaign.closes_at,
    availability: campaignAvailability(campaign),
    audience: campaignAudiencePhrase(surveys),
    minutes: campaignMinutes(surveys),
    // The other languages at least one of the campaign's questionnaires is written in.
    languages: POSTER_LANGUAGES.filter((l) => surveys.some((s) => s.locales.includes(l.locale))),
    publicUrl: publicUrl.href,
    shortUrl: shortLink(publicUrl),
    qrSvg: await qrSvg(publicUrl),
  };
}

/**
 * A line per language the questionnaires offer beyond French, written in that language, so a
 * family that reads English or Arabic better knows the questionnaire is for them too.
 */
const POSTER_LANGUAGES = [
  {
    locale: "en",
    lang: "en",
    text: "Give your opinion on education in your neighbourhood. You can answer in English: scan the code, then choose “English”.",
  },
  {
    locale: "ar",
    lang: "ar",
    text: "شاركوا برأيكم في التعليم في حيّكم. يمكنكم الإجابة بالعربية: امسحوا الرمز ثم اختاروا «العربية».",
  },
  {
    locale: "falc",
    lang: "fr",
    text: "Il existe aussi une version facile à lire : des phrases courtes et des images.",
  },
] as const;

const NOTICE: Record<string, string> = {
  draft:
    "Cette campagne est en brouillon : le lien ne marche pas encore. Ouvrez-la avant de poser l'affiche.",
  not_yet_open: "Cette campagne n'est pas encore ouverte : le lien marchera à partir de la date d'ouverture.",
  closed: "Cette campagne est fermée : le lien ne permet plus de répondre.",
};

export default function Poster() {
  const p = useLoaderData<typeof loader>();
  return (
    <div className="poster-screen">
      <div className="poster-tools">
        <p>
          <Link to="/tableau">Campagnes</Link>
        </p>
        <p className="hint">Affiche A4 à imprimer, pour les portes des écoles et les centres sociaux.</p>
        {NOTICE[p.availability] ? <p className="notice">{NOTICE[p.availability]}</p> : null}
        {p.territorySlug ? (
          <p>
            <Link to={`/tableau/territoires/${p.territorySlug}/logo`}>
              {p.territoryLogo ? "Changer le logo du territoire" : "Ajouter le logo du territoire"}
            </Link>
          </p>
        ) : null}
        <button type="button" className="button primary" onClick={() => window.print()}>
          Imprimer
        </button>
      </div>
      <article className="poster" aria-labelledby="affiche-titre">
        <header className="poster-header">
          {p.territoryLogo ? (
            <img className="poster-logo" src={p.territoryLogo} alt={`Logo de ${p.territoryName}`} />
          ) : null}
          <p className="poster-territory">{p.territoryName}</p>
        </header>
        <h1 id="affiche-titre">{p.title}</h1>
        <p className="poster-call">Donnez votre avis sur l'éducation dans le quartier.</p>
        <ul className="poster-facts">
          <li>Pour {p.audience}.</li>
          {p.minutes ? <li>Environ {p.minutes} minutes, sur votre téléphone.</li> : null}
          <li>Anonyme : on ne demande pas votre nom.</li>
          <li>Jusqu'au {formatDate(p.closesAt)}.</li>
        </ul>
        <div className="poster-qr" dangerouslySetInnerHTML={{ __html: p.qrSvg }} />
        <p className="poster-scan">Scannez ce code avec l'appareil photo de votre téléphone,</p>
        <p className="poster-or">ou tapez cette adresse :</p>
        <p className="poster-link">{p.shortUrl}</p>
        {p.languages.length > 0 ? (
          <ul className="poster-languages">
            {p.languages.map((l) => (
              <li key={l.locale} lang={l.lang} dir={l.lang === "ar" ? "rtl" : undefined}>
                {l.text}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="poster-footer">Vos réponses aident la Cité éducative à mieux travailler avec vous.</p>
      </article>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
