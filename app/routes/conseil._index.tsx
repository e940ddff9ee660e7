import { type ActionFunctionArgs, json, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { getDb } from "~/db.server";
import { metaTitle, useT } from "~/i18n/react";
import { normalizeCode } from "~/council/rules";
import { readForm } from "~/web/http.server";
import { codeAttemptsBlocked, countWrongCode, minutesToWait } from "~/web/rate-limit.server";
import { t } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { findSittingByCode, statusForPhones } from "~/council/sittings.server";
import { councilLinks } from "~/ui/council/links";
import { CodeField } from "~/ui/Field";

export const links = councilLinks;

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "council.join.meta") }];

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = getLocale(request);
  const raw = (await readForm(request)).get("code");
  const typed = typeof raw === "string" ? raw.slice(0, 50) : "";
  // Code guessing: too many wrong codes from this client (hashed address) pause it.
  const wait = codeAttemptsBlocked(context, "council");
  if (wait !== null) {
    return json(
      { code: typed, message: t(locale, "error.rateLimited", { minutes: minutesToWait(wait) }) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const code = normalizeCode(typed);
  if (!code) {
    return json({ code: typed, message: t(locale, "council.join.badCode") }, { status: 422 });
  }
  const sitting = await findSittingByCode(await getDb(), code);
  if (!sitting) {
    countWrongCode(context, "council");
    return json({ code: typed, message: t(locale, "council.join.unknown") }, { status: 404 });
  }
  if (statusForPhones(sitting) === "closed") {
    return json({ code: typed, message: t(locale, "council.join.closed") }, { status: 410 });
  }
  throw redirect(`/conseil/${code}`);
}

export default function JoinCouncil() {
  const error = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <div className="page council-phone">
      <h1>{t("council.join.title")}</h1>
      <p>{t("council.join.intro")}</p>
      <Form method="post" noValidate>
        <CodeField
          id="code"
          label={t("council.join.label")}
          hint={t("council.join.hint")}
          className="council-code-input"
          maxLength={12}
          defaultValue={error?.code}
          error={error?.message}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {t("council.join.submit")}
        </button>
      </Form>
      <p className="small">{t("council.join.noAccount")}</p>
    </div>
  );
}
