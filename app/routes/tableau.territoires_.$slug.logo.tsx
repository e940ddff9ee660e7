import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireTerritoryAccess } from "~/accounts/campaign-access.server";
import { requireCsrf } from "~/accounts/csrf.server";
import { formatKo, kindOfMime, LOGO_ERRORS, MAX_LOGO_BYTES, MAX_LOGO_SIDE } from "~/accounts/logo";
import { checkLogo } from "~/accounts/logo-check.server";
import {
  logoPath,
  removeTerritoryLogo,
  saveTerritoryLogo,
  territoryLogoInfo,
} from "~/accounts/territory-logo.server";
import { formatDateTime } from "~/i18n/format";
import { recordAudit } from "~/privacy/audit.server";
import { CsrfInput } from "~/ui/CsrfInput";
import { ErrorSummary } from "~/ui/ErrorSummary";
import { Field } from "~/ui/Field";
import { TableauErrorBoundary } from "~/ui/TableauErrorBoundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Logo de ${data.territory.name} · Coéduc` : "Logo du territoire · Coéduc" },
];

const KIND_LABEL = { png: "PNG", jpeg: "JPEG", svg: "SVG" } as const;

const ZLogoForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("upload"),
    logo: z.instanceof(File, { message: LOGO_ERRORS.empty }),
  }),
  z.object({ intent: z.literal("remove") }),
]);

type ActionResult = { error: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Coordinators of this territory and admins; another territory's page looks unknown (404).
  const { territory, db } = await requireTerritoryAccess(request, params.slug, "manage");
  const logo = await territoryLogoInfo(db, territory.id);
  const done = new URL(request.url).searchParams.get("fait");
  return {
    territory: { slug: territory.slug, name: territory.name },
    logo: logo
      ? {
          src: logoPath(territory.slug, logo.sha256),
          kind: KIND_LABEL[kindOfMime(logo.mimeType)],
          size: logo.size,
          width: logo.width,
          height: logo.height,
          uploadedAt: logo.uploadedAt,
        }
      : null,
    done: done === "enregistre" || done === "retire" ? done : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCsrf(request);
  const { actor, territory, db } = await requireTerritoryAccess(request, params.slug, "manage");
  let form: FormData;
  try {
    // Remix's parser, each part held in memory up to the logo's limit. The server's front door
    // already refused a body over 1 MiB for this route (server/limits.ts).
    // The removal button posts an ordinary form; Remix's parser takes only multipart ones.
    form = /^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    const message = error instanceof MaxPartSizeExceededError ? LOGO_ERRORS.tooLarge : LOGO_ERRORS.empty;
    return json<ActionResult>(
      { error: message },
      { status: error instanceof MaxPartSizeExceededError ? 413 : 422 },
    );
  }
  const parsed = ZLogoForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const logoIssue = parsed.error.issues.find((i) => i.path[0] === "logo");
    return json<ActionResult>({ error: logoIssue?.message ?? LOGO_ERRORS.empty }, { status: 422 });
  }
  if (parsed.data.intent === "remove") {
    if (await removeTerritoryLogo(db, territory.id))
      await recordAudit(db, { actor, action: "territory_logo_removed", target: territory.slug });
    return redirect(`/tableau/territoires/${territory.slug}/logo?fait=retire`);
  }
  const checked = await checkLogo(new Uint8Array(await parsed.data.logo.arrayBuffer()));
  if (!checked.ok) return json<ActionResult>({ error: checked.error }, { status: 422 });
  await saveTerritoryLogo(db, territory.id, checked.logo, actor.id);
  await recordAudit(db, {
    actor,
    action: "territory_logo_updated",
    target: territory.slug,
    details: { type: checked.logo.mimeType, bytes: checked.logo.bytes.length, sha256: checked.logo.sha256 },
  });
  return redirect(`/tableau/territoires/${territory.slug}/logo?fait=enregistre`);
}

export default function TerritoryLogo() {
  const { territory, logo, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // Checked in the browser too, so a large file is refused before it is sent.
  const [tooLarge, setTooLarge] = useState(false);
  const error = tooLarge ? LOGO_ERRORS.tooLarge : result?.error;
  return (
    <div className="page dash-page logo-page">
      <p className="eyebrow">
        <Link to="/tableau">Campagnes</Link>
      </p>
      <h1>Logo de {territory.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {done === "enregistre" ? "Le logo est enregistré." : "Le logo est retiré."}
        </p>
      ) : null}
      <p>
        Le logo apparaît sur les affiches des campagnes du territoire et en haut de la page d&apos;accueil du
        questionnaire, à côté du nom « {territory.name} » : les familles voient qui leur pose les questions.
      </p>

      <h2>Logo actuel</h2>
      {logo ? (
        <>
          <figure className="logo-current">
            <img src={logo.src} alt={`Logo de ${territory.name}`} />
            <figcaption>
              {logo.kind}, {formatKo(logo.size)}
              {logo.width && logo.height ? `, ${logo.width} × ${logo.height} pixels` : ""}, enregistré le{" "}
              {formatDateTime(logo.uploadedAt)}.
            </figcaption>
          </figure>
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="remove" className="button" disabled={busy}>
              Retirer le logo
            </button>
          </Form>
        </>
      ) : (
        <p>Pas de logo : les affiches montrent seulement le nom du territoire.</p>
      )}

      <h2>{logo ? "Remplacer le logo" : "Ajouter un logo"}</h2>
      <ErrorSummary message={error} />
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        onSubmit={(event) => {
          if (tooLarge) event.preventDefault();
        }}
      >
        <CsrfInput />
        <Field
          id="logo"
          name="logo"
          type="file"
          label="Fichier du logo"
          hint={`PNG, JPEG ou SVG, ${formatKo(MAX_LOGO_BYTES)} au plus, ${MAX_LOGO_SIDE} pixels de côté au plus. Les scripts, les liens vers d'autres sites et les informations cachées (lieu, auteur, date) sont retirés du fichier.`}
          accept="image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"
          required
          error={error}
          onChange={(event) => setTooLarge((event.currentTarget.files?.[0]?.size ?? 0) > MAX_LOGO_BYTES)}
        />
        <button type="submit" name="intent" value="upload" className="button primary" disabled={busy}>
          Enregistrer le logo
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = TableauErrorBoundary;
