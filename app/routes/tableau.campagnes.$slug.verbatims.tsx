import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { requireCsrf } from "~/accounts/csrf.server";
import { z } from "zod";
import { CampaignFacts } from "~/ui/dashboard/CampaignHeader";
import { VerbatimFilterForm, VerbatimList } from "~/ui/dashboard/Verbatims";
import { requireCampaignAccess } from "~/accounts/campaign-access.server";
import { recordAudit } from "~/privacy/audit.server";
import { campaignAvailability } from "~/campaigns/campaign.server";
import { approveVerbatim, moderationOf, withdrawVerbatim } from "~/follow-up/moderation.server";
import { listVerbatims, verbatimQuestions } from "~/follow-up/verbatims.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";
import { INDIVIDUAL_AUDIENCES } from "~/surveys/audiences";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} : verbatims · Coéduc` : "Verbatims · Coéduc" },
];

const PAGE_SIZE = 50;

// A malformed filter falls back to "no filter" rather than an error page.
const ZVerbatimQuery = z.object({
  public: z.enum(INDIVIDUAL_AUDIENCES).nullable().catch(null),
  question: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .nullable()
    .catch(null),
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Free text is for coordinators and admins: for anyone else the page does not exist.
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");

  const url = new URL(request.url);
  const query = ZVerbatimQuery.parse({
    public: url.searchParams.get("public") || null,
    question: url.searchParams.get("question") || null,
    q: url.searchParams.get("q") ?? "",
    page: url.searchParams.get("page") ?? 1,
  });
  const filters = { audience: query.public, question: query.question, search: query.q, page: query.page };
  const result = await listVerbatims(db, campaign.id, {
    audience: filters.audience ?? undefined,
    question: filters.question ?? undefined,
    search: filters.search || undefined,
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  });
  // Every reading of respondents' own words is traced, filters included.
  await recordAudit(db, {
    actor,
    action: "view_verbatims",
    target: campaign.slug,
    details: {
      page: filters.page,
      audience: filters.audience,
      question: filters.question,
      search: filters.search || null,
    },
  });
  const questions = verbatimQuestions(campaign);
  const moderation = await moderationOf(
    db,
    result.items.map((v) => v.id),
  );
  return {
    moderation,
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      territoryName: campaign.territoryName,
      waveLabel: campaign.wave_label,
      opensAt: campaign.opens_at,
      closesAt: campaign.closes_at,
    },
    availability: campaignAvailability(campaign),
    audiences: [...new Set(questions.map((q) => q.audience))],
    questions,
    filters,
    ...result,
  };
}

const ZModeration = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), verbatimId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("approve_edited"),
    verbatimId: z.coerce.number().int().positive(),
    publicText: z.string().trim().min(1, "Le texte publié est vide.").max(5000),
  }),
  z.object({ intent: z.literal("withdraw"), verbatimId: z.coerce.number().int().positive() }),
]);

/** Moderation: approve as written, approve an edited version, or withdraw (all audited). */
export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, campaign, db } = await requireCampaignAccess(request, params.slug, "manage");
  const form = await request.formData().catch(() => null);
  const parsed = ZModeration.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success)
    return { ok: false as const, message: parsed.error.issues[0]?.message ?? "Formulaire invalide." };
  const m = parsed.data;
  const done =
    m.intent === "withdraw"
      ? await withdrawVerbatim(db, actor, campaign, m.verbatimId)
      : await approveVerbatim(
          db,
          actor,
          campaign,
          m.verbatimId,
          m.intent === "approve_edited" ? m.publicText : null,
        );
  if (!done) throw new Response("Verbatim introuvable", { status: 404 });
  return { ok: true as const, message: null };
}

// Each loader run writes an audit line: run it for a new address only (a new page or filter)
// or after a moderation on this page, not when something else on the page (the layout's
// forms) asks every loader to revalidate.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formAction,
  defaultShouldRevalidate,
}) =>
  (currentUrl.href !== nextUrl.href ||
    (!!formAction && new URL(formAction, currentUrl).pathname === currentUrl.pathname)) &&
  defaultShouldRevalidate;

const MODERATION_WORDS = {
  approved: "publié sur la page des résultats",
  withdrawn: "publication retirée",
} as const;

export default function Verbatims() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page dash-page">
      <CampaignFacts campaign={d.campaign} availability={d.availability} eyebrow="Verbatims">
        <p className="hint">
          Les mots des parents et des jeunes, tels qu'ils les ont écrits. Ils restent dans l'équipe : ne les
          citez en public qu'après relecture, sans détail qui permettrait de reconnaître quelqu'un. Chaque
          consultation est inscrite au journal.
        </p>
        <p>
          <Link to={`/tableau/campagnes/${d.campaign.slug}`}>Retour au tableau de bord</Link>
        </p>
      </CampaignFacts>
      <VerbatimFilterForm filters={d.filters} audiences={d.audiences} questions={d.questions} />
      <VerbatimList
        items={d.items}
        total={d.total}
        filters={d.filters}
        pageSize={PAGE_SIZE}
        hiddenAudiences={d.hiddenAudiences}
        questions={d.questions}
      />
      {d.items.length > 0 ? (
        <section aria-labelledby="moderation-title">
          <h2 id="moderation-title">Publier sur la page des résultats</h2>
          <p className="hint">
            Un texte n'est public qu'après votre accord. Vous pouvez publier une version sans nom, lieu ou
            détail qui permettrait de reconnaître quelqu'un. Le texte d'origine reste privé.
          </p>
          <ol className="verbatim-list">
            {d.items.map((v) => {
              const m = d.moderation[v.id];
              return (
                <li key={v.id} className="verbatim">
                  <Form method="post" aria-label={`Publication du texte ${v.id}`}>
                    <CsrfInput />
                    <input type="hidden" name="verbatimId" value={v.id} />
                    <p className="verbatim-meta">{m ? MODERATION_WORDS[m.status] : "non publié"}</p>
                    <label>
                      Texte publié
                      <textarea name="publicText" maxLength={5000} defaultValue={m?.publicText ?? v.text} />
                    </label>
                    <button type="submit" name="intent" value="approve" className="button">
                      Publier tel quel
                    </button>
                    <button type="submit" name="intent" value="approve_edited" className="button">
                      Publier ce texte modifié
                    </button>
                    {m?.status === "approved" ? (
                      <button type="submit" name="intent" value="withdraw" className="button">
                        Retirer de la page
                      </button>
                    ) : null}
                  </Form>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
