import type { ReactNode } from "react";

/** A council phone's page: the council's name above what the phone shows now. */
export function PhonePage({ councilName, children }: { councilName: string; children: ReactNode }) {
  return (
    <div className="page council-phone">
      {/* The council's name is written by the team, in French. */}
      <p className="eyebrow" lang="fr" dir="auto">
        {councilName}
      </p>
      {children}
    </div>
  );
}
