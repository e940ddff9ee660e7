// The survey's first pages as plain data, drawn by the server and turned by a tiny script until
// the SurveyJS chunk (about 360 KB gzip, 7 to 12 s on a slow phone) has arrived: a parent who
// answers at once does not wait for question 2 (issue 14, part 11; decision 031). It generalises
// the server-drawn first question (decision 013): SurveyJS takes over with every answer given and
// the page on screen, and checks them as usual (the server validates the response as always).
import { type FirstQuestion, firstQuestionOf } from "./first-question";
import { type QuestionJson } from "./questions";

/** One comparison of a `visibleIf` SurveyJS would evaluate the same way: `{name} op value`. */
export interface QuickTerm {
  question: string;
  op: "=" | "<>" | ">" | ">=" | "<" | "<=" | "anyof" | "noneof" | "empty" | "notempty";
  /** A number or a string; a list for anyof / noneof; absent for empty / notempty. */
  value?: string | number | (string | number)[];
}

/** A `visibleIf` made of terms all joined by "and", or all joined by "or". */
export interface QuickCondition {
  join: "and" | "or";
  terms: QuickTerm[];
}

export interface QuickPage extends FirstQuestion {
  /** The SurveyJS page's name (SurveyJS goes to it when it takes over). */
  page: string;
  required: boolean;
  /** When the question shows; null: always. */
  visibleIf: QuickCondition | null;
}

/** Pages drawn at most: enough for a parent tapping fast while SurveyJS comes (1 s a page). */
export const MAX_QUICK_PAGES = 12;

/** The keys a drawable question may have: anything else (an "other" field, a choices order…) stops. */
const PLAIN_KEYS = new Set(["type", "name", "title", "description", "isRequired", "choices", "visibleIf"]);

const OPS: Record<string, QuickTerm["op"]> = {
  "=": "=",
  "==": "=",
  "<>": "<>",
  "!=": "<>",
  ">": ">",
  ">=": ">=",
  "<": "<",
  "<=": "<=",
  anyof: "anyof",
  noneof: "noneof",
};

function literal(text: string): string | number | undefined {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const quoted = /^'([^']*)'$/.exec(t) ?? /^"([^"]*)"$/.exec(t);
  return quoted ? quoted[1] : undefined;
}

function term(text: string): QuickTerm | null {
  const t = text.trim();
  const empty = /^\{([\w-]+)\}\s+(empty|notempty)$/i.exec(t);
  if (empty) return { question: empty[1]!, op: empty[2]!.toLowerCase() as "empty" | "notempty" };
  const m = /^\{([\w-]+)\}\s*(=|==|<>|!=|>=|<=|>|<|anyof|noneof)\s*(.+)$/i.exec(t);
  if (!m) return null;
  const op = OPS[m[2]!.toLowerCase()]!;
  const rest = m[3]!.trim();
  if (op === "anyof" || op === "noneof") {
    const list = /^\[(.*)\]$/.exec(rest);
    if (!list) return null;
    const values = list[1]!.split(",").map(literal);
    if (values.some((v) => v === undefined)) return null;
    return { question: m[1]!, op, value: values as (string | number)[] };
  }
  const value = literal(rest);
  return value === undefined ? null : { question: m[1]!, op, value };
}

/**
 * A `visibleIf` the quick pages can evaluate: comparisons of a question with a literal, all
 * joined by "and" or all by "or", no parentheses, no functions. Null for anything else.
 */
export function parseCondition(expression: string): QuickCondition | null {
  if (/[()]/.test(expression.replace(/'[^']*'|"[^"]*"/g, ""))) return null;
  const hasAnd = /\sand\s/i.test(expression);
  const hasOr = /\sor\s/i.test(expression);
  if (hasAnd && hasOr) return null;
  const join = hasOr ? "or" : "and";
  const terms = expression.split(join === "or" ? /\sor\s/i : /\sand\s/i).map(term);
  if (terms.some((t) => t === null)) return null;
  return { join, terms: terms as QuickTerm[] };
}

/** Is a term true for these answers (as SurveyJS would say for a single-choice answer)? */
function holds(t: QuickTerm, answers: Record<string, unknown>): boolean {
  const a = answers[t.question];
  const none = a === undefined || a === null || a === "";
  switch (t.op) {
    case "empty":
      return none;
    case "notempty":
      return !none;
    case "anyof":
      return !none && (t.value as unknown[]).some((v) => v == a);
    case "noneof":
      return none || !(t.value as unknown[]).some((v) => v == a);
    case "=":
      return !none && t.value == a;
    case "<>":
      return none || t.value != a;
  }
  if (none) return false;
  const x = Number(a);
  const y = Number(t.value);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return t.op === ">" ? x > y : t.op === ">=" ? x >= y : t.op === "<" ? x < y : x <= y;
}

export function isShown(condition: QuickCondition | null, answers: Record<string, unknown>): boolean {
  if (!condition) return true;
  return condition.join === "and"
    ? condition.terms.every((t) => holds(t, answers))
    : condition.terms.some((t) => holds(t, answers));
}

/**
 * The survey's first pages that can be drawn without SurveyJS, in order, stopping at the first
 * that cannot: a page of exactly one plain single-choice question (no panel, no other option),
 * whose `visibleIf` (on the question or its page) is simple and depends only on earlier drawn
 * questions. Empty when even the first page cannot.
 */
export function quickPagesOf(
  survey: Record<string, unknown>,
  locale: string,
  max = MAX_QUICK_PAGES,
): QuickPage[] {
  const pages = (survey.pages as { name?: string; visibleIf?: string; elements?: QuestionJson[] }[]) ?? [];
  const out: QuickPage[] = [];
  const drawn = new Set<string>();
  for (const page of pages) {
    if (out.length >= max || !page.name) break;
    const q = page.elements?.length === 1 ? page.elements[0]! : null;
    if (!q || q.type !== "radiogroup" || !q.name || !q.choices) break;
    if (Object.keys(q).some((k) => !PLAIN_KEYS.has(k))) break;
    if (page.visibleIf && q.visibleIf) break;
    const expression = page.visibleIf ?? q.visibleIf;
    const visibleIf = expression ? parseCondition(expression) : null;
    if (expression && (!visibleIf || visibleIf.terms.some((t) => !drawn.has(t.question)))) break;
    // The same text, pictogram and faces as the first question (one survey walks them).
    const plain = firstQuestionOf({ pages: [{ elements: [{ ...q, visibleIf: undefined }] }] }, locale);
    if (!plain) break;
    out.push({
      ...plain,
      page: page.name,
      required: (q as { isRequired?: boolean }).isRequired === true,
      visibleIf,
    });
    drawn.add(q.name);
  }
  return out;
}

/** What the quick pages hand over to SurveyJS. */
export interface QuickHandover {
  /** Answers given on the quick pages, of the questions shown (a hidden one's answer is dropped). */
  answers: Record<string, string | number>;
  /** The page on screen, by SurveyJS name; null when still the first one. */
  page: string | null;
}

/**
 * The hand-over from what the page holds: the answer checked in each quick page and the index
 * of the page on screen. Answers of pages now hidden by a condition are not kept (SurveyJS would
 * clear them too), and the page on screen is kept only if shown.
 */
export function quickHandover(
  pages: Pick<QuickPage, "name" | "page" | "visibleIf">[],
  checked: Record<string, string | number | undefined>,
  current: number,
): QuickHandover {
  const answers: Record<string, string | number> = {};
  for (const p of pages) {
    const value = checked[p.name];
    if (value !== undefined && isShown(p.visibleIf, answers)) answers[p.name] = value;
  }
  const on = pages[current];
  const page = current > 0 && on && isShown(on.visibleIf, answers) ? on.page : null;
  return { answers, page };
}

/**
 * `isShown` for the page's own script (ES5, no imports): `function(condition, answers)`.
 * Kept beside it; a unit test checks that both say the same for every kind of term.
 */
export const QUICK_SHOWN_JS = `function(c,a){if(!c)return true;var r=c.terms.map(function(t){var v=a[t.question],n=v===undefined||v===null||v==="",w=t.value,x=Number(v),y=Number(w);switch(t.op){case"empty":return n;case"notempty":return!n;case"anyof":return!n&&w.some(function(z){return z==v});case"noneof":return n||!w.some(function(z){return z==v});case"=":return!n&&w==v;case"<>":return n||w!=v}if(n||x!==x||y!==y)return false;return t.op===">"?x>y:t.op===">="?x>=y:t.op==="<"?x<y:x<=y});return c.join==="and"?r.every(Boolean):r.some(Boolean)}`;

/**
 * How many pages SurveyJS counts in its progress ("Question 1 sur N") before any answer, the
 * quick pages counted as shown: later pages whose simple condition is false without answers are
 * left out, as SurveyJS leaves them out. The page's script subtracts the quick pages hidden.
 */
export function progressBase(survey: Record<string, unknown>, quickCount: number): number {
  const pages = (survey.pages as { visibleIf?: string; elements?: QuestionJson[] }[]) ?? [];
  return pages.filter((page, i) => {
    if (i < quickCount) return true;
    const expression =
      page.visibleIf ?? (page.elements?.length === 1 ? page.elements[0]!.visibleIf : undefined);
    const condition = expression ? parseCondition(expression) : null;
    return !condition || isShown(condition, {});
  }).length;
}

/**
 * The draft's answers with those given on the quick pages added: a question the draft already
 * answers keeps the draft's answer (a person coming back finds what they had sent to the phone).
 * The same object when nothing is added.
 */
export function withQuickAnswers(
  data: Record<string, unknown>,
  answers: Record<string, string | number>,
): Record<string, unknown> {
  const added = Object.entries(answers).filter(([name]) => data[name] === undefined);
  return added.length ? { ...data, ...Object.fromEntries(added) } : data;
}
