import type { ReactNode } from "react";

/** A council phone's page: the council's name, the page's title when it has one, then the rest. */
export function PhonePage({
  councilName,
  title,
  children,
}: {
  councilName: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className="page council-phone">
      {/* The council's name is written by the team, in French. */}
      <p className="eyebrow" lang="fr" dir="auto">
        {councilName}
      </p>
      {title ? <h1>{title}</h1> : null}
      {children}
    </div>
  );
}
