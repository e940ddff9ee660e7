import {
  type ActionFunctionArgs,
  type AppLoadContext,
  json,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Face } from "~/ui/Face";
import { getDb } from "~/db.server";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { normalizeCode, splitFace } from "~/council/rules";
import { councilParticipant } from "~/council/phone-cookie.server";
import { readForm } from "~/web/http.server";
import { codeAttemptsBlocked, countWrongCode, minutesToWait } from "~/web/rate-limit.server";
import { formatTimeIn, type Locale, type MessageKey, surveyLocaleFor, t } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { localizedText } from "~/surveys/localized-text";
import { councilItems } from "~/council/items.server";
import { answerItem, joinSitting, participantAnswers } from "~/council/phones.server";
import { findSittingByCode, statusForPhones } from "~/council/sittings.server";
import { getSurveyDefinition } from "~/surveys/surveys.server";

import councilStyles from "~/styles/council.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: councilStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "council.meta") }];

// Remix sends only Set-Cookie from a loader's headers unless the route says otherwise.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? actionHeaders.get("Cache-Control") ?? "no-store",
  ...(errorHeaders?.has("Retry-After") ? { "Retry-After": errorHeaders.get("Retry-After")! } : {}),
});

type Unavailable = { reason: "not_found" | "closed" | "full" } | { reason: "rate_limited"; minutes: number };

/** While the session waits to open, the phone asks again this often. */
const WAITING_POLL_MS = 3000;

async function sessionForCode(param: string | undefined, context: AppLoadContext) {
  // Code guessing: too many wrong codes from this client (hashed address) pause it.
  const wait = codeAttemptsBlocked(context, "council");
  if (wait !== null) {
    throw json<Unavailable>(
      { reason: "rate_limited", minutes: minutesToWait(wait) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const code = normalizeCode(param ?? "");
  const session = code ? await findSittingByCode(await getDb(), code) : undefined;
  if (!session) {
    countWrongCode(context, "council");
    throw json<Unavailable>({ reason: "not_found" }, { status: 404 });
  }
  return session;
}

type SessionItems = Parameters<typeof councilItems>[0];

/**
 * The session's items in the page's language when the items' file has it (else French):
 * the model gives them in French; their translations come from the same survey file.
 */
function itemsIn(session: SessionItems, locale: Locale) {
  const items = councilItems(session);
  const def = getSurveyDefinition(session.items_survey_id, session.items_survey_version);
  const surveyLocale = def ? surveyLocaleFor(def.locales, locale) : "fr";
  if (!def || surveyLocale === "fr") return { items, lang: "fr" };
  const questions = new Map(
    ((def.survey.pages ?? []) as { elements: { name: string; title?: unknown; choices?: unknown[] }[] }[])
      .flatMap((p) => p.elements)
      .map((q) => [q.name, q]),
  );
  const localized = items.map((item) => {
    const q = questions.get(item.name);
    const texts = new Map(
      ((q?.choices ?? []) as { value: unknown; text?: unknown }[]).map((c) => [
        String(c.value),
        localizedText(c.text, surveyLocale),
      ]),
    );
    return {
      ...item,
      title: localizedText(q?.title, surveyLocale) || item.title,
      choices: item.choices.map((c) => {
        const text = texts.get(c.value);
        return text ? { ...c, label: splitFace(text).label } : c;
      }),
    };
  });
  return { items: localized, lang: surveyLocale };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const session = await sessionForCode(params.code, context);
  const { participant, setCookie } = await councilParticipant(request, session.id);
  if (statusForPhones(session) === "closed") throw json<Unavailable>({ reason: "closed" }, { status: 410 });
  const joined = await joinSitting(db, session, participant);
  if (joined.kind === "closed") throw json<Unavailable>({ reason: "closed" }, { status: 410 });
  if (joined.kind === "full") throw json<Unavailable>({ reason: "full" }, { status: 403 });
  const headers: HeadersInit = setCookie ? { "Set-Cookie": setCookie } : {};
  // Never cached: the page changes as the session opens and answers come in.
  const init = { headers: { ...headers, "Cache-Control": "no-store" } };

  const base = { code: session.code, councilName: session.council_name };
  const status = statusForPhones(session);
  if (status === "waiting") return json({ ...base, state: "waiting" as const }, init);

  const { items, lang } = itemsIn(session, getLocale(request));
  const answers = await participantAnswers(db, session.id, participant);
  const url = new URL(request.url);
  const asked = url.searchParams.get("question");
  const notice = url.searchParams.get("reponse") === "changee" ? "changed" : null;
  const index = asked
    ? items.findIndex((i) => i.name === asked)
    : items.findIndex((i) => answers[i.name] === undefined);
  if (index === -1) {
    return json(
      {
        ...base,
        state: "done" as const,
        closesAt: session.closes_at,
        notice,
        lang,
        items: items.map((i) => ({
          name: i.name,
          title: i.title,
          answer: i.choices.find((c) => c.value === answers[i.name])?.label ?? null,
        })),
      },
      init,
    );
  }
  const item = items[index]!;
  return json(
    {
      ...base,
      state: "question" as const,
      closesAt: session.closes_at,
      notice,
      lang,
      index,
      total: items.length,
      previous: index > 0 ? items[index - 1]!.name : null,
      item,
      current: answers[item.name] ?? null,
    },
    init,
  );
}

const MESSAGES = {
  not_open: "council.error.not_open",
  closed: "council.error.closed",
  full: "council.error.full",
  unknown_item: "council.error.unknown_item",
  invalid_value: "council.error.invalid_value",
} as const satisfies Record<string, MessageKey>;

const STATUS = { not_open: 409, closed: 410, full: 403, unknown_item: 422, invalid_value: 422 } as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await sessionForCode(params.code, context);
  const form = await readForm(request);
  const question = String(form.get("question") ?? "").slice(0, 100);
  const value = String(form.get("value") ?? "").slice(0, 20);
  const { participant, setCookie } = await councilParticipant(request, session.id);
  const result = await answerItem(await getDb(), session, participant, question, value);
  const headers: HeadersInit = setCookie ? { "Set-Cookie": setCookie } : {};
  if (result.kind === "saved" || result.kind === "replaced") {
    // The next question not yet answered (or the end); a changed answer is said so.
    const next = `/conseil/${session.code}${result.kind === "replaced" ? "?reponse=changee" : ""}`;
    throw redirect(next, { headers });
  }
  return json(
    { question, message: t(getLocale(request), MESSAGES[result.kind]) },
    { status: STATUS[result.kind], headers },
  );
}

function useFocusOnChange(key: unknown) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  return ref;
}

export default function CouncilPhone() {
  const d = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  const errorRef = useFocusOnChange(error);
  const locale = useLocale();
  const t = useT();

  // Waiting for the facilitator: ask again every few seconds, while the page is in view.
  useEffect(() => {
    if (d.state !== "waiting") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, WAITING_POLL_MS);
    return () => clearInterval(timer);
  }, [d.state, revalidator]);

  const errorBox = error ? (
    <p
      className="notice council-error"
      role="alert"
      tabIndex={-1}
      ref={errorRef as React.RefObject<HTMLParagraphElement>}
    >
      {error.message}
    </p>
  ) : null;
  // The council's name is written by the team, in French.
  const councilName = (
    <p className="eyebrow" lang="fr" dir="auto">
      {d.councilName}
    </p>
  );

  if (d.state === "waiting") {
    return (
      <div className="page council-phone">
        {councilName}
        <h1>{t("council.waiting.title")}</h1>
        {errorBox}
        <p role="status">{t("council.waiting.text")}</p>
        <p>{t("council.waiting.keep")}</p>
        <p>
          <Link to={`/conseil/${d.code}`} className="button">
            {t("council.refresh")}
          </Link>
        </p>
      </div>
    );
  }

  // Items are in French when their file lacks the page's language (the simplified version).
  const itemLang = d.lang === locale ? undefined : d.lang;
  const ending = d.closesAt ? (
    <p className="small">{t("council.ends", { time: formatTimeIn(locale, d.closesAt) })}</p>
  ) : null;
  const notice =
    d.notice === "changed" ? (
      <p className="notice" role="status">
        {t("council.changed")}
      </p>
    ) : null;

  if (d.state === "done") {
    return (
      <div className="page council-phone">
        {councilName}
        <h1>{t("council.done.title")}</h1>
        {notice}
        <p>{t("council.done.screen")}</p>
        <h2>{t("council.done.yours")}</h2>
        <ul className="council-answers">
          {d.items.map((i) => (
            <li key={i.name}>
              <span lang={itemLang}>{i.title}</span>{" "}
              <strong lang={i.answer ? itemLang : undefined}>{i.answer ?? t("council.noAnswer")}</strong>{" "}
              <Link to={`/conseil/${d.code}?question=${i.name}`}>
                {t("council.change")}
                <span className="visually-hidden">{t("council.change.hidden", { title: i.title })}</span>
              </Link>
            </li>
          ))}
        </ul>
        {ending}
      </div>
    );
  }

  return (
    <div className="page council-phone">
      {councilName}
      <p className="council-progress">{t("council.progress", { index: d.index + 1, total: d.total })}</p>
      {notice}
      {errorBox}
      {/* key: a new form per question, so the previous question's choice is not kept. */}
      <Form method="post" key={d.item.name} className="council-form">
        <input type="hidden" name="question" value={d.item.name} />
        <fieldset lang={itemLang}>
          <legend>
            <h1 className="council-question">{d.item.title}</h1>
          </legend>
          <div className="face-choices">
            {d.item.choices.map((c) => (
              <label key={c.value} className="face-choice">
                <input
                  type="radio"
                  name="value"
                  value={c.value}
                  defaultChecked={d.current === c.value}
                  required
                />
                {c.face ? <Face kind={c.face} /> : <span className="face-blank" aria-hidden="true" />}
                <span>{c.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button primary" disabled={busy}>
          {t("council.submit")}
        </button>
      </Form>
      {d.previous ? (
        <p>
          <Link to={`/conseil/${d.code}?question=${d.previous}`}>{t("council.previous")}</Link>
        </p>
      ) : null}
      {ending}
    </div>
  );
}

const REFUSALS: Record<Exclude<Unavailable["reason"], "rate_limited">, [MessageKey, MessageKey]> = {
  closed: ["council.closed.title", "council.closed.text"],
  full: ["council.full.title", "council.full.text"],
  not_found: ["council.notFound.title", "council.notFound.text"],
};

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const refusal = isRouteErrorResponse(error) ? (error.data as Partial<Unavailable> | undefined) : undefined;
  const reason = refusal?.reason;
  const [title, text] = (reason && reason !== "rate_limited" && REFUSALS[reason]) || [
    "error.generic.title",
    "council.generic.text",
  ];
  const minutes = refusal && "minutes" in refusal ? refusal.minutes : undefined;
  return (
    <div className="page council-phone">
      <h1>{t(title)}</h1>
      <p>{reason === "rate_limited" ? t("error.rateLimited", { minutes: minutes ?? 10 }) : t(text)}</p>
      <p>
        <Link to="/conseil">{t("council.otherCode")}</Link>
      </p>
    </div>
  );
}
