import { FACE_MOUTHS, type FaceKind } from "~/surveys/faces";
import { DecorativeSvg } from "./Pictogram";

/** One face of the face scale; decorative, since the choice's words say the same. */
export function Face({ kind, size = 40 }: { kind: FaceKind; size?: number }) {
  return (
    <DecorativeSvg className="pictogram" size={size}>
      <circle cx="12" cy="12" r="10.5" fill="#ffd75e" stroke="#161616" strokeWidth="1.5" />
      <circle cx="8.5" cy="9.5" r="1.4" fill="#161616" />
      <circle cx="15.5" cy="9.5" r="1.4" fill="#161616" />
      <path d={FACE_MOUTHS[kind]} fill="none" stroke="#161616" strokeWidth="1.6" strokeLinecap="round" />
    </DecorativeSvg>
  );
}
