import { Face } from "~/ui/Face";
import { LIVE_THRESHOLD, type LiveItem } from "~/council/rules";
import { formatPercent } from "~/i18n/format";

function plural(n: number, one: string, many: string) {
  return `${n} ${n > 1 ? many : one}`;
}

/** Each item's answers as bars with their numbers; nothing but a count below the threshold. */
export function LiveResults({ items, headingLevel = 3 }: { items: LiveItem[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="live-items">
      {items.map((item) => (
        <li key={item.name} className="live-item" data-item={item.name}>
          <Heading>{item.title}</Heading>
          {item.choices === null ? (
            <p className="live-waiting">
              {plural(item.answers, "réponse", "réponses")}. Le résultat s'affiche à partir de{" "}
              {LIVE_THRESHOLD} réponses.
            </p>
          ) : (
            <>
              <p className="visually-hidden live-total">{plural(item.answers, "réponse", "réponses")}.</p>
              <ul className="live-bars">
                {item.choices.map((c) => {
                  const share = item.answers > 0 ? c.n / item.answers : 0;
                  return (
                    <li key={c.value} className="live-bar">
                      <span className="label">
                        {c.face ? <Face kind={c.face} size={28} /> : null}
                        {c.label}
                      </span>
                      <span className="track" aria-hidden="true">
                        <span className="fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
                      </span>
                      <span className="count">
                        {c.n}
                        <span className="visually-hidden"> {c.n > 1 ? "réponses" : "réponse"},</span> (
                        {formatPercent(share)})
                      </span>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
