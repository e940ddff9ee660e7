// Recharts needs the DOM (ResponsiveContainer measures its box): these charts are loaded in
// the browser only, through ChartBox, while the tables beside them carry the same numbers
// from the server. The accessibility layer is off: ChartBox gives each chart role="img"
// and a summary, and a focusable SVG inside an image would confuse screen readers.
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Audience } from "~/surveys/audiences";
import { AUDIENCE_LABELS } from "~/indicators/labels";
import { AUDIENCE_COLORS } from "./colors";

const AXIS_TICK = { fontSize: 13, fill: "#3a3a3a" };
const percentTick = (v: number) => `${v} %`;
/** A value axis of percentages, 0 to 100 by quarters. */
const PERCENT_AXIS = {
  type: "number",
  domain: [0, 100],
  ticks: [0, 25, 50, 75, 100],
  tickFormatter: percentTick,
  tick: AXIS_TICK,
} as const;

export interface ProfileBar {
  label: string;
  /** % favourable (0–100), null when hidden: no bar. */
  value: number | null;
  /** Distances below and above `value` to the Wilson interval's bounds. */
  error: [number, number] | null;
}

/** Horizontal bars of % favourable per dimension with the 95 % interval as error bars. */
export function ProfileChart({ bars, audience }: { bars: ProfileBar[]; audience: Audience }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={bars}
        layout="vertical"
        margin={{ top: 4, right: 20, bottom: 4, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} stroke="#d5dae4" />
        <XAxis {...PERCENT_AXIS} />
        <YAxis type="category" dataKey="label" width={150} tick={AXIS_TICK} interval={0} />
        <Bar dataKey="value" fill={AUDIENCE_COLORS[audience]} barSize={16} isAnimationActive={false}>
          <ErrorBar
            dataKey="error"
            direction="x"
            width={6}
            stroke="#161616"
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export type SeriesRow = { label: string } & Partial<Record<Audience, number | null>>;

/** One bar per audience and category, side by side (never stacked: groups are not pooled). */
export function GroupedBars({
  rows,
  audiences,
  unit,
  horizontal = false,
}: {
  rows: SeriesRow[];
  audiences: Audience[];
  /** "%" for shares on 0–100, "" for counts. */
  unit: "%" | "";
  /** Categories down the side, each fully named (a few long labels); else along the bottom. */
  horizontal?: boolean;
}) {
  const values = unit ? { domain: [0, 100], tickFormatter: percentTick } : {};
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={rows}
        layout={horizontal ? "vertical" : "horizontal"}
        margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid vertical={horizontal} horizontal={!horizontal} stroke="#d5dae4" />
        {horizontal ? (
          <>
            <XAxis type="number" tick={AXIS_TICK} allowDecimals={false} {...values} />
            <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={110} interval={0} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={AXIS_TICK} interval="preserveStartEnd" />
            <YAxis tick={AXIS_TICK} width={unit ? 56 : 40} allowDecimals={false} {...values} />
          </>
        )}
        {/* In the groups' own order (P, Px, E, Y, A), in ink: coloured text would be hard to read. */}
        <Legend
          itemSorter={null}
          formatter={(value: string) => (
            <span style={{ color: "#161616" }}>{AUDIENCE_LABELS[value as Audience] ?? value}</span>
          )}
          wrapperStyle={{ fontSize: 13 }}
        />
        {audiences.map((a) => (
          <Bar
            key={a}
            dataKey={a}
            name={a}
            fill={AUDIENCE_COLORS[a]}
            isAnimationActive={false}
            maxBarSize={28}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface TerritoryPoint {
  name: string;
  d1: number;
  d2: number;
}

/** Each territory as a point: D1 across, D2 up (both % favourable). */
export function TerritoryScatter({ points }: { points: TerritoryPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#d5dae4" />
        <XAxis {...PERCENT_AXIS} dataKey="d1" name="D1" />
        <YAxis {...PERCENT_AXIS} dataKey="d2" name="D2" width={56} />
        <Tooltip
          cursor={{ strokeDasharray: "3 3" }}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as TerritoryPoint | undefined) : undefined;
            return p ? (
              <div className="chart-tooltip">
                <strong>{p.name}</strong>
                <br />
                D1 {Math.round(p.d1)} % · D2 {Math.round(p.d2)} %
              </div>
            ) : null;
          }}
        />
        <Scatter data={points} fill={AUDIENCE_COLORS.P} fillOpacity={0.75} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
