import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/ui/CsrfInput";
import { Field, FieldError, fieldAria, hintId } from "~/ui/Field";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { CampaignStatus } from "../../db/schema";
import {
  type CampaignFieldErrors,
  type CampaignFormField,
  type CampaignFormValues,
  campaignFieldErrors,
  campaignFormInput,
  FORM_OFFER_LABEL,
  FORM_OFFERS,
  RETENTION_DEFAULT_MONTHS,
  RETENTION_MAX_MONTHS,
  RETENTION_MIN_MONTHS,
  SLUG_MAX,
  slugFromTitle,
  TITLE_MAX,
  WAVE_MAX,
  ZCampaignForm,
} from "~/campaigns/campaign-form";

export interface CampaignFormProps {
  /** The campaign's current status; undefined when creating one. */
  status?: CampaignStatus;
  territories: { id: number; name: string }[];
  surveys: { key: string; title: string; version: number; minutes: number; shortMinutes: number | null }[];
  /** What the fields show: the stored campaign, or what was sent when the server refused it. */
  values: CampaignFormValues;
  errors?: CampaignFieldErrors;
  locks?: { surveys: boolean; territory: boolean; slug: boolean };
  responses?: number;
}

const FIELD_ORDER: CampaignFormField[] = [
  "title",
  "waveLabel",
  "territoryId",
  "surveys",
  "formOffer",
  "opensOn",
  "closesOn",
  "slug",
  "retentionMonths",
  "intent",
];
const FIELD_LABEL: Record<CampaignFormField, string> = {
  title: "Titre",
  waveLabel: "Vague",
  territoryId: "Territoire",
  surveys: "Questionnaires",
  formOffer: "Version du questionnaire proposée",
  opensOn: "Date d'ouverture",
  closesOn: "Date de fermeture",
  slug: "Adresse de la campagne",
  retentionMonths: "Durée de conservation",
  intent: "Statut",
};
/** "(environ 12 minutes)", "(environ 3 à 4 minutes)": what each offer asks of a person. */
function offerMinutes(offer: (typeof FORM_OFFERS)[number], surveys: CampaignFormProps["surveys"]): string {
  const range = (list: number[]) => {
    if (list.length === 0) return null;
    const [min, max] = [Math.min(...list), Math.max(...list)];
    return min === max ? `${min}` : `${min} à ${max}`;
  };
  const long = range(surveys.map((s) => s.minutes));
  const short = range(surveys.flatMap((s) => (s.shortMinutes === null ? [] : [s.shortMinutes])));
  if (offer === "long") return long ? `(environ ${long} minutes)` : "";
  if (offer === "short") return short ? `(environ ${short} minutes)` : "(aucun questionnaire n'en a une)";
  return short && long
    ? `(la personne choisit : environ ${short} minutes, ou ${long} minutes)`
    : "(aucun questionnaire n'a de version courte)";
}

// One object, so that effects depending on the errors run only when they change.
const NO_ERRORS: CampaignFieldErrors = {};
const id = (field: CampaignFormField) => `campagne-${field}`;

/** The save buttons for each status; the first is what Enter in a field does, so it never changes the status. */
function actions(
  status: CampaignStatus | undefined,
): { intent: CampaignStatus; label: string; tone?: string }[] {
  switch (status) {
    case "open":
      return [
        { intent: "open", label: "Enregistrer", tone: "primary" },
        { intent: "closed", label: "Fermer la campagne", tone: "danger" },
      ];
    case "closed":
      return [
        { intent: "closed", label: "Enregistrer", tone: "primary" },
        { intent: "open", label: "Rouvrir la campagne" },
      ];
    default:
      return [
        { intent: "draft", label: status ? "Enregistrer le brouillon" : "Enregistrer en brouillon" },
        { intent: "open", label: "Enregistrer et ouvrir", tone: "primary" },
      ];
  }
}

/** The create and edit form of a campaign: checked in the browser with the server's schema, then by the server. */
export function CampaignForm({
  status,
  territories,
  surveys,
  values,
  errors,
  locks,
  responses = 0,
}: CampaignFormProps) {
  const busy = useNavigation().state === "submitting";
  const [clientErrors, setClientErrors] = useState<CampaignFieldErrors | null>(null);
  const shown = clientErrors ?? errors ?? NO_ERRORS;
  const summary = useRef<HTMLDivElement>(null);
  const [slug, setSlug] = useState(values.slug);
  // A slug the person typed (or a stored one) is never overwritten by the suggestion.
  const [slugTouched, setSlugTouched] = useState(values.slug !== "");

  useEffect(() => {
    if (Object.keys(shown).length > 0) summary.current?.focus();
  }, [shown]);
  // A new answer from the server replaces the browser's own check.
  useEffect(() => setClientErrors(null), [errors]);

  function check(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const parsed = ZCampaignForm.safeParse(campaignFormInput(new FormData(event.currentTarget, submitter)));
    if (parsed.success) return setClientErrors(null);
    event.preventDefault();
    setClientErrors(campaignFieldErrors(parsed.error));
  }

  // What every field of this form shares: its id, its name, its label (the error summary's too),
  // its error (with a spoken "Erreur : ").
  const common = (field: CampaignFormField) => ({
    id: id(field),
    name: field,
    label: FIELD_LABEL[field],
    error: shown[field],
    srPrefix: "Erreur : ",
  });
  // …and a text field's: no autocompletion (nothing of the person's to fill in).
  const text = (field: CampaignFormField) => ({ ...common(field), type: "text", autoComplete: "off" });
  const errorCount = Object.keys(shown).length;

  return (
    <Form method="post" noValidate onSubmit={check} className="campaign-form">
      <CsrfInput />
      {errorCount > 0 ? (
        <div className="error-summary" tabIndex={-1} ref={summary} role="alert">
          <h2 id="campagne-erreurs">
            {errorCount === 1
              ? "Le formulaire contient 1 erreur"
              : `Le formulaire contient ${errorCount} erreurs`}
          </h2>
          <ul>
            {FIELD_ORDER.filter((f) => shown[f]).map((f) => (
              <li key={f}>
                <a href={`#${f === "surveys" || f === "formOffer" ? `${id(f)}-0` : id(f)}`}>
                  {FIELD_LABEL[f]} : {shown[f]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Field
        {...text("title")}
        hint="Les personnes le voient en ouvrant le lien et sur l'affiche."
        defaultValue={values.title}
        maxLength={TITLE_MAX}
        onChange={(e) => {
          if (!slugTouched && !locks?.slug) setSlug(slugFromTitle(e.currentTarget.value));
        }}
      />

      <Field
        {...text("waveLabel")}
        hint="Pour comparer les vagues entre elles, par exemple « automne 2026 »."
        defaultValue={values.waveLabel}
        maxLength={WAVE_MAX}
      />

      <Field
        as="select"
        {...common("territoryId")}
        hint={
          locks?.territory
            ? "Des personnes ont déjà répondu : le territoire ne peut plus changer."
            : undefined
        }
        before={
          locks?.territory ? <input type="hidden" name="territoryId" value={values.territoryId} /> : null
        }
        name={locks?.territory ? undefined : "territoryId"}
        defaultValue={values.territoryId}
        disabled={locks?.territory}
      >
        {territories.length !== 1 ? <option value="">Choisissez le territoire</option> : null}
        {territories.map((t) => (
          <option key={t.id} value={String(t.id)}>
            {t.name}
          </option>
        ))}
      </Field>

      <fieldset
        className={`field ${shown.surveys ? "field-invalid" : ""}`}
        aria-describedby={
          fieldAria(id("surveys"), { hint: true, error: !!shown.surveys })["aria-describedby"]
        }
      >
        <legend>Questionnaires proposés</legend>
        <p id={hintId(id("surveys"))} className="hint">
          {locks?.surveys
            ? `${responses > 1 ? `${responses} personnes ont` : "Une personne a"} déjà répondu : les questionnaires de cette campagne ne peuvent plus changer. Pour en proposer d'autres, créez une nouvelle campagne.`
            : "Cochez au moins un questionnaire. Une fois que quelqu'un a répondu, ce choix ne peut plus changer."}
        </p>
        <FieldError {...common("surveys")} />
        {surveys.map((s, i) => (
          <label key={s.key} className="check" htmlFor={`${id("surveys")}-${i}`}>
            {locks?.surveys ? <input type="hidden" name="surveys" value={s.key} /> : null}
            <input
              id={`${id("surveys")}-${i}`}
              type="checkbox"
              name={locks?.surveys ? undefined : "surveys"}
              value={s.key}
              defaultChecked={values.surveys.includes(s.key)}
              disabled={locks?.surveys}
            />
            <span>
              {s.title}
              <span className="hint campaign-survey-meta">
                {" "}
                (version {s.version}, environ {s.minutes} minutes
                {s.shortMinutes === null ? "" : ` ; version courte : environ ${s.shortMinutes} minutes`})
              </span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset
        className={`field ${shown.formOffer ? "field-invalid" : ""}`}
        aria-describedby={
          fieldAria(id("formOffer"), { hint: true, error: !!shown.formOffer })["aria-describedby"]
        }
      >
        <legend>{FIELD_LABEL.formOffer}</legend>
        <p id={hintId(id("formOffer"))} className="hint">
          La version courte reprend une partie des questions de la version complète (environ 12 écrans) : les
          scores se comparent sur la même échelle.
        </p>
        <FieldError {...common("formOffer")} />
        {FORM_OFFERS.map((offer, i) => (
          <label key={offer} className="check" htmlFor={`${id("formOffer")}-${i}`}>
            <input
              id={`${id("formOffer")}-${i}`}
              type="radio"
              name="formOffer"
              value={offer}
              defaultChecked={(values.formOffer ?? "long") === offer}
            />
            <span>
              {FORM_OFFER_LABEL[offer]}
              <span className="hint campaign-survey-meta"> {offerMinutes(offer, surveys)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="campaign-dates">
        {(
          [
            ["opensOn", "Ouverte à partir de 0 h (heure de Paris)."],
            ["closesOn", "Fermée à la fin de ce jour (heure de Paris)."],
          ] as const
        ).map(([field, hint]) => (
          <Field key={field} {...common(field)} hint={hint} type="date" defaultValue={values[field]} />
        ))}
      </div>

      <Field
        {...text("slug")}
        hint={
          locks?.slug
            ? "La campagne a été ouverte : son adresse ne change plus, car les affiches et les personnes en train de répondre l'utilisent."
            : `La fin du lien public, après /s/. Lettres minuscules sans accent, chiffres et tirets ; ${SLUG_MAX} caractères au plus. Proposée à partir du titre.`
        }
        around={(control) => (
          <div className="slug-input">
            <span aria-hidden="true">/s/</span>
            {control}
          </div>
        )}
        value={slug}
        readOnly={locks?.slug}
        maxLength={SLUG_MAX + 20}
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => {
          setSlug(e.currentTarget.value);
          setSlugTouched(e.currentTarget.value !== "");
        }}
      />

      <Field
        {...text("retentionMonths")}
        label="Durée de conservation des réponses, en mois"
        hint={`Après la fermeture. Ensuite, les réponses et tout ce qui en est tiré sont effacés. De ${RETENTION_MIN_MONTHS} à ${RETENTION_MAX_MONTHS} mois ; ${RETENTION_DEFAULT_MONTHS} mois permettent de comparer avec la vague suivante. Elle est écrite dans la politique de confidentialité.`}
        inputMode="numeric"
        defaultValue={values.retentionMonths ?? String(RETENTION_DEFAULT_MONTHS)}
        size={4}
      />

      <div className="campaign-actions">
        <p className="hint">
          {status === "open"
            ? "La campagne est ouverte : les personnes peuvent répondre entre les dates d'ouverture et de fermeture. Fermer la campagne arrête les réponses."
            : status === "closed"
              ? "La campagne est fermée : plus personne ne peut répondre."
              : "En brouillon, le lien public ne marche pas encore. Une fois ouverte, les personnes peuvent répondre entre les deux dates."}
        </p>
        <div className="campaign-buttons">
          {actions(status).map((a) => (
            <button
              key={a.intent}
              type="submit"
              name="intent"
              value={a.intent}
              className={`button ${a.tone ?? ""}`}
              disabled={busy}
            >
              {a.label}
            </button>
          ))}
        </div>
      </div>
    </Form>
  );
}
