import type { ReactNode } from "react";
import type { Dimension } from "~/surveys/audiences";
import { DIMENSION_LABELS } from "~/indicators/labels";

/** A column heading; `num` aligns it with the figures below it. */
export interface Column {
  label: ReactNode;
  num?: boolean;
  /** When the labels may repeat or change order. */
  key?: string;
}

/**
 * A table of figures in its own horizontal scroller (a 360 px phone scrolls the table, not the
 * page): its caption, one row of column headings, then the body given.
 */
export function DataTable({
  caption,
  columns,
  className,
  children,
}: {
  caption: ReactNode;
  columns: Column[];
  /** Besides "data-table". */
  className?: string;
  /** The body. */
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : "data-table"}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" className={c.num ? "num" : undefined} key={c.key ?? i}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

/** A row's header naming a dimension: its code, then its words. */
export function DimensionHeader({ dimension }: { dimension: Dimension }) {
  return (
    <th scope="row">
      <span className="dim-code">{dimension}</span> {DIMENSION_LABELS[dimension]}
    </th>
  );
}
