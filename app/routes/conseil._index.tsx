import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { getDb } from "~/db.server";
import { normalizeCode } from "~/lib/council";
import { readForm } from "~/lib/http.server";
import { findSessionByCode, statusForPhones } from "~/models/council.server";

import councilStyles from "~/styles/council.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: councilStyles }];

export const meta: MetaFunction = () => [{ title: "Rejoindre le conseil · Coéduc" }];

export async function action({ request }: ActionFunctionArgs) {
  const raw = (await readForm(request)).get("code");
  const typed = typeof raw === "string" ? raw.slice(0, 50) : "";
  const code = normalizeCode(typed);
  if (!code) {
    return data(
      {
        code: typed,
        message: "Le code a 6 caractères : des lettres et des chiffres. Par exemple : K7M 4PQ.",
      },
      { status: 422 },
    );
  }
  const session = await findSessionByCode(await getDb(), code);
  if (!session) {
    return data(
      { code: typed, message: "Aucune séance n'a ce code. Vérifie le code sur l'écran." },
      { status: 404 },
    );
  }
  if (statusForPhones(session) === "closed") {
    return data(
      { code: typed, message: "Cette séance est terminée. On ne peut plus y répondre. Merci !" },
      { status: 410 },
    );
  }
  throw redirect(`/conseil/${code}`);
}

export default function JoinCouncil() {
  const error = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page council-phone">
      <h1>Rejoindre le conseil</h1>
      <p>Écris le code affiché sur l'écran.</p>
      <Form method="post" noValidate>
        <div className="field">
          <label htmlFor="code">Code de la séance</label>
          <p id="code-hint" className="hint">
            6 caractères, par exemple : K7M 4PQ
          </p>
          <input
            id="code"
            name="code"
            type="text"
            className="council-code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            defaultValue={error?.code}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "code-hint code-error" : "code-hint"}
          />
          {error ? (
            <p id="code-error" className="field-error" role="alert">
              {error.message}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          Rejoindre
        </button>
      </Form>
      <p className="small">Pas besoin de compte. Ton nom n'est pas demandé.</p>
    </div>
  );
}
