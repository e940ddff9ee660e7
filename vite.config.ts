import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [remix(remixConfig)],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // Without these, the first dev visit re-optimises SurveyJS and reloads into a
  // duplicate-React "Invalid hook call" (see DESIGN.md).
  optimizeDeps: {
    include: [
      "survey-core",
      "survey-react-ui",
      "survey-core/i18n/french",
      "survey-core/i18n/english",
      "survey-core/i18n/arabic",
    ],
  },
  server: { port: 3000 },
  // The server build awaits the database at start-up (top-level await).
  build: isSsrBuild ? { target: "node20" } : {},
}));
