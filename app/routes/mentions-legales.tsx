import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/env.server";
import { metaTitle, rich, useT } from "~/i18n/react";

// The legal notice a French website must carry (LCEN, loi n° 2004-575, art. 6 III): publisher,
// publication director, host. Every name and address comes from the settings (docs/operations.md).

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "legal.meta") }];

export function loader(_: LoaderFunctionArgs) {
  const env = getEnv();
  return {
    publisher: { name: env.CONTROLLER_NAME, address: env.CONTROLLER_ADDRESS },
    director: env.PUBLISHER_NAME,
    host: { name: env.HOST_NAME, address: env.HOST_ADDRESS },
    dpo: env.DPO_CONTACT,
  };
}

/** An e-mail address as a link; anything else (a postal address, a web form's address) as written. */
function Contact({ value }: { value: string }) {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>;
  if (/^https?:\/\/\S+$/.test(value)) return <a href={value}>{value}</a>;
  return <>{value}</>;
}

export default function LegalNotice() {
  const { publisher, director, host, dpo } = useLoaderData<typeof loader>();
  const t = useT();
  const french = { lang: "fr", dir: "auto" } as const;
  return (
    <div className="page legal-page">
      <h1>{t("legal.title")}</h1>

      <h2>{t("legal.publisher.title")}</h2>
      <p>{t("legal.publisher.text")}</p>
      <p {...french} className="legal-value">
        {publisher.name}
        <br />
        {publisher.address}
      </p>
      <p>{t("legal.director")}</p>
      <p {...french} className="legal-value">
        {director}
      </p>

      <h2>{t("legal.host.title")}</h2>
      <p>{t("legal.host.text")}</p>
      <p {...french} className="legal-value">
        {host.name}
        <br />
        {host.address}
      </p>

      <h2>{t("legal.software.title")}</h2>
      <p>{t("legal.software.text")}</p>

      <h2>{t("legal.data.title")}</h2>
      <p>{rich(t("legal.data.text"), { link: <Link to="/confidentialite">{t("privacy.title")}</Link> })}</p>

      <h2>{t("legal.contact.title")}</h2>
      <p>{t("legal.contact.text")}</p>
      <p {...french} className="legal-value">
        <Contact value={dpo} />
      </p>
      <p>
        <Link to="/">{t("common.home")}</Link>
      </p>
    </div>
  );
}
