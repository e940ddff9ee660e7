import type { ReactNode } from "react";
import type { Dimension } from "~/surveys/audiences";
import { DIMENSION_LABELS } from "~/indicators/labels";

/** A table of figures in its own horizontal scroller (a 360 px phone scrolls the table, not the page). */
export function DataTable({
  caption,
  className,
  children,
}: {
  caption: ReactNode;
  /** Besides "data-table". */
  className?: string;
  /** The head and body. */
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : "data-table"}>
        <caption>{caption}</caption>
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
