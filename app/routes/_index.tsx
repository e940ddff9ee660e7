import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { SimplifiedOffer } from "~/ui/LanguageSwitcher";
import { metaLocale, useT } from "~/i18n/react";
import { t } from "~/i18n/i18n";

export const meta: MetaFunction = ({ matches }) => [
  { title: "Coéduc" },
  { name: "description", content: t(metaLocale(matches), "layout.description") },
];

export default function Index() {
  const t = useT();
  return (
    <div className="page">
      <h1>Coéduc</h1>
      <SimplifiedOffer />
      <p>{t("home.intro")}</p>
      <p>{t("home.how")}</p>
      <p>
        <Link to="/s/demo" className="button">
          {t("home.demo")}
        </Link>
      </p>
      <p>
        <Link to="/effacer">{t("home.erase")}</Link>
      </p>
    </div>
  );
}
