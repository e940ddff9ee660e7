// The campaign form's fields, shared by the browser (checks before sending, slug
// suggestion) and the server (the one schema every create/edit action parses with).
import { z } from "zod";

export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
export const TITLE_MAX = 120;
export const WAVE_MAX = 60;
/**
 * Months a campaign's responses are kept after it closes (docs/decisions/015): two years by
 * default, so that a yearly wave can still be compared with the one before it.
 */
export const RETENTION_DEFAULT_MONTHS = 24;
export const RETENTION_MIN_MONTHS = 1;
export const RETENTION_MAX_MONTHS = 60;

/** Lowercase letters, digits and single hyphens between them: safe in a link, easy to type. */
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `parent.v1`: a survey id and the version the campaign offers. */
const SURVEY_KEY_PATTERN = /^([a-z][a-z0-9-]*)\.v(\d+)$/;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Which form of its questionnaires a campaign offers (issue 14, part 3). */
export const FORM_OFFERS = ["long", "short", "choice"] as const;
export const FORM_OFFER_LABEL: Record<(typeof FORM_OFFERS)[number], string> = {
  long: "Complète",
  short: "Courte",
  choice: "Au choix de la personne",
};

/** The status a save button asks for; absent means "keep the current one" (a draft when creating). */
export const CAMPAIGN_INTENTS = ["draft", "open", "closed"] as const;

const ZDay = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine(
      (value) => parseDay(value) !== null,
      "Cette date n'est pas valide. Choisissez un jour dans le calendrier.",
    );

export const ZCampaignForm = z
  .object({
    territoryId: z.coerce
      .number({ error: "Choisissez le territoire." })
      .int("Choisissez le territoire.")
      .positive("Choisissez le territoire."),
    title: z
      .string({ error: "Indiquez le titre de la campagne." })
      .trim()
      .min(1, "Indiquez le titre de la campagne.")
      .max(TITLE_MAX, `Le titre est trop long : ${TITLE_MAX} caractères au plus.`),
    waveLabel: z
      .string({ error: "Indiquez la vague, par exemple « automne 2026 »." })
      .trim()
      .min(1, "Indiquez la vague, par exemple « automne 2026 ».")
      .max(WAVE_MAX, `Le nom de la vague est trop long : ${WAVE_MAX} caractères au plus.`),
    surveys: z
      .array(z.string().regex(SURVEY_KEY_PATTERN, "Ce questionnaire n'existe pas."), {
        error: "Choisissez au moins un questionnaire.",
      })
      .min(1, "Choisissez au moins un questionnaire."),
    opensOn: ZDay("Indiquez la date d'ouverture."),
    closesOn: ZDay("Indiquez la date de fermeture."),
    slug: z
      .string({ error: "Indiquez l'adresse de la campagne." })
      .trim()
      .min(1, "Indiquez l'adresse de la campagne.")
      .min(SLUG_MIN, `L'adresse doit faire entre ${SLUG_MIN} et ${SLUG_MAX} caractères.`)
      .max(SLUG_MAX, `L'adresse doit faire entre ${SLUG_MIN} et ${SLUG_MAX} caractères.`)
      .regex(
        SLUG_PATTERN,
        "Utilisez seulement des lettres minuscules sans accent, des chiffres et des tirets, par exemple « automne-2026 ».",
      ),
    /** Absent (an older form): the default when creating, the stored value when editing. */
    retentionMonths: z
      .string({ error: "Indiquez combien de mois les réponses sont gardées." })
      .trim()
      .min(1, "Indiquez combien de mois les réponses sont gardées.")
      .regex(/^\d{1,3}$/, "Écrivez un nombre de mois, sans lettres, par exemple 24.")
      .transform(Number)
      .refine(
        (n) => n >= RETENTION_MIN_MONTHS && n <= RETENTION_MAX_MONTHS,
        `La durée de conservation va de ${RETENTION_MIN_MONTHS} à ${RETENTION_MAX_MONTHS} mois.`,
      )
      .optional(),
    /** Absent (an older form): the complete version when creating, the stored value when editing. */
    formOffer: z.enum(FORM_OFFERS, { error: "Choisissez la version du questionnaire proposée." }).optional(),
    intent: z.enum(CAMPAIGN_INTENTS).optional(),
  })
  .refine((form) => form.closesOn.trim() >= form.opensOn.trim(), {
    path: ["closesOn"],
    message: "La date de fermeture doit être le jour de l'ouverture ou après.",
    // Checked even when other fields are wrong, so every error shows at once.
    when: ({ value }) => {
      const v = value as { opensOn?: unknown; closesOn?: unknown };
      return isDay(v.opensOn) && isDay(v.closesOn);
    },
  });
export type CampaignForm = z.infer<typeof ZCampaignForm>;
export type CampaignFormField = keyof CampaignForm;
export type CampaignFieldErrors = Partial<Record<CampaignFormField, string>>;

/** The form as typed, to put back into the fields after an error. */
export interface CampaignFormValues {
  territoryId: string;
  title: string;
  waveLabel: string;
  surveys: string[];
  opensOn: string;
  closesOn: string;
  slug: string;
  /** Months the responses are kept after closing, as typed; absent from an older form. */
  retentionMonths?: string;
  /** "long", "short" or "choice", as sent; absent from an older form. */
  formOffer?: string;
}

/**
 * Reads the submitted form. An empty slug is suggested from the title here, so the
 * form works the same without JavaScript (which suggests it as the title is typed).
 */
export function campaignFormInput(formData: FormData): CampaignFormValues & { intent?: string } {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const title = text("title");
  const intent = formData.get("intent");
  const retention = formData.get("retentionMonths");
  const formOffer = formData.get("formOffer");
  return {
    territoryId: text("territoryId"),
    title,
    waveLabel: text("waveLabel"),
    surveys: formData.getAll("surveys").filter((v): v is string => typeof v === "string"),
    opensOn: text("opensOn"),
    closesOn: text("closesOn"),
    slug: text("slug").trim() || slugFromTitle(title),
    ...(typeof retention === "string" ? { retentionMonths: retention } : {}),
    ...(typeof formOffer === "string" ? { formOffer } : {}),
    ...(typeof intent === "string" && intent !== "" ? { intent } : {}),
  };
}

/** The first message for each field, for display next to it. */
export function campaignFieldErrors(error: z.ZodError): CampaignFieldErrors {
  const fields: CampaignFieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "title") as CampaignFormField;
    fields[key] ??= issue.message;
  }
  return fields;
}

/** "Rentrée 2026 : les familles" → "rentree-2026-les-familles" (at most 60 characters, cut at a hyphen). */
export function slugFromTitle(title: string): string {
  let slug = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length > SLUG_MAX) {
    slug = slug.slice(0, SLUG_MAX + 1);
    const cut = slug.lastIndexOf("-");
    slug = (cut >= SLUG_MIN ? slug.slice(0, cut) : slug.slice(0, SLUG_MAX)).replace(/-+$/, "");
  }
  return slug;
}

/** `parent.v1` ⇄ `{ surveyId: "parent", surveyVersion: 1 }`. */
export function surveyFormKey(surveyId: string, surveyVersion: number): string {
  return `${surveyId}.v${surveyVersion}`;
}
export function parseSurveyFormKey(key: string): { surveyId: string; surveyVersion: number } | null {
  const match = SURVEY_KEY_PATTERN.exec(key);
  return match ? { surveyId: match[1]!, surveyVersion: Number(match[2]) } : null;
}

// Campaign days are Paris days, whatever the server's or the browser's time zone:
// a campaign opens at 00:00 in Paris and closes at the end of its last day in Paris.
const PARIS = "Europe/Paris";

function isDay(value: unknown): value is string {
  return typeof value === "string" && parseDay(value.trim()) !== null;
}

function parseDay(day: string): { y: number; m: number; d: number } | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2100 || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return { y, m, d };
}

const parisParts = new Intl.DateTimeFormat("en-US", {
  timeZone: PARIS,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of parisParts.formatToParts(new Date(utcMs))) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

function parisMidnight(y: number, m: number, d: number): number {
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Paris changes time at 01:00 UTC, never between its midnight and UTC midnight,
  // so the offset at UTC midnight is the offset at Paris midnight.
  return utcMidnight - parisOffsetMinutes(utcMidnight) * 60000;
}

/** "2026-10-01" → the instant the day starts in Paris, ISO UTC ("2026-09-30T22:00:00.000Z"). */
export function parisDayStart(day: string): string {
  const p = parseDay(day);
  if (!p) throw new Error(`Not a day: ${day}`);
  return new Date(parisMidnight(p.y, p.m, p.d)).toISOString();
}

/**
 * "2026-12-20" → the last millisecond of that day in Paris, ISO UTC. Not the next
 * midnight: the closing date written out on pages must stay the day the team chose.
 */
export function parisDayEnd(day: string): string {
  const p = parseDay(day);
  if (!p) throw new Error(`Not a day: ${day}`);
  return new Date(parisMidnight(p.y, p.m, p.d + 1) - 1).toISOString();
}

const parisDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: PARIS,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** An instant → its Paris day, as `<input type="date">` wants it ("2026-10-01"). */
export function parisDayOf(iso: string | Date): string {
  return parisDay.format(typeof iso === "string" ? new Date(iso) : iso);
}

/**
 * The last instant a campaign's responses are kept: the end of the same Paris day, `months`
 * later (the 31st becomes the month's last day). After it, `npm run purge` deletes them.
 */
export function retentionEndsAt(closesAt: string, months: number): string {
  const p = parseDay(parisDayOf(closesAt))!;
  const monthIndex = p.m - 1 + months;
  const y = p.y + Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  const d = Math.min(p.d, new Date(Date.UTC(y, m, 0)).getUTCDate());
  const end = new Date(parisMidnight(y, m, d + 1) - 1);
  return end.toISOString();
}
