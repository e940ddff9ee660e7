import { Link } from "@remix-run/react";
import { type ReactNode, useId, useMemo, useState } from "react";
import type { Dimension } from "~/surveys/audiences";
import { DIMENSION_LABELS, HIDDEN_CELL } from "~/indicators/labels";
import type { SizeStatus } from "~/indicators/stats";
import { ChartBox, TerritoryScatter } from "./ChartBox";
import { count, pct } from "./figures";

export interface NationalFigure {
  dimension: Dimension;
  favourable: number | null;
  n: number | null;
  status: SizeStatus;
}

export interface NationalTerritory {
  territoryId: number;
  territoryName: string;
  campaignSlug: string;
  waveLabel: string;
  figures: NationalFigure[];
}

type SortKey = "name" | Dimension;

const byName = (a: NationalTerritory, b: NationalTerritory) =>
  a.territoryName.localeCompare(b.territoryName, "fr");

/**
 * Territories × dimensions, sortable by a click on a column header (name by default). A
 * hidden cell sorts last in both directions: "masqué" is not a low score.
 */
export function NationalTable({ rows, dimensions }: { rows: NationalTerritory[]; dimensions: Dimension[] }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "name", descending: false });
  const [filter, setFilter] = useState("");
  const filterId = useId();

  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase("fr");
    const list = needle
      ? rows.filter((r) => r.territoryName.toLocaleLowerCase("fr").includes(needle))
      : [...rows];
    const sign = sort.descending ? -1 : 1;
    if (sort.key === "name") return list.sort((a, b) => sign * byName(a, b));
    const key = sort.key;
    const value = (r: NationalTerritory) => r.figures.find((f) => f.dimension === key)?.favourable ?? null;
    return list.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
      return sign * (va - vb) || byName(a, b);
    });
  }, [rows, sort, filter]);

  // A name sorts A→Z first; a dimension highest first (the question is usually "who does best").
  const header = (key: SortKey, content: ReactNode, title?: string) => {
    const active = sort.key === key;
    return (
      <th
        key={key}
        scope="col"
        aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
        title={title}
      >
        <button
          type="button"
          className="sort-button"
          onClick={() =>
            setSort(active ? { key, descending: !sort.descending } : { key, descending: key !== "name" })
          }
        >
          {content}
          <span aria-hidden="true" className="sort-icon">
            {active ? (sort.descending ? "▼" : "▲") : "↕"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <>
      <div className="field national-filter">
        <label htmlFor={filterId}>Chercher un territoire</label>
        <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <p className="hint" role="status">
        {shown.length === rows.length
          ? `${count(rows.length)} territoires.`
          : `${count(shown.length)} territoires sur ${count(rows.length)}.`}{" "}
        Cliquez sur un en-tête de colonne pour trier.
      </p>
      <div
        className="table-scroll table-tall"
        tabIndex={0}
        role="region"
        aria-label="Tableau des territoires, défilant"
      >
        <table className="data-table national-table">
          <caption>
            Part de réponses favorables par territoire et par dimension (n = réponses de la dimension)
          </caption>
          <thead>
            <tr>
              {header("name", "Territoire")}
              {dimensions.map((d) =>
                header(
                  d,
                  <>
                    {d}
                    <span className="visually-hidden"> {DIMENSION_LABELS[d]}</span>
                  </>,
                  DIMENSION_LABELS[d],
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.territoryId}>
                <th scope="row">
                  <Link to={`/tableau/campagnes/${r.campaignSlug}`}>{r.territoryName}</Link>
                  <span className="cell-sub">{r.waveLabel}</span>
                </th>
                {dimensions.map((d) => {
                  const f = r.figures.find((x) => x.dimension === d);
                  if (!f || f.favourable === null)
                    return (
                      <td key={d} className="hidden-cell">
                        {HIDDEN_CELL}
                      </td>
                    );
                  return (
                    <td key={d} className="num">
                      <strong>{pct(f.favourable)}</strong>
                      <span className="cell-sub">
                        n = {count(f.n)}
                        {f.status === "indicative" ? " · indicatif" : ""}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** D1 against D2, one point per territory where both are shown. */
export function NationalScatter({ rows }: { rows: NationalTerritory[] }) {
  const points = rows.flatMap((r) => {
    const d1 = r.figures.find((f) => f.dimension === "D1")?.favourable ?? null;
    const d2 = r.figures.find((f) => f.dimension === "D2")?.favourable ?? null;
    return d1 === null || d2 === null ? [] : [{ name: r.territoryName, d1: d1 * 100, d2: d2 * 100 }];
  });
  if (points.length === 0) return null;
  return (
    <ChartBox
      height={320}
      label={`Nuage de points : ${count(points.length)} territoires dont D1 et D2 sont affichés, part favorable en D1 (reconnaissance comme acteur) en abscisse et en D2 (savoirs d'expérience) en ordonnée. Les chiffres sont dans le tableau des territoires.`}
    >
      {() => <TerritoryScatter points={points} />}
    </ChartBox>
  );
}

/** What the scatter's axes are: said once in the page, short axes in the chart. */
export function NationalScatterNote() {
  return (
    <p className="hint">
      Un point par territoire : vers la droite, plus de réponses favorables en D1 (reconnu·e comme acteur) ;
      vers le haut, plus en D2 (savoirs d'expérience valorisés). Seuls les territoires dont les deux chiffres
      sont affichés y figurent.
    </p>
  );
}
