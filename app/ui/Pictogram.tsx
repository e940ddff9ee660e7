import type { SVGProps } from "react";

// Simple drawings beside the sentences of the simplified version (docs/writing.md: always the
// same picture for the same idea). Decorative: the sentence beside says the same in words.

export type PictogramKind = "time" | "anonymous" | "readers" | "calendar" | "simplified";

const PATHS: Record<PictogramKind, string[]> = {
  // A clock.
  time: ["M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z", "M12 7v5l3.5 2.5"],
  // A person, crossed out: no name asked.
  anonymous: [
    "M12 4.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7z",
    "M5 20.5c0-4 3-6.5 7-6.5s7 2.5 7 6.5",
    "M3.5 3.5l17 17",
  ],
  // Three people: the team that reads the answers.
  readers: [
    "M12 4a2.8 2.8 0 1 0 0 5.6a2.8 2.8 0 1 0 0-5.6z",
    "M6 8a2.3 2.3 0 1 0 0 4.6a2.3 2.3 0 1 0 0-4.6z",
    "M18 8a2.3 2.3 0 1 0 0 4.6a2.3 2.3 0 1 0 0-4.6z",
    "M7.5 20c0-3.5 2-5.5 4.5-5.5s4.5 2 4.5 5.5",
    "M2 18.5c0-2.5 1.5-4 4-4 1 0 1.8.2 2.4.7",
    "M22 18.5c0-2.5-1.5-4-4-4-1 0-1.8.2-2.4.7",
  ],
  // A calendar page.
  calendar: ["M4 6h16v14H4z", "M4 10.5h16", "M8 3.5v5", "M16 3.5v5", "M8 14h3v3H8z"],
  // A page with a picture and short lines: the simplified version.
  simplified: ["M5 3h14v18H5z", "M8 6.5h8v5H8z", "M8 14.5h8", "M8 17.5h5"],
};

/** A 24×24 drawing hidden from assistive technologies (never focused): its words stand beside it. */
export function DecorativeSvg({
  size,
  ...svg
}: { size: number } & Omit<SVGProps<SVGSVGElement>, "width" | "height">) {
  return <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width={size} height={size} {...svg} />;
}

export function Pictogram({ kind, size = 36 }: { kind: PictogramKind; size?: number }) {
  return (
    <DecorativeSvg
      className="picto"
      size={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[kind].map((d) => (
        <path key={d} d={d} />
      ))}
    </DecorativeSvg>
  );
}
