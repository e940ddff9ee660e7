import { type ComponentProps, lazy, type ReactNode, Suspense } from "react";
import { ClientOnly } from "~/ui/ClientOnly";

// Recharts is fetched after hydration only, as its own chunk: the tables (server-rendered)
// are readable at once, and the server never runs code that needs a DOM.
const load = () => import("./charts.client");
const LazyProfileChart = lazy(() => load().then((m) => ({ default: m.ProfileChart })));
const LazyGroupedBars = lazy(() => load().then((m) => ({ default: m.GroupedBars })));
const LazyTerritoryScatter = lazy(() => load().then((m) => ({ default: m.TerritoryScatter })));

/**
 * A chart's box: fixed height (no layout shift when the chart arrives), role="img" with a
 * summary for screen readers, the chart drawn in the browser; an empty box on the server.
 */
export function ChartBox({
  label,
  height,
  children,
}: {
  label: string;
  height: number;
  children: () => ReactNode;
}) {
  return (
    <div className="chart" role="img" aria-label={label} style={{ height }}>
      <ClientOnly fallback={null}>{() => <Suspense fallback={null}>{children()}</Suspense>}</ClientOnly>
    </div>
  );
}

export function ProfileChart(props: ComponentProps<typeof LazyProfileChart>) {
  return <LazyProfileChart {...props} />;
}
export function GroupedBars(props: ComponentProps<typeof LazyGroupedBars>) {
  return <LazyGroupedBars {...props} />;
}
export function TerritoryScatter(props: ComponentProps<typeof LazyTerritoryScatter>) {
  return <LazyTerritoryScatter {...props} />;
}
