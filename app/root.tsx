import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useEffect } from "react";
import { LanguageSwitcher, useLanguageHref } from "~/ui/LanguageSwitcher";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { dir, htmlLang, isFrenchOnlyPath, isLocale, t } from "~/i18n/i18n";
import { resolveLocale, suggestedLocale } from "~/i18n/locale.server";
import { useNonce } from "~/ui/nonce";
import { keepForOffline, registerOfflineWorker } from "~/responses/offline.client";
import appStyles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title of the error pages (a route's own `meta` replaces it everywhere else). */
export const meta: MetaFunction = ({ error, matches }) => [
  {
    title: error
      ? metaTitle(
          matches,
          isRouteErrorResponse(error) && error.status === 404
            ? "error.notFound.title"
            : "error.generic.title",
        )
      : "Coéduc",
  },
];

/** The page's language (docs/decisions/012-languages.md): in the first HTML, `<html lang dir>` are right. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, setCookie } = resolveLocale(request);
  return json(
    { locale, suggested: suggestedLocale(request) },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

/** A language the browser prefers, offered in that language until the person chooses one. */
function LanguageSuggestion() {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const href = useLanguageHref();
  const suggested = root?.suggested;
  if (!isLocale(suggested) || suggested === locale) return null;
  return (
    <p className="lang-suggestion" lang={htmlLang(suggested)} dir={dir(suggested)}>
      {t(suggested, "layout.suggestion")}{" "}
      <a href={href(suggested)}>{t(suggested, "layout.suggestion.link")}</a>
    </p>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const t = useT();
  const respondent = !isFrenchOnlyPath(useLocation().pathname);
  const nonce = useNonce();
  return (
    <html lang={htmlLang(locale)} dir={dir(locale)} data-locale={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d3f8f" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          {t("layout.skip")}
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Coéduc
          </Link>
        </header>
        {respondent ? <LanguageSwitcher /> : null}
        {respondent ? <LanguageSuggestion /> : null}
        <main id="contenu" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("layout.footer")}</p>
          <p>
            <Link to="/accessibilite">{t("layout.accessibility")}</Link>
          </p>
          <p>
            <Link to="/confidentialite">{t("privacy.footer")}</Link>
          </p>
          <p>
            <Link to="/mentions-legales">{t("legal.footer")}</Link>
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { pathname, search } = useLocation();
  // Questionnaire pages are kept for offline use: a parent who loses the connection can
  // reload, finish, and send once back online.
  useEffect(() => {
    if (!pathname.startsWith("/s/")) return;
    registerOfflineWorker();
    keepForOffline();
  }, [pathname, search]);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // 403 from requireCsrf (accounts/csrf.server.ts): the form was stale or from elsewhere.
  const expired = isRouteErrorResponse(error) && error.status === 403;
  const [title, text] = notFound
    ? (["error.notFound.title", "error.notFound.text"] as const)
    : expired
      ? (["error.expired.title", "error.expired.text"] as const)
      : (["error.generic.title", "error.generic.text"] as const);
  return (
    <div className="page">
      <h1>{t(title)}</h1>
      <p>{t(text)}</p>
      <p>
        <Link to="/">{t("common.home")}</Link>
      </p>
    </div>
  );
}
