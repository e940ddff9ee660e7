import { type ActionFunctionArgs, json, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { metaTitle, useLocale, useT } from "~/i18n/react";
import { readForm } from "~/web/http.server";
import { codeAttemptsBlocked, countWrongCode, minutesToWait } from "~/web/rate-limit.server";
import { formatDateIn, t } from "~/i18n/i18n";
import { CodeField } from "~/ui/Field";
import { getLocale } from "~/i18n/locale.server";
import { eraseByCode, findResponseByErasureCode, normalizeErasureCode } from "~/privacy/erasure.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "common.erase") }];

const ZEraseForm = z.object({
  intent: z.enum(["check", "erase"]),
  code: z.string().max(100),
});

type ActionResult =
  | { step: "error"; message: string; code: string }
  | { step: "confirm"; code: string; submittedAt: string; campaignTitle: string; count: number }
  | { step: "done"; count: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = getLocale(request);
  // Erasure-code guessing: too many codes matching nothing from this client (hashed address) pause it.
  const wait = codeAttemptsBlocked(context, "erasure");
  if (wait !== null) {
    return json<ActionResult>(
      { step: "error", code: "", message: t(locale, "error.rateLimited", { minutes: minutesToWait(wait) }) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const parsed = ZEraseForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return json<ActionResult>(
      { step: "error", message: t(locale, "erase.error.empty"), code: "" },
      { status: 400 },
    );
  }
  const { intent, code } = parsed.data;
  if (!normalizeErasureCode(code)) {
    return json<ActionResult>(
      { step: "error", code, message: t(locale, "erase.error.shape") },
      { status: 422 },
    );
  }
  const db = await getDb();
  const notFound = () =>
    json<ActionResult>({ step: "error", code, message: t(locale, "erase.error.notFound") }, { status: 404 });
  if (intent === "check") {
    const found = await findResponseByErasureCode(db, code);
    if (!found) {
      countWrongCode(context, "erasure");
      return notFound();
    }
    return json<ActionResult>({
      step: "confirm",
      code,
      submittedAt: found.submittedAt,
      campaignTitle: found.campaignTitle,
      // A family visit's code: the parent's and the children's responses, all erased together.
      count: found.count,
    });
  }
  const erased = await eraseByCode(db, code);
  if (erased > 0) return json<ActionResult>({ step: "done", count: erased });
  countWrongCode(context, "erasure");
  return notFound();
}

export default function Erase() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = useT();

  if (result?.step === "done") {
    return (
      <div className="page">
        <h1>{t("erase.done.title")}</h1>
        <p role="status">
          {result.count > 1 ? `${t("erase.done.count", { count: result.count })} ` : null}
          {t("erase.done.text")}
        </p>
        <p>
          <Link to="/">{t("common.home")}</Link>
        </p>
      </div>
    );
  }

  if (result?.step === "confirm") {
    return (
      <div className="page">
        <h1>{t("erase.confirm.title")}</h1>
        <p>
          {t("erase.confirm.found", {
            date: formatDateIn(locale, result.submittedAt),
            title: result.campaignTitle,
          })}
        </p>
        {result.count > 1 ? <p>{t("erase.confirm.count", { count: result.count })}</p> : null}
        <p>
          <strong>{t("erase.confirm.warning")}</strong>
        </p>
        <Form method="post">
          <input type="hidden" name="code" value={result.code} />
          <input type="hidden" name="intent" value="erase" />
          <button type="submit" className="button danger" disabled={busy}>
            {t("erase.confirm.yes")}
          </button>
        </Form>
        <p>
          <Link to="/">{t("erase.confirm.no")}</Link>
        </p>
      </div>
    );
  }

  const error = result?.step === "error" ? result : null;
  return (
    <div className="page">
      <h1>{t("common.erase")}</h1>
      <p>{t("erase.intro.code")}</p>
      <p>{t("erase.intro.use")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="check" />
        <CodeField
          id="code"
          label={t("erase.label")}
          hint={t("erase.hint")}
          defaultValue={error?.code}
          error={error?.message}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {t("erase.continue")}
        </button>
      </Form>
    </div>
  );
}
