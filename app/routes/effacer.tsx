import { type ActionFunctionArgs, data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { formatDate } from "~/lib/format";
import { eraseResponse, findResponseByErasureCode, normalizeErasureCode } from "~/models/erasure.server";
import { readForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Effacer mes réponses · Coéduc" }];

const ZEraseForm = z.object({
  intent: z.enum(["check", "erase"]),
  code: z.string().max(100),
});

type ActionResult =
  | { step: "error"; message: string; code: string }
  | { step: "confirm"; code: string; submittedAt: string; campaignTitle: string }
  | { step: "done" };

export async function action({ request }: ActionFunctionArgs) {
  const parsed = ZEraseForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return data<ActionResult>({ step: "error", message: "Écrivez votre code.", code: "" }, { status: 400 });
  }
  const { intent, code } = parsed.data;
  if (!normalizeErasureCode(code)) {
    return data<ActionResult>(
      { step: "error", code, message: "Le code a 16 lettres et chiffres, par exemple ABCD-1234-EFGH-5678." },
      { status: 422 },
    );
  }
  const db = await getDb();
  const notFound = data<ActionResult>(
    { step: "error", code, message: "Ce code ne correspond à aucune réponse. Vérifiez le code." },
    { status: 404 },
  );
  if (intent === "check") {
    const found = await findResponseByErasureCode(db, code);
    if (!found) return notFound;
    return data<ActionResult>({
      step: "confirm",
      code,
      submittedAt: found.submittedAt,
      campaignTitle: found.campaignTitle,
    });
  }
  return (await eraseResponse(db, code)) ? data<ActionResult>({ step: "done" }) : notFound;
}

export default function Erase() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";

  if (result?.step === "done") {
    return (
      <div className="page">
        <h1>Vos réponses sont effacées</h1>
        <p role="status">Elles ne comptent plus dans les résultats.</p>
        <p>
          <Link to="/">Retour à l'accueil</Link>
        </p>
      </div>
    );
  }

  if (result?.step === "confirm") {
    return (
      <div className="page">
        <h1>Effacer ces réponses ?</h1>
        <p>
          Nous avons trouvé vos réponses du {formatDate(result.submittedAt)} au questionnaire «{" "}
          {result.campaignTitle} ».
        </p>
        <p>
          <strong>Si vous les effacez, on ne peut plus les retrouver.</strong>
        </p>
        <Form method="post">
          <input type="hidden" name="code" value={result.code} />
          <input type="hidden" name="intent" value="erase" />
          <button type="submit" className="button danger" disabled={busy}>
            Oui, effacer mes réponses
          </button>
        </Form>
        <p>
          <Link to="/">Non, garder mes réponses</Link>
        </p>
      </div>
    );
  }

  const error = result?.step === "error" ? result : null;
  return (
    <div className="page">
      <h1>Effacer mes réponses</h1>
      <p>À la fin du questionnaire, vous avez reçu un code.</p>
      <p>Avec ce code, vous pouvez effacer vos réponses.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="check" />
        <div className="field">
          <label htmlFor="code">Votre code</label>
          <p id="code-hint" className="hint">
            Par exemple : ABCD-1234-EFGH-5678
          </p>
          <input
            id="code"
            name="code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
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
          Continuer
        </button>
      </Form>
    </div>
  );
}
