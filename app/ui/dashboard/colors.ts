import type { Audience } from "~/surveys/audiences";

/** One colour per group, each at 4.5:1 or more on white; the legend and tables name them too. */
export const AUDIENCE_COLORS: Record<Audience, string> = {
  P: "#1d3f8f",
  Px: "#8a4b00",
  E: "#a3214f",
  Y: "#1b6a35",
  A: "#6b2c91",
  C: "#3a3a3a",
};
