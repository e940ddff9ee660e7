import { Link } from "@remix-run/react";
import { useState } from "react";
import { rich, useT } from "~/i18n/react";

/**
 * The erasure code of a stored response, shown once: on the thank-you page, or on the
 * questionnaire page when the way to the thank-you page failed after the answers were stored.
 */
export function ErasureCode({ code, form }: { code: string; form: "tu" | "vous" }) {
  const t = useT();
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
    <section className="erasure-code" aria-labelledby="code-title">
      <h2 id="code-title">{t(`thanks.code.title.${form}`)}</h2>
      <p className="code" data-testid="erasure-code">
        {code}
      </p>
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
