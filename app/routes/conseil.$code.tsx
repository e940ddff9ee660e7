import {
  type ActionFunctionArgs,
  type AppLoadContext,
  json,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { councilLinks } from "~/ui/council/links";
import { PhonePage } from "~/ui/council/PhonePage";
import { QuestionForm } from "~/ui/council/QuestionForm";
import { getDb } from "~/db.server";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { normalizeCode } from "~/council/rules";
import { councilParticipant } from "~/council/phone-cookie.server";
import { readForm } from "~/web/http.server";
import { codeAttemptsBlocked, countWrongCode, minutesToWait } from "~/web/rate-limit.server";
import { formatTimeIn, type Locale, type MessageKey, surveyLocaleFor, t } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { councilItems, councilSurvey } from "~/council/items.server";
import { answerItem, joinSitting, participantAnswers } from "~/council/phones.server";
import { findSittingByCode, statusForPhones } from "~/council/sittings.server";

export const links = councilLinks;

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "council.meta") }];

// Remix sends only Set-Cookie from a loader's headers unless the route says otherwise.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? actionHeaders.get("Cache-Control") ?? "no-store",
  ...(errorHeaders?.has("Retry-After") ? { "Retry-After": errorHeaders.get("Retry-After")! } : {}),
});

type Unavailable = { reason: "not_found" | "closed" | "full" } | { reason: "rate_limited"; minutes: number };

/** While the sitting waits to open, the phone asks again this often. */
const WAITING_POLL_MS = 3000;

async function sittingForCode(param: string | undefined, context: AppLoadContext) {
  // Code guessing: too many wrong codes from this client (hashed address) pause it.
  const wait = codeAttemptsBlocked(context, "council");
  if (wait !== null) {
    throw json<Unavailable>(
      { reason: "rate_limited", minutes: minutesToWait(wait) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const code = normalizeCode(param ?? "");
  const sitting = code ? await findSittingByCode(await getDb(), code) : undefined;
  if (!sitting) {
    countWrongCode(context, "council");
    throw json<Unavailable>({ reason: "not_found" }, { status: 404 });
  }
  return sitting;
}

/**
 * The sitting's items in the page's language when the items' file has it (else French): the
 * same items, values and faces in every locale, read from the same survey file.
 */
function itemsIn(sitting: Parameters<typeof councilItems>[0], locale: Locale) {
  const def = councilSurvey({ id: sitting.items_survey_id, version: sitting.items_survey_version });
  const lang = surveyLocaleFor(def.locales, locale);
  return { items: councilItems(sitting, lang), lang };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const sitting = await sittingForCode(params.code, context);
  const { participant, setCookie } = await councilParticipant(request, sitting.id);
  if (statusForPhones(sitting) === "closed") throw json<Unavailable>({ reason: "closed" }, { status: 410 });
  const joined = await joinSitting(db, sitting, participant);
  if (joined.kind === "closed") throw json<Unavailable>({ reason: "closed" }, { status: 410 });
  if (joined.kind === "full") throw json<Unavailable>({ reason: "full" }, { status: 403 });
  const headers: HeadersInit = setCookie ? { "Set-Cookie": setCookie } : {};
  // Never cached: the page changes as the sitting opens and answers come in.
  const init = { headers: { ...headers, "Cache-Control": "no-store" } };

  const base = { code: sitting.code, councilName: sitting.council_name };
  const status = statusForPhones(sitting);
  if (status === "waiting") return json({ ...base, state: "waiting" as const }, init);

  const { items, lang } = itemsIn(sitting, getLocale(request));
  const answers = await participantAnswers(db, sitting.id, participant);
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
        closesAt: sitting.closes_at,
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
      closesAt: sitting.closes_at,
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

/** A posted text, cut to its longest sensible length ("" when absent: the model refuses it). */
const ZFormText = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((v) => String(v ?? "").slice(0, max));

/**
 * What a phone posts. The form names its intent; a page loaded before it did (or a script)
 * leaves it out, and a phone can only answer: a missing intent is "answer".
 */
const ZPhoneIntent = z.preprocess(
  (v) => (v && typeof v === "object" && !("intent" in v) ? { ...v, intent: "answer" } : v),
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("answer"), question: ZFormText(100), value: ZFormText(20) }),
  ]),
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sitting = await sittingForCode(params.code, context);
  const parsed = ZPhoneIntent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return json({ question: "", message: t(getLocale(request), "error.expired.text") }, { status: 400 });
  }
  const { question, value } = parsed.data;
  const { participant, setCookie } = await councilParticipant(request, sitting.id);
  const result = await answerItem(await getDb(), sitting, participant, question, value);
  const headers: HeadersInit = setCookie ? { "Set-Cookie": setCookie } : {};
  if (result.kind === "saved" || result.kind === "replaced") {
    // The next question not yet answered (or the end); a changed answer is said so.
    const next = `/conseil/${sitting.code}${result.kind === "replaced" ? "?reponse=changee" : ""}`;
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
  if (d.state === "waiting") {
    return (
      <PhonePage councilName={d.councilName} title={t("council.waiting.title")}>
        {errorBox}
        <p role="status">{t("council.waiting.text")}</p>
        <p>{t("council.waiting.keep")}</p>
        <p>
          <Link to={`/conseil/${d.code}`} className="button">
            {t("council.refresh")}
          </Link>
        </p>
      </PhonePage>
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
      <PhonePage councilName={d.councilName} title={t("council.done.title")}>
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
      </PhonePage>
    );
  }

  return (
    <PhonePage councilName={d.councilName}>
      <p className="council-progress">{t("council.progress", { index: d.index + 1, total: d.total })}</p>
      {notice}
      {errorBox}
      {/* key: a new form per question, so the previous question's choice is not kept. */}
      <QuestionForm
        key={d.item.name}
        item={d.item}
        current={d.current}
        lang={itemLang}
        submit={t("council.submit")}
        busy={busy}
      />
      {d.previous ? (
        <p>
          <Link to={`/conseil/${d.code}?question=${d.previous}`}>{t("council.previous")}</Link>
        </p>
      ) : null}
      {ending}
    </PhonePage>
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
