import { Link } from "@remix-run/react";
import { useId, useState } from "react";
import { rich, useT } from "~/i18n/react";

/**
 * The erasure code of a stored response, shown once: on the thank-you page, or on the
 * questionnaire page when the way to the thank-you page failed after the answers were stored.
 */
export function ErasureCode({
  code,
  form,
  family = false,
}: {
  code: string;
  form: "tu" | "vous";
  /** A family visit's code: says it erases every answer of the visit. */
  family?: boolean;
}) {
  const t = useT();
  // Its own id: the landing may show the codes of several waiting answers at once.
  const titleId = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="erasure-code" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(`thanks.code.title.${form}`)}</h2>
      <p className="code" data-testid="erasure-code">
        {code}
      </p>
      {family ? <p>{t(`thanks.code.family.${form}`)}</p> : null}
      <p>{t(`thanks.code.note.${form}`)}</p>
      <p>{t("thanks.code.once")}</p>
      <p>{rich(t(`thanks.code.erase.${form}`), { link: <Link to="/effacer">{t("common.erase")}</Link> })}</p>
      {typeof navigator !== "undefined" && navigator.clipboard ? (
        <button type="button" className="button" onClick={() => void copy()}>
          {t(copied ? "thanks.code.copied" : "thanks.code.copy")}
        </button>
      ) : null}
    </section>
  );
}
