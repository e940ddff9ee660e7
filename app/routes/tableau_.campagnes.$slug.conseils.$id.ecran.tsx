import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LiveResults } from "~/ui/council/LiveResults";
import { useLiveState } from "~/ui/council/useLiveState";
import { formatCode, LIVE_THRESHOLD } from "~/council/rules";
import { requireCouncilSitting } from "~/accounts/campaign-access.server";
import { formatTime } from "~/i18n/format";
import { publicLink, qrSvg, shortLink } from "~/campaigns/qr.server";
import { liveState } from "~/council/live.server";
import { councilLinks } from "~/ui/council/links";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

// The page projected in the room: outside the coordinators' layout (no menu on the wall),
// large type, the code and QR code while phones may still join, results as they come.

export const links = councilLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.councilName} : écran · Coéduc` : "Écran du conseil · Coéduc" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { campaign, db, sitting } = await requireCouncilSitting(request, params);
  const joinUrl = publicLink(request, `/conseil/${sitting.code}`);
  return {
    base: `/tableau/campagnes/${campaign.slug}/conseils/${sitting.id}`,
    councilName: sitting.council_name,
    code: sitting.code,
    joinPage: shortLink(publicLink(request, "/conseil")),
    qrSvg: await qrSvg(joinUrl),
    state: (await liveState(db, sitting.id))!,
  };
}

export default function Projector() {
  const d = useLoaderData<typeof loader>();
  const { state } = useLiveState(d.base, d.state);
  return (
    <main className="page projector">
      <div className="projector-head">
        <div>
          <h1>{d.councilName}</h1>
          <p className="projector-meta" aria-live="polite">
            {state.status === "waiting"
              ? "La séance va commencer."
              : state.status === "open"
                ? `Séance ouverte${state.closesAt ? ` jusqu'à ${formatTime(state.closesAt)}` : ""}.`
                : "La séance est close. Merci à toutes et à tous !"}{" "}
            {state.participants} {state.participants > 1 ? "téléphones connectés" : "téléphone connecté"}.
          </p>
        </div>
        {state.status !== "closed" ? (
          <div className="projector-join">
            <div dangerouslySetInnerHTML={{ __html: d.qrSvg }} />
            <div>
              <p>
                Sur {d.joinPage}
                <br />
                code :
              </p>
              <p className="council-code">{formatCode(d.code)}</p>
            </div>
          </div>
        ) : null}
      </div>
      <p className="projector-meta">
        Chaque résultat s'affiche quand {LIVE_THRESHOLD} personnes ont répondu.
      </p>
      <LiveResults items={state.items} headingLevel={2} />
    </main>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
