import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireCsrf } from "~/accounts/csrf.server";
import { LiveResults } from "~/ui/council/LiveResults";
import { useLiveState } from "~/ui/council/useLiveState";
import { IntentButton } from "~/ui/council/IntentButton";
import { type RecordErrors, RecordForm } from "~/ui/council/RecordForm";
import { councilLinks } from "~/ui/council/links";
import { getEnv } from "~/env.server";
import {
  CRITERIA,
  durationLabel,
  evidenceQuestion,
  formatCode,
  OPINION_QUESTION,
  SITTING_STATUS_WORDS,
} from "~/council/rules";
import { requireCouncilSitting } from "~/accounts/campaign-access.server";
import { formatDateTime, formatPercent, formatTime } from "~/i18n/format";
import { readForm } from "~/web/http.server";
import { publicLink, qrSvg, shortLink } from "~/campaigns/qr.server";
import { councilRecordQuestions } from "~/council/items.server";
import { liveState } from "~/council/live.server";
import { recordAnswers, recordCouncil } from "~/council/record.server";
import { closeSitting, openSitting } from "~/council/sittings.server";
import { canManage } from "~/accounts/user.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const links = councilLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.sitting.councilName} : séance · Coéduc` : "Séance · Coéduc" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, campaign, db, sitting } = await requireCouncilSitting(request, params);
  const state = (await liveState(db, sitting.id))!;
  const joinUrl = publicLink(request, `/conseil/${sitting.code}`);
  const saved = new URL(request.url).searchParams.get("avis") === "enregistre";
  const questions = councilRecordQuestions();
  return {
    campaign: { slug: campaign.slug, title: campaign.title },
    canManage: canManage(actor),
    sitting: {
      id: sitting.id,
      code: sitting.code,
      councilName: sitting.council_name,
      durationMinutes: sitting.duration_minutes,
      openedAt: sitting.opened_at,
      closedAt: sitting.closed_at,
    },
    state,
    join: { url: joinUrl.href, short: shortLink(joinUrl), page: shortLink(publicLink(request, "/conseil")) },
    qrSvg: await qrSvg(joinUrl),
    record: await recordAnswers(db, sitting),
    saved,
    titles: Object.fromEntries(questions.map((q) => [q.name, q.title])),
  };
}

/** A record field as posted: trimmed text, or left out when empty so "required" catches it. */
const ZRecordField = z
  .unknown()
  .transform((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined))
  .optional();
const RECORD_FIELDS = [OPINION_QUESTION, ...CRITERIA.flatMap((c) => [c.name, evidenceQuestion(c.name)])];

/** What the page's forms post; any other field is left out. */
const ZSittingIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open") }),
  z.object({ intent: z.literal("close") }),
  z.object({
    intent: z.literal("record"),
    ...Object.fromEntries(RECORD_FIELDS.map((name) => [name, ZRecordField])),
  }),
]);
type SittingIntent = z.infer<typeof ZSittingIntent>;

const UNKNOWN_INTENT =
  "Ce formulaire n'est pas reconnu : rien n'a été enregistré. Rechargez la page, puis recommencez.";

type ActionData = {
  intent: SittingIntent["intent"] | null;
  message: string;
  errors: RecordErrors;
  values: Record<string, string> | null;
};
const refuse = (data: Omit<ActionData, "errors"> & { errors?: RecordErrors }, status: number) =>
  json<ActionData>({ errors: {}, ...data }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, campaign, db, sitting } = await requireCouncilSitting(request, params, "manage");
  const parsed = ZSittingIntent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return refuse({ intent: null, message: UNKNOWN_INTENT, values: null }, 400);
  const base = `/tableau/campagnes/${campaign.slug}/conseils/${sitting.id}`;
  const posted = parsed.data;
  switch (posted.intent) {
    case "open": {
      const result = await openSitting(db, actor, campaign, sitting);
      if (result.kind === "campaign_unavailable") {
        const message = "La campagne n'est pas ouverte aujourd'hui : la séance ne peut pas commencer.";
        return refuse({ intent: posted.intent, message, values: null }, 409);
      }
      throw redirect(base);
    }
    case "close":
      await closeSitting(db, actor, campaign, sitting);
      throw redirect(base);
    case "record": {
      const { intent, ...fields } = posted;
      const answers = Object.fromEntries(
        Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string"),
      );
      const result = await recordCouncil(db, actor, campaign, sitting, answers, getEnv().SESSION_SECRET);
      if (result.kind === "not_started") {
        const message = "Ouvrez d'abord la séance : l'avis s'écrit pendant ou après la séance.";
        return refuse({ intent, message, values: answers }, 409);
      }
      if (result.kind === "invalid") {
        const errors: RecordErrors = {};
        for (const e of result.errors) errors[e.question] ??= e.message;
        const message = "L'avis n'est pas enregistré. Corrigez les champs signalés.";
        return refuse({ intent, message, errors, values: answers }, 422);
      }
      throw redirect(`${base}?avis=enregistre#avis`);
    }
  }
}

export default function CouncilSittingPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = `/tableau/campagnes/${d.campaign.slug}/conseils/${d.sitting.id}`;
  const { state } = useLiveState(base, d.state);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result?.message) messageRef.current?.focus();
  }, [result]);

  const recordSummary = d.record ? CRITERIA.filter((c) => d.record![c.name] === "yes").length : null;
  const message = (shown: boolean) =>
    result?.message && shown ? (
      <p className="field-error" role="alert" tabIndex={-1} ref={messageRef}>
        {result.message}
      </p>
    ) : null;

  return (
    <div className="page dash-page">
      <p className="eyebrow">
        <Link to={`/tableau/campagnes/${d.campaign.slug}`}>{d.campaign.title}</Link> ›{" "}
        <Link to={`/tableau/campagnes/${d.campaign.slug}/conseils`}>Conseils de jeunes</Link>
      </p>
      <h1>{d.sitting.councilName}</h1>
      <p className="council-state" role="status">
        Séance {SITTING_STATUS_WORDS[state.status]}
        {state.status === "open" && state.closesAt ? `, jusqu'à ${formatTime(state.closesAt)}` : ""}
        {state.status === "closed" && d.sitting.closedAt
          ? `, le ${formatDateTime(d.sitting.closedAt)}`
          : ""}. {state.participants} {state.participants > 1 ? "téléphones ont" : "téléphone a"} rejoint la
        séance.
      </p>
      {message(result?.intent !== "record")}

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
              <p className="council-code">{formatCode(d.sitting.code)}</p>
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
              dure {durationLabel(d.sitting.durationMinutes)}, puis se ferme seule.
            </p>
            {d.canManage ? (
              <IntentButton intent="open" label="Ouvrir la séance" className="button primary" busy={busy} />
            ) : null}
          </>
        ) : state.status === "open" ? (
          <>
            <p>
              Les jeunes répondent. Chaque résultat s'affiche quand 5 personnes ont répondu à la question.
              Quand tout le monde a répondu, closez la séance : le code ne marchera plus.
            </p>
            {d.canManage ? (
              <IntentButton intent="close" label="Clore la séance" className="button danger" busy={busy} />
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
        {message(result?.intent === "record")}
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
