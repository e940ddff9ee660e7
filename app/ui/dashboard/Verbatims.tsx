import { Form, Link } from "@remix-run/react";
import { Field } from "~/ui/Field";
import type { Audience } from "~/surveys/audiences";
import { formatDate } from "~/i18n/format";
import { AUDIENCE_LABELS, STATUS_LABELS } from "~/indicators/labels";
import type { Verbatim, VerbatimQuestion } from "~/follow-up/verbatims.server";
import { count, plural } from "./figures";

export interface VerbatimFilters {
  audience: Audience | null;
  question: string | null;
  search: string;
  page: number;
}

/** The filter form: a GET, so a filtered list has its own address and works without JavaScript. */
export function VerbatimFilterForm({
  filters,
  audiences,
  questions,
}: {
  filters: VerbatimFilters;
  audiences: Audience[];
  questions: VerbatimQuestion[];
}) {
  // One entry per question name; the title of the chosen group, else of the first group asking it.
  const names = [...new Set(questions.map((q) => q.question))];
  const titleOf = (name: string) =>
    (questions.find((q) => q.question === name && q.audience === filters.audience) ??
      questions.find((q) => q.question === name))!.title;
  return (
    <Form method="get" className="filter-form" role="search" aria-label="Filtrer les verbatims">
      <Field as="select" id="v-public" name="public" label="Public" defaultValue={filters.audience ?? ""}>
        <option value="">Tous les publics</option>
        {audiences.map((a) => (
          <option key={a} value={a}>
            {AUDIENCE_LABELS[a]}
          </option>
        ))}
      </Field>
      <Field
        as="select"
        id="v-question"
        name="question"
        label="Question"
        defaultValue={filters.question ?? ""}
      >
        <option value="">Toutes les questions</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {titleOf(name)}
          </option>
        ))}
      </Field>
      <Field
        id="v-q"
        name="q"
        type="search"
        label="Rechercher dans les textes"
        defaultValue={filters.search}
        maxLength={200}
      />
      <button type="submit" className="button primary">
        Filtrer
      </button>
    </Form>
  );
}

export function VerbatimList({
  items,
  total,
  filters,
  pageSize,
  hiddenAudiences,
  questions,
}: {
  items: Verbatim[];
  total: number;
  filters: VerbatimFilters;
  pageSize: number;
  hiddenAudiences: Audience[];
  questions: VerbatimQuestion[];
}) {
  const title = (v: Verbatim) =>
    questions.find((q) => q.audience === v.audience && q.question === v.question)?.title ?? v.question;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = (filters.page - 1) * pageSize + 1;
  const chosenHidden = filters.audience !== null && hiddenAudiences.includes(filters.audience);
  return (
    <>
      {hiddenAudiences.length > 0 ? (
        <p className="notice dash-notice">
          {hiddenAudiences.map((a) => AUDIENCE_LABELS[a]).join(", ")} : {STATUS_LABELS.hidden}. Leurs textes
          ne sont pas montrés, pour que personne ne soit reconnu.
        </p>
      ) : null}
      <p role="status">
        {chosenHidden
          ? "Ce public est masqué : moins de 10 réponses."
          : total === 0
            ? "Aucun texte ne correspond."
            : `${plural(total, "texte", "textes")}${pages > 1 ? `, ${count(first)} à ${count(Math.min(total, first + items.length - 1))} ci-dessous` : ""}, du plus récent au plus ancien.`}
      </p>
      <ol className="verbatim-list" start={first}>
        {items.map((v) => (
          <li key={v.id} className="verbatim">
            {/* Plain text: React escapes it. Never inject respondents' words as HTML. */}
            <blockquote>{v.text}</blockquote>
            <p className="verbatim-meta">
              {AUDIENCE_LABELS[v.audience]} · {title(v)} · {formatDate(v.submittedAt)}
            </p>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav aria-label="Pages de verbatims" className="pager">
          {filters.page > 1 ? (
            <Link to={pageLink(filters, filters.page - 1)}>Page précédente</Link>
          ) : (
            <span />
          )}
          <span>
            Page {filters.page} sur {pages}
          </span>
          {filters.page < pages ? (
            <Link to={pageLink(filters, filters.page + 1)}>Page suivante</Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

function pageLink(f: VerbatimFilters, page: number): string {
  const params = new URLSearchParams();
  if (f.audience) params.set("public", f.audience);
  if (f.question) params.set("question", f.question);
  if (f.search) params.set("q", f.search);
  params.set("page", String(page));
  return `?${params.toString()}`;
}
