// The one place for Remix options; vite.config.ts hands them to the Remix Vite plugin.
// Single fetch (`v3_singleFetch`) stays off: it is what makes Remix 2 encode responses with
// turbo-stream 2 (advisory GHSA-rxv8-25v2-qmq8), and server/ only guards `?_data=` data
// requests, not single fetch's `.data` URLs (docs/decisions/025-single-fetch-off.md).
/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.*", "**/*.server.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
