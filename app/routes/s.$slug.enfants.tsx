import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { CampaignErrorBoundary } from "~/ui/CampaignUnavailable";
import { metaTitle, useT } from "~/i18n/react";
import { childQuestionnairePath, questionnairePath } from "~/surveys/paths";
import { requireOpenCampaign, surveyFor } from "~/campaigns/campaign-page.server";
import {
  CARE_SETTINGS,
  type CareSetting,
  CHILD_BANDS,
  type ChildBand,
  clearVisit,
  type FamilyVisit,
  loadVisit,
  saveVisit,
  startVisit,
  thanksStateOf,
  type VisitChild,
} from "~/responses/family-visit";
import { MAX_VISIT_PARTS } from "~/responses/submission-secret";

export const meta: MetaFunction = ({ matches }) => [{ title: metaTitle(matches, "family.meta") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const campaign = await requireOpenCampaign(params.slug);
  const child = surveyFor(campaign, "Px");
  const own = surveyFor(campaign, "P");
  if (!child && !own) throw new Response(null, { status: 404 });
  return {
    slug: campaign.slug,
    child: child ? { id: child.id, minutes: child.minutes } : null,
    parentPath: own ? questionnairePath(campaign.slug, own.id, null) : null,
  };
}

/**
 * The family's path (issue 14, part 5): right after the parent's own part, the children, one
 * line each (age band and care setting); then each child's questionnaire, one after the other,
 * and the thank-you page with the visit's one erasure code. After the young adult's
 * questionnaire (`?jeune=1`), first: "Es-tu parent d'un enfant de 0 à 11 ans ?".
 * The visit lives on the phone (app/responses/family-visit.ts).
 */
export default function Children() {
  const { slug, child, parentPath } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const navigate = useNavigate();
  const [askYoung, setAskYoung] = useState(params.get("jeune") === "1");
  const [children, setChildren] = useState<VisitChild[]>([]);
  const [band, setBand] = useState<ChildBand | null>(null);
  const [care, setCare] = useState<CareSetting | null>(null);
  const [missing, setMissing] = useState(false);
  const visitRef = useRef<FamilyVisit | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = useId();
  // Room left in the visit: one part per child, after the person's own part(s).
  const room = Math.max(0, MAX_VISIT_PARTS - (visitRef.current?.nextPart ?? 1));

  // The visit under way (the parent's part was just stored), or a new one (a parent who
  // answered for themselves before, opening this page from the parent page).
  useEffect(() => {
    const store = window.localStorage;
    const visit = loadVisit(store, slug) ?? startVisit(store, slug);
    visitRef.current = visit;
    if (visit.children && visit.children.length > 0) setChildren(visit.children);
  }, [slug]);

  const finish = () => {
    const store = window.localStorage;
    const visit = loadVisit(store, slug) ?? visitRef.current;
    clearVisit(store, slug);
    if (!visit || visit.storedOwn + visit.storedChildren === 0) navigate(`/s/${slug}`);
    else navigate(`/s/${slug}/merci`, { replace: true, state: thanksStateOf(visit) });
  };

  const answerAsParent = () => {
    const store = window.localStorage;
    const visit = loadVisit(store, slug) ?? visitRef.current;
    if (visit) saveVisit(store, slug, { ...visit, expectsParent: true });
    if (parentPath) navigate(parentPath);
    else {
      setAskYoung(false);
      headingRef.current?.focus();
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!band || !care) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setChildren((list) => [...list, { band, care }]);
    setBand(null);
    setCare(null);
  };

  const start = () => {
    if (!child || children.length === 0) return;
    const store = window.localStorage;
    const visit = loadVisit(store, slug) ?? visitRef.current ?? startVisit(store, slug);
    saveVisit(store, slug, { ...visit, children });
    // The parent chose the short version for their own part: the children's parts are short too.
    const form = params.get("forme") === "courte" ? "short" : undefined;
    navigate(childQuestionnairePath(slug, child.id, children[0]!.band, 0, form));
  };

  if (askYoung) {
    return (
      <div className="page">
        <h1>{t("family.young.title")}</h1>
        <p>{t("family.young.intro")}</p>
        <ul className="choices">
          <li>
            <button type="button" className="choice primary" onClick={answerAsParent}>
              {t("family.young.yes")}
            </button>
          </li>
          <li>
            <button type="button" className="choice" onClick={finish}>
              {t("family.young.no")}
            </button>
          </li>
        </ul>
      </div>
    );
  }

  const full = children.length >= room;
  return (
    <div className="page family">
      <h1 ref={headingRef} tabIndex={-1}>
        {t("family.title")}
      </h1>
      <p>{t("family.intro")}</p>
      {child ? <p className="small">{t("family.minutes", { minutes: child.minutes })}</p> : null}

      {children.length > 0 ? (
        <>
          <h2 className="family-list-title">{t("family.list", { count: children.length })}</h2>
          <ol className="family-list" data-testid="family-list">
            {children.map((c, i) => (
              <li key={`${i}-${c.band}-${c.care}`}>
                <span>
                  {t(`child.age.${c.band}`)}, {t(`family.care.${c.care}`).toLowerCase()}
                </span>{" "}
                <button
                  type="button"
                  className="button small-button"
                  onClick={() => setChildren((list) => list.filter((_, j) => j !== i))}
                >
                  {t("family.remove")}
                  <span className="visually-hidden">
                    {" "}
                    {t(`child.age.${c.band}`)}, {t(`family.care.${c.care}`).toLowerCase()}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : null}

      {full ? null : (
        <form onSubmit={add} noValidate className="family-add">
          {children.length > 0 ? <h2>{t("family.another")}</h2> : null}
          <fieldset>
            <legend>{t("family.age")}</legend>
            <div className="radio-choices">
              {CHILD_BANDS.map((b) => (
                <label key={b} className="radio-choice">
                  <input
                    type="radio"
                    name={`${ids}-band`}
                    value={b}
                    checked={band === b}
                    onChange={() => setBand(b)}
                  />
                  <span>{t(`child.age.${b}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("family.care")}</legend>
            <div className="radio-choices">
              {CARE_SETTINGS.map((c) => (
                <label key={c} className="radio-choice">
                  <input
                    type="radio"
                    name={`${ids}-care`}
                    value={c}
                    checked={care === c}
                    onChange={() => setCare(c)}
                  />
                  <span>{t(`family.care.${c}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {missing ? (
            <p className="field-error" role="alert">
              {t("family.missing")}
            </p>
          ) : null}
          <button type="submit" className={children.length === 0 ? "button primary" : "button"}>
            {t("family.add")}
          </button>
        </form>
      )}

      <ul className="choices">
        {children.length > 0 && child ? (
          <li>
            <button type="button" className="choice primary" onClick={start}>
              {t("family.done", { count: children.length })}
            </button>
          </li>
        ) : null}
        {children.length === 0 ? (
          <li>
            <button type="button" className="choice" onClick={finish}>
              {t("family.none")}
            </button>
          </li>
        ) : null}
      </ul>
      <p className="small">
        <Link to={`/s/${slug}`}>{t("common.home")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = CampaignErrorBoundary;
