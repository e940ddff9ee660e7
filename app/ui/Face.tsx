import { FACE_FEATURES, type FaceKind } from "~/surveys/faces";
import { DecorativeSvg } from "./Pictogram";

const INK = "#161616";

/** One face of a face scale (app/surveys/faces.ts); decorative, since the choice's words say the same. */
export function Face({ kind, size = 40 }: { kind: FaceKind; size?: number }) {
  const { mouth, open, brows } = FACE_FEATURES[kind];
  return (
    <DecorativeSvg className="pictogram pictogram-face" size={size}>
      <circle cx="12" cy="12" r="10.5" fill="#ffd75e" stroke={INK} strokeWidth="1.5" />
      <circle cx="8.5" cy="9.5" r="1.4" fill={INK} />
      <circle cx="15.5" cy="9.5" r="1.4" fill={INK} />
      {brows ? <path d={brows} fill="none" stroke={INK} strokeWidth="1.6" strokeLinecap="round" /> : null}
      {open ? (
        <path d={mouth} fill={INK} stroke={INK} strokeWidth="1.2" strokeLinejoin="round" />
      ) : (
        <path d={mouth} fill="none" stroke={INK} strokeWidth="1.6" strokeLinecap="round" />
      )}
    </DecorativeSvg>
  );
}
