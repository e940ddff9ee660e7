import {
  type ActionFunctionArgs,
  data,
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
import { Face } from "~/components/Face";
import { getDb } from "~/db.server";
import { normalizeCode } from "~/lib/council";
import { councilParticipant } from "~/lib/council-cookie.server";
import { formatTime } from "~/lib/format";
import { readForm } from "~/lib/http.server";
import {
  answerItem,
  councilItems,
  findSessionByCode,
  joinSession,
  participantAnswers,
  statusForPhones,
} from "~/models/council.server";

import councilStyles from "~/styles/council.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: councilStyles }];

export const meta: MetaFunction = () => [{ title: "Conseil des jeunes · Coéduc" }];

// Remix sends only Set-Cookie from a loader's headers unless the route says otherwise.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? actionHeaders.get("Cache-Control") ?? "no-store",
});

type Unavailable = { reason: "not_found" | "closed" | "full" };

/** While the session waits to open, the phone asks again this often. */
const WAITING_POLL_MS = 3000;

async function sessionForCode(param: string | undefined) {
  const code = normalizeCode(param ?? "");
  const session = code ? await findSessionByCode(await getDb(), code) : undefined;
  if (!session) throw data<Unavailable>({ reason: "not_found" }, { status: 404 });
  return session;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const session = await sessionForCode(params.code);
  const { participant, setCookie } = await councilParticipant(request, session.id);
  if (statusForPhones(session) === "closed") throw data<Unavailable>({ reason: "closed" }, { status: 410 });
  const joined = await joinSession(db, session, participant);
  if (joined.kind === "closed") throw data<Unavailable>({ reason: "closed" }, { status: 410 });
  if (joined.kind === "full") throw data<Unavailable>({ reason: "full" }, { status: 403 });
  const headers: HeadersInit = setCookie ? { "Set-Cookie": setCookie } : {};
  // Never cached: the page changes as the session opens and answers come in.
  const init = { headers: { ...headers, "Cache-Control": "no-store" } };

  const base = { code: session.code, councilName: session.council_name };
  const status = statusForPhones(session);
  if (status === "waiting") return data({ ...base, state: "waiting" as const }, init);

  const items = councilItems(session);
  const answers = await participantAnswers(db, session.id, participant);
  const url = new URL(request.url);
  const asked = url.searchParams.get("question");
  const notice = url.searchParams.get("reponse") === "changee" ? "changed" : null;
  const index = asked
    ? items.findIndex((i) => i.name === asked)
    : items.findIndex((i) => answers[i.name] === undefined);
  if (index === -1) {
    return data(
      {
        ...base,
        state: "done" as const,
        closesAt: session.closes_at,
        notice,
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
  return data(
    {
      ...base,
      state: "question" as const,
      closesAt: session.closes_at,
      notice,
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
  not_open: "La séance n'a pas encore commencé. Ta réponse n'est pas enregistrée. Attends le signal.",
  closed: "La séance est terminée. Ta réponse n'est pas enregistrée.",
  full: "La séance est complète. Ta réponse n'est pas enregistrée.",
  unknown_item: "Cette question ne fait pas partie de la séance.",
  invalid_value: "Choisis une réponse.",
} as const;

const STATUS = { not_open: 409, closed: 410, full: 403, unknown_item: 422, invalid_value: 422 } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await sessionForCode(params.code);
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
  return data({ question, message: MESSAGES[result.kind] }, { status: STATUS[result.kind], headers });
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
      <div className="page council-phone">
        <p className="eyebrow">{d.councilName}</p>
        <h1>La séance va commencer</h1>
        {errorBox}
        <p role="status">Les questions s'affichent ici quand l'animateur ou l'animatrice ouvre la séance.</p>
        <p>Garde cette page ouverte.</p>
        <p>
          <Link to={`/conseil/${d.code}`} className="button">
            Actualiser
          </Link>
        </p>
      </div>
    );
  }

  const ending = d.closesAt ? (
    <p className="small">La séance se termine à {formatTime(d.closesAt)}.</p>
  ) : null;
  const notice =
    d.notice === "changed" ? (
      <p className="notice" role="status">
        Ta réponse est changée. Seule la dernière compte.
      </p>
    ) : null;

  if (d.state === "done") {
    return (
      <div className="page council-phone">
        <p className="eyebrow">{d.councilName}</p>
        <h1>Merci, tes réponses sont enregistrées</h1>
        {notice}
        <p>Regarde l'écran : les résultats d'une question s'affichent quand 5 personnes y ont répondu.</p>
        <h2>Tes réponses</h2>
        <ul className="council-answers">
          {d.items.map((i) => (
            <li key={i.name}>
              <span>{i.title}</span> <strong>{i.answer ?? "pas de réponse"}</strong>{" "}
              <Link to={`/conseil/${d.code}?question=${i.name}`}>
                Changer<span className="visually-hidden"> ma réponse à « {i.title} »</span>
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
      <p className="eyebrow">{d.councilName}</p>
      <p className="council-progress">
        Question {d.index + 1} sur {d.total}
      </p>
      {notice}
      {errorBox}
      {/* key: a new form per question, so the previous question's choice is not kept. */}
      <Form method="post" key={d.item.name} className="council-form">
        <input type="hidden" name="question" value={d.item.name} />
        <fieldset>
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
          Valider
        </button>
      </Form>
      {d.previous ? (
        <p>
          <Link to={`/conseil/${d.code}?question=${d.previous}`}>Revenir à la question précédente</Link>
        </p>
      ) : null}
      {ending}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const reason = isRouteErrorResponse(error)
    ? (error.data as Partial<Unavailable> | undefined)?.reason
    : undefined;
  const [title, text] =
    reason === "closed"
      ? ["Cette séance est terminée", "On ne peut plus y répondre. Merci pour ta participation !"]
      : reason === "full"
        ? [
            "La séance est complète",
            "Trop de téléphones ont rejoint cette séance. Demande à l'animateur ou l'animatrice.",
          ]
        : reason === "not_found"
          ? ["Séance introuvable", "Aucune séance n'a ce code. Vérifie le code sur l'écran."]
          : [
              "Un problème est survenu",
              "Le service ne répond pas comme prévu. Réessaie dans quelques minutes.",
            ];
  return (
    <div className="page council-phone">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/conseil">Écrire un autre code</Link>
      </p>
    </div>
  );
}
