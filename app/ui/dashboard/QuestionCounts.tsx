import type { Audience } from "~/surveys/audiences";
import {
  AUDIENCE_LABELS,
  CONTINUUM_QUESTION,
  DONT_KNOW_LABEL,
  FORM_LABELS,
  HIDDEN_CELL,
  MERGED_NON_ANSWER_LABEL,
  NOT_APPLICABLE_LABEL,
} from "~/indicators/labels";
import type {
  AnswerCount,
  AudienceProfile,
  ChoiceDistribution,
  FormCount,
} from "~/indicators/indicators.server";
import { count, pct } from "./figures";
import { DataTable } from "./DataTable";

// Per-question counts of the dashboard and the report (issue 14): the two non-answers of each
// scored item, every unscored choice question, and the responses of each form. Every number
// here comes protected from campaignIndicators (perturbed, masked under 10).

type Group = Pick<AudienceProfile, "audience" | "status" | "responses" | "nonAnswers" | "distributions">;

/** "12 (8 %)"; a masked count says so. */
function countAndShare(c: AnswerCount): string {
  if (c.n === null) return `${HIDDEN_CELL} (moins de 10)`;
  return c.share === null ? count(c.n) : `${count(c.n)} (${pct(c.share)})`;
}

/** Per audience shown, its scored items' "Je ne sais pas" and "Ce n'est pas mon cas" answers. */
export function NonAnswerTables({ groups }: { groups: Group[] }) {
  const shown = groups.filter((g) => g.nonAnswers.length > 0);
  if (shown.length === 0) return <p>Pas de chiffre à montrer (aucun public de 10 réponses ou plus).</p>;
  return (
    <div className="dash-stack">
      {shown.map((g) => {
        const merged = g.nonAnswers.every((x) => x.merged);
        const label = AUDIENCE_LABELS[g.audience];
        return (
          <DataTable
            key={g.audience}
            caption={`Réponses « Je ne sais pas » et « Ce n'est pas mon cas » par question : ${label} (${count(g.responses)} réponses)`}
            columns={[
              { label: "Question" },
              { label: "Dimension" },
              ...(merged
                ? [{ label: MERGED_NON_ANSWER_LABEL, num: true }]
                : [
                    { label: DONT_KNOW_LABEL, num: true },
                    { label: NOT_APPLICABLE_LABEL, num: true },
                  ]),
            ]}
          >
            <tbody>
              {g.nonAnswers.map((x) => (
                <tr key={x.question}>
                  <th scope="row">{x.title}</th>
                  <td>{x.dimension}</td>
                  <td className="num">{countAndShare(x.dontKnow)}</td>
                  {merged ? null : (
                    <td className="num">
                      {x.notApplicable ? countAndShare(x.notApplicable) : `(${MERGED_NON_ANSWER_LABEL})`}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
        );
      })}
    </div>
  );
}

export function NonAnswersSection({ groups }: { groups: Group[] }) {
  const hiddenGroups = groups.some((g) => g.status === "hidden");
  return (
    <section aria-labelledby="nonreponses" className="dash-section">
      <h2 id="nonreponses">Réponses « Je ne sais pas » et « Ce n'est pas mon cas »</h2>
      <p className="hint">
        Ces deux réponses ne comptent dans aucun score ; elles sont comptées ici, question par question, avec
        leur part des réponses du public. Les questionnaires de la version 1 n'avaient qu'un choix, « Je ne
        sais pas / pas concerné·e », qui voulait dire les deux. Un nombre de 1 à 9 est masqué.
        {hiddenGroups ? " Les publics de moins de 10 réponses n'y figurent pas." : ""}
      </p>
      <NonAnswerTables groups={groups} />
    </section>
  );
}

/** Every unscored choice question but the continuum (which has its chart): one table per question. */
export function OtherDistributionTables({
  groups,
}: {
  groups: Pick<AudienceProfile, "audience" | "distributions">[];
}) {
  const byQuestion = new Map<string, { audience: Audience; d: ChoiceDistribution }[]>();
  for (const g of groups)
    for (const d of g.distributions) {
      if (d.question === CONTINUUM_QUESTION) continue;
      byQuestion.set(d.question, [...(byQuestion.get(d.question) ?? []), { audience: g.audience, d }]);
    }
  if (byQuestion.size === 0) return null;
  return (
    <div className="dash-stack">
      {[...byQuestion].map(([question, columns]) => {
        const first = columns[0]!.d;
        const values = [
          ...new Map(columns.flatMap((c) => c.d.values.map((v) => [v.value, v.label]))).entries(),
        ];
        return (
          <DataTable
            key={question}
            caption={`${first.title}${first.multiple ? " (plusieurs réponses possibles : part des réponses du public)" : " (part des réponses à la question)"}`}
            columns={[
              { label: "Réponse" },
              ...columns.map((c) => ({ label: AUDIENCE_LABELS[c.audience], num: true, key: c.audience })),
            ]}
          >
            <tbody>
              {values.map(([value, label]) => (
                <tr key={value}>
                  <th scope="row">{label}</th>
                  {columns.map((c) => {
                    const cell = c.d.values.find((v) => v.value === value);
                    return (
                      <td className="num" key={c.audience}>
                        {cell === undefined
                          ? "—"
                          : cell.share === null || cell.n === null
                            ? HIDDEN_CELL
                            : `${pct(cell.share)} (${count(cell.n)})`}
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row">{first.multiple ? "Réponses du public" : "Réponses à la question"}</th>
                {columns.map((c) => (
                  <td className="num" key={c.audience}>
                    {count(c.d.total)}
                  </td>
                ))}
              </tr>
            </tbody>
          </DataTable>
        );
      })}
    </div>
  );
}

/**
 * Which form a group's responses come from: "dont 40 au questionnaire court (60 au
 * questionnaire complet)", or why it cannot be said. Null when the questionnaire has one form.
 */
export function formsSentence(forms: FormCount[] | null): string | null {
  if (!forms) return null;
  const short = forms.find((f) => f.form === "short");
  const long = forms.find((f) => f.form === "long");
  if (short?.n === null || long?.n === null)
    return "Répartition entre questionnaire court et complet masquée : moins de 10 réponses à l'un des deux.";
  return `dont ${count(short?.n ?? 0)} au ${FORM_LABELS.short} et ${count(long?.n ?? 0)} au ${FORM_LABELS.long}`;
}
