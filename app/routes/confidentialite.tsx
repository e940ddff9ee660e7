import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { metaTitle, rich, useLocale, useT } from "~/i18n/react";
import { formatDateIn } from "~/i18n/i18n";
import { publicRetention } from "~/privacy/retention.server";

// The privacy notice (RGPD art. 13): who, why, on what basis, what is kept and for how long,
// rights and how to use them. Names and addresses come from the settings (docs/operations.md);
// each campaign's retention comes from the database, so the page never says a stale date.

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "privacy.meta") }];

export async function loader(_: LoaderFunctionArgs) {
  const env = getEnv();
  const campaigns = await publicRetention(await getDb());
  return {
    controller: { name: env.CONTROLLER_NAME, address: env.CONTROLLER_ADDRESS },
    dpo: env.DPO_CONTACT,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      territory: c.territoryName,
      title: c.title,
      wave: c.waveLabel,
      closesAt: c.closesAt,
      keptUntil: c.keptUntil,
    })),
  };
}

/** An e-mail address as a link; anything else (a postal address, a web form's address) as written. */
function Contact({ value }: { value: string }) {
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
  if (email) return <a href={`mailto:${value}`}>{value}</a>;
  if (/^https?:\/\/\S+$/.test(value)) return <a href={value}>{value}</a>;
  return <>{value}</>;
}

export default function Privacy() {
  const { controller, dpo, campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  // Settings and campaign names are written in French by the team.
  const french = { lang: "fr", dir: "auto" } as const;
  return (
    <div className="page legal-page">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>

      <h2>{t("privacy.who.title")}</h2>
      <p>{t("privacy.who.text")}</p>
      <p {...french} className="legal-value">
        {controller.name}
        <br />
        {controller.address}
      </p>

      <h2>{t("privacy.why.title")}</h2>
      <p>{t("privacy.why.text")}</p>
      <p>{t("privacy.why.knowledge")}</p>
      <p>{t("privacy.why.use")}</p>

      <h2>{t("privacy.basis.title")}</h2>
      <p>{t("privacy.basis.text")}</p>
      <p>{t("privacy.basis.free")}</p>

      <h2>{t("privacy.kept.title")}</h2>
      <ul>
        <li>{t("privacy.kept.answers")}</li>
        <li>{t("privacy.kept.context")}</li>
        <li>{t("privacy.kept.code")}</li>
      </ul>

      <h2>{t("privacy.notKept.title")}</h2>
      <ul>
        <li>{t("privacy.notKept.name")}</li>
        <li>{t("privacy.notKept.ip")}</li>
        <li>{t("privacy.notKept.phone")}</li>
        <li>{t("privacy.notKept.cookies")}</li>
      </ul>
      <p>{t("privacy.freeText")}</p>

      <h2>{t("privacy.readers.title")}</h2>
      <p>{t("privacy.readers.text")}</p>

      <h2 id="duree">{t("privacy.duration.title")}</h2>
      <p>{t("privacy.duration.text")}</p>
      {campaigns.length === 0 ? (
        <p>{t("privacy.duration.none")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="duree" tabIndex={0}>
          <table className="data-table">
            <caption>{t("privacy.duration.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("privacy.duration.territory")}</th>
                <th scope="col">{t("privacy.duration.campaign")}</th>
                <th scope="col">{t("privacy.duration.closes")}</th>
                <th scope="col">{t("privacy.duration.until")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td {...french}>{c.territory}</td>
                  <th scope="row" {...french}>
                    {c.title} ({c.wave})
                  </th>
                  <td>{formatDateIn(locale, c.closesAt)}</td>
                  <td>{formatDateIn(locale, c.keptUntil)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("privacy.rights.title")}</h2>
      <ul>
        <li>{rich(t("privacy.rights.erase"), { link: <Link to="/effacer">{t("common.erase")}</Link> })}</li>
        <li>{t("privacy.rights.access")}</li>
        <li>{t("privacy.rights.object")}</li>
      </ul>
      <p>{t("privacy.rights.question")}</p>
      <p {...french} className="legal-value">
        <Contact value={dpo} />
      </p>
      <p>{t("privacy.rights.cnil")}</p>
      <p>
        <a href="https://www.cnil.fr/fr/adresser-une-plainte">{t("privacy.rights.cnilLink")}</a>
      </p>

      <h2>{t("privacy.minors.title")}</h2>
      <p>{t("privacy.minors.consent")}</p>
      <p>{t("privacy.minors.kept")}</p>

      <h2>{t("privacy.contact.title")}</h2>
      <p>{t("privacy.contact.text")}</p>
      <p {...french} className="legal-value">
        <Contact value={dpo} />
      </p>
      <p>
        <Link to="/mentions-legales">{t("legal.footer")}</Link>
      </p>
      <p>
        <Link to="/">{t("common.home")}</Link>
      </p>
    </div>
  );
}
