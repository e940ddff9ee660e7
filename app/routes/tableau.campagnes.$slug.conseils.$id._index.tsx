import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { requireCsrf } from "~/accounts/csrf.server";
import { useEffect, useRef } from "react";
import { LiveResults } from "~/ui/council/LiveResults";
import { useLiveState } from "~/ui/council/useLiveState";
import { getEnv } from "~/env.server";
import {
  CRITERIA,
  durationLabel,
  evidenceQuestion,
  formatCode,
  OPINION_QUESTION,
  SESSION_STATUS_WORDS,
  VERDICT_LABELS,
  VERDICTS,
} from "~/council/rules";
import { requireCouncilSession } from "~/accounts/campaign-access.server";
import { formatDateTime, formatPercent, formatTime } from "~/i18n/format";
import { readForm } from "~/web/http.server";
import { publicLink, qrSvg, shortLink } from "~/campaigns/qr.server";
import {
  closeSession,
  councilRecordQuestions,
  liveState,
  openSession,
  recordAnswers,
  recordCouncil,
} from "~/council/council.server";
import { canManage } from "~/accounts/user.server";
import councilStyles from "~/styles/council.css?url";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: councilStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.councilName} : séance · Coéduc` : "Séance · Coéduc" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, campaign, db, session } = await requireCouncilSession(request, params);
  const state = (await liveState(db, session.id))!;
  const joinUrl = publicLink(request, `/conseil/${session.code}`);
  const saved = new URL(request.url).searchParams.get("avis") === "enregistre";
  const questions = councilRecordQuestions();
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    canManage: canManage(actor),
    session: {
      id: session.id,
      code: session.code,
      councilName: session.council_name,
      durationMinutes: session.duration_minutes,
      openedAt: session.opened_at,
      closedAt: session.closed_at,
    },
    state,
    join: { url: joinUrl.href, short: shortLink(joinUrl), page: shortLink(publicLink(request, "/conseil")) },
    qrSvg: await qrSvg(joinUrl),
    record: await recordAnswers(db, session),
    saved,
    titles: Object.fromEntries(questions.map((q) => [q.name, q.title])),
  };
}

type RecordErrors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, campaign, db, session } = await requireCouncilSession(request, params);
  if (!canManage(actor)) throw new Response("Page introuvable", { status: 404 });
  const form = await readForm(request);
  const intent = form.get("intent");
  const base = `/tableau/campagnes/${campaign.slug}/conseils/${session.id}`;
  if (intent === "open") {
    const result = await openSession(db, actor, campaign, session);
    if (result.kind === "campaign_unavailable") {
      return json(
        {
          intent,
          message: "La campagne n'est pas ouverte aujourd'hui : la séance ne peut pas commencer.",
          errors: {} as RecordErrors,
          values: null,
        },
        { status: 409 },
      );
    }
    throw redirect(base);
  }
  if (intent === "close") {
    await closeSession(db, actor, campaign, session);
    throw redirect(base);
  }
  if (intent === "record") {
    // Only the record's fields, trimmed; an empty field is left out so "required" catches it.
    const answers: Record<string, string> = {};
    const names = [OPINION_QUESTION, ...CRITERIA.flatMap((c) => [c.name, evidenceQuestion(c.name)])];
    for (const name of names) {
      const value = form.get(name);
      if (typeof value === "string" && value.trim() !== "") answers[name] = value.trim();
    }
    const result = await recordCouncil(db, actor, campaign, session, answers, getEnv().SESSION_SECRET);
    if (result.kind === "not_started") {
      return json(
        {
          intent,
          message: "Ouvrez d'abord la séance : l'avis s'écrit pendant ou après la séance.",
          errors: {} as RecordErrors,
          values: answers,
        },
        { status: 409 },
      );
    }
    if (result.kind === "invalid") {
      const errors: RecordErrors = {};
      for (const e of result.errors) errors[e.question] ??= e.message;
      return json(
        {
          intent,
          message: "L'avis n'est pas enregistré. Corrigez les champs signalés.",
          errors,
          values: answers,
        },
        { status: 422 },
      );
    }
    throw redirect(`${base}?avis=enregistre#avis`);
  }
  throw new Response("Formulaire illisible", { status: 400 });
}

function RecordForm({
  titles,
  initial,
  errors,
  busy,
}: {
  titles: Record<string, string>;
  initial: Record<string, unknown> | null;
  errors: RecordErrors;
  busy: boolean;
}) {
  const text = (name: string) => (typeof initial?.[name] === "string" ? (initial[name] as string) : "");
  const describe = (name: string, hint?: string) =>
    [hint, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;
  return (
    <Form method="post" className="record-form" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value="record" />
      <div className="field">
        <label htmlFor={OPINION_QUESTION}>{titles[OPINION_QUESTION]}</label>
        <p id="opinion-hint" className="hint">
          Ce que le conseil veut dire à la Cité éducative, écrit avec le groupe. Ce texte est publié sur la
          page des résultats : n'écrivez pas de noms.
        </p>
        <textarea
          id={OPINION_QUESTION}
          name={OPINION_QUESTION}
          rows={6}
          maxLength={3000}
          required
          defaultValue={text(OPINION_QUESTION)}
          aria-invalid={errors[OPINION_QUESTION] ? true : undefined}
          aria-describedby={describe(OPINION_QUESTION, "opinion-hint")}
        />
        {error(OPINION_QUESTION)}
      </div>
      <h3>L'auto-évaluation du conseil</h3>
      <p className="hint">
        Pour chaque point, le groupe se met d'accord : oui, en partie ou non. Écrivez une phrase qui le montre
        (un exemple). Les exemples restent dans le tableau de bord ; les réponses oui, en partie, non sont
        publiées.
      </p>
      {CRITERIA.map((c) => {
        const evidence = evidenceQuestion(c.name);
        return (
          <fieldset
            key={c.name}
            className="criterion"
            aria-describedby={errors[c.name] ? `${c.name}-error` : undefined}
            aria-invalid={errors[c.name] ? true : undefined}
          >
            <legend>
              {titles[c.name]} <span className="small">({c.model})</span>
            </legend>
            <div className="verdicts">
              {VERDICTS.map((v) => (
                <label key={v}>
                  <input
                    type="radio"
                    name={c.name}
                    value={v}
                    defaultChecked={initial?.[c.name] === v}
                    required
                  />
                  {VERDICT_LABELS[v]}
                </label>
              ))}
            </div>
            {error(c.name)}
            <label htmlFor={evidence}>Pourquoi ? Un exemple</label>
            <input
              id={evidence}
              name={evidence}
              type="text"
              maxLength={300}
              required
              defaultValue={text(evidence)}
              aria-invalid={errors[evidence] ? true : undefined}
              aria-describedby={describe(evidence)}
            />
            {error(evidence)}
          </fieldset>
        );
      })}
      <button type="submit" className="button primary" disabled={busy}>
        {initial ? "Enregistrer la correction" : "Enregistrer l'avis du conseil"}
      </button>
    </Form>
  );
}

export default function CouncilSessionPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = `/tableau/campagnes/${d.campaign.slug}/conseils/${d.session.id}`;
  const { state } = useLiveState(base, d.state);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result?.message) messageRef.current?.focus();
  }, [result]);

  const recordSummary = d.record ? CRITERIA.filter((c) => d.record![c.name] === "yes").length : null;

  return (
    <div className="page dash-page">
      <p className="eyebrow">
        <Link to={`/tableau/campagnes/${d.campaign.slug}`}>{d.campaign.title}</Link> ›{" "}
        <Link to={`/tableau/campagnes/${d.campaign.slug}/conseils`}>Conseils de jeunes</Link>
      </p>
      <h1>{d.session.councilName}</h1>
      <p className="council-state" role="status">
        Séance {SESSION_STATUS_WORDS[state.status]}
        {state.status === "open" && state.closesAt ? `, jusqu'à ${formatTime(state.closesAt)}` : ""}
        {state.status === "closed" && d.session.closedAt
          ? `, le ${formatDateTime(d.session.closedAt)}`
          : ""}. {state.participants} {state.participants > 1 ? "téléphones ont" : "téléphone a"} rejoint la
        séance.
      </p>
      {result?.message && result.intent !== "record" ? (
        <p className="field-error" role="alert" tabIndex={-1} ref={messageRef}>
          {result.message}
        </p>
      ) : null}

      {state.status !== "closed" ? (
        <section aria-labelledby="rejoindre">
          <h2 id="rejoindre">1. Faire entrer les jeunes</h2>
          <div className="council-join">
            <div dangerouslySetInnerHTML={{ __html: d.qrSvg }} />
            <div>
              <p>
                Sur leur téléphone : scanner le QR code, ou aller sur <strong>{d.join.page}</strong> et écrire
                le code :
              </p>
              <p className="council-code">{formatCode(d.session.code)}</p>
              <p>
                <a href={`${base}/ecran`} target="_blank" rel="noreferrer" className="button">
                  Afficher l'écran à projeter (nouvel onglet)
                </a>
              </p>
            </div>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="deroulement">
        <h2 id="deroulement">2. La séance</h2>
        {state.status === "waiting" ? (
          <>
            <p>
              Les jeunes peuvent déjà rejoindre la séance. Ils voient les questions quand vous l'ouvrez. Elle
              dure {durationLabel(d.session.durationMinutes)}, puis se ferme seule.
            </p>
            {d.canManage ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="open" />
                <button type="submit" className="button primary" disabled={busy}>
                  Ouvrir la séance
                </button>
              </Form>
            ) : null}
          </>
        ) : state.status === "open" ? (
          <>
            <p>
              Les jeunes répondent. Chaque résultat s'affiche quand 5 personnes ont répondu à la question.
              Quand tout le monde a répondu, closez la séance : le code ne marchera plus.
            </p>
            {d.canManage ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="close" />
                <button type="submit" className="button danger" disabled={busy}>
                  Clore la séance
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          <p>La séance est close. Le code ne marche plus.</p>
        )}
        <h3>Résultats</h3>
        <LiveResults items={state.items} headingLevel={3} />
        <p>
          <a href={`${base}/ecran`} target="_blank" rel="noreferrer">
            Voir les résultats en grand (écran à projeter)
          </a>
        </p>
      </section>

      <section aria-labelledby="avis">
        <h2 id="avis">3. L'avis du conseil</h2>
        {d.saved ? (
          <p className="notice" role="status">
            L'avis du conseil est enregistré.
          </p>
        ) : null}
        {d.record && recordSummary !== null ? (
          <p>
            Avis enregistré : {recordSummary} critères remplis sur {CRITERIA.length} (
            {formatPercent(recordSummary / CRITERIA.length)}). Vous pouvez le corriger ci-dessous.
          </p>
        ) : null}
        {result?.message && result.intent === "record" ? (
          <p className="field-error" role="alert" tabIndex={-1} ref={messageRef}>
            {result.message}
          </p>
        ) : null}
        {state.status === "waiting" ? (
          <p>L'avis s'écrit avec le groupe, pendant ou après la séance. Ouvrez d'abord la séance.</p>
        ) : d.canManage ? (
          <RecordForm
            titles={d.titles}
            initial={result?.intent === "record" ? result.values : d.record}
            errors={result?.intent === "record" ? result.errors : {}}
            busy={busy}
          />
        ) : d.record ? null : (
          <p>L'avis n'est pas encore enregistré.</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
