import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/react";
import { formatDateIn } from "~/i18n/i18n";
import type { CampaignUnavailableData } from "~/campaigns/campaign-page.server";

/** Error boundary of every campaign page: unknown (404), closed or not yet open (410). */
export function CampaignErrorBoundary() {
  const error = useRouteError();
  const locale = useLocale();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 410)) {
    const info = (error.data ?? {}) as Partial<CampaignUnavailableData>;
    if (info.reason === "closed" || info.reason === "not_yet_open") {
      return (
        <div className="page">
          <h1>{t(info.reason === "closed" ? "unavailable.closed" : "unavailable.notYetOpen")}</h1>
          {info.title ? (
            <p lang="fr" dir="auto">
              {info.title}
            </p>
          ) : null}
          {info.opensAt && info.closesAt ? (
            <p>
              {t(info.reason === "closed" ? "unavailable.dates.closed" : "unavailable.dates.upcoming", {
                opens: formatDateIn(locale, info.opensAt),
                closes: formatDateIn(locale, info.closesAt),
              })}
            </p>
          ) : null}
          <p>{t(info.reason === "closed" ? "unavailable.thanks" : "unavailable.comeBack")}</p>
          {info.reason === "closed" && info.slug ? (
            <p>
              <Link to={`/s/${info.slug}/resultats`}>{t("common.results")}</Link>
            </p>
          ) : null}
        </div>
      );
    }
    return (
      <div className="page">
        <h1>{t("unavailable.notFound")}</h1>
        <p>{t("unavailable.notFound.link")}</p>
        <p>{t("unavailable.notFound.check")}</p>
        <p>
          <Link to="/">{t("common.home")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("error.generic.title")}</h1>
      <p>{t("error.generic.text")}</p>
    </div>
  );
}
