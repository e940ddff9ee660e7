import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { NationalScatter, NationalScatterNote, NationalTable } from "~/ui/dashboard/NationalTable";
import { getDb } from "~/db.server";
import { AUDIENCES_BY_DIMENSION, DIMENSIONS, INDIVIDUAL_AUDIENCES } from "~/surveys/audiences";
import { AUDIENCE_LABELS } from "~/indicators/labels";
import { requireRole } from "~/accounts/login.server";
import { nationalComparison } from "~/indicators/national.server";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Vue nationale · Coéduc" }];

const ZAudienceParam = z.enum(INDIVIDUAL_AUDIENCES).catch("P");

// Admins only (ANCT level); anyone else gets a 404, as if the page did not exist.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const audience = ZAudienceParam.parse(new URL(request.url).searchParams.get("public") ?? "P");
  const rows = await nationalComparison(await getDb(), audience);
  return {
    audience,
    dimensions: DIMENSIONS.filter((d) => AUDIENCES_BY_DIMENSION[d].includes(audience)),
    // Only what the table shows: 250 territories × 7 dimensions stay a small page.
    rows: rows.map((r) => ({
      territoryId: r.territoryId,
      territoryName: r.territoryName,
      campaignSlug: r.campaignSlug,
      waveLabel: r.waveLabel,
      figures: r.figures.map((f) => ({
        dimension: f.dimension,
        favourable: f.favourable,
        n: f.n,
        status: f.status,
      })),
    })),
  };
}

export default function NationalView() {
  const { audience, dimensions, rows } = useLoaderData<typeof loader>();
  return (
    <div className="page dash-page dashboard">
      <h1>Vue nationale</h1>
      <p className="hint">
        Chaque territoire sur sa dernière campagne qui a des réponses. Un public n'est jamais mélangé à un
        autre, et aucun total national n'est calculé. Une case de moins de 10 réponses est masquée. Les
        chiffres sont ceux des tableaux de bord des territoires : arrêtés une fois par jour et légèrement
        perturbés pour protéger les petits groupes.
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="public">Public</label>
        <select id="public" name="public" defaultValue={audience}>
          {INDIVIDUAL_AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {AUDIENCE_LABELS[a]}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          Afficher
        </button>
      </Form>
      <h2>{AUDIENCE_LABELS[audience]}</h2>
      {rows.length === 0 ? (
        <p>Aucun territoire n'a encore de réponse de ce public.</p>
      ) : (
        <>
          {dimensions.includes("D2") ? (
            <section aria-labelledby="nuage" className="dash-section national-chart">
              <h3 id="nuage">Reconnaissance comme acteur (D1) et savoirs d'expérience (D2)</h3>
              <NationalScatter rows={rows} />
              <NationalScatterNote />
            </section>
          ) : null}
          <NationalTable rows={rows} dimensions={dimensions} />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
