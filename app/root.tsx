import type { LinksFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import appStyles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="fr" dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d3f8f" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Coéduc
          </Link>
        </header>
        <main id="contenu" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>Coéduc, la parole des familles et des jeunes dans les Cités éducatives.</p>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <div className="page">
      <h1>{status === 404 ? "Page introuvable" : "Un problème est survenu"}</h1>
      <p>
        {status === 404
          ? "Cette page n'existe pas. Vérifiez l'adresse."
          : "Le service ne répond pas comme prévu. Réessayez dans quelques minutes."}
      </p>
      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </div>
  );
}
