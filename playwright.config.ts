import { defineConfig } from "@playwright/test";

// End-to-end tests of the respondent journey, on a phone-sized Chromium.
// Chromium comes from Debian (/usr/bin/chromium): `npx playwright install` cannot
// download here. The server is built and started on a fresh database for each run.

// Lets tests see (and cut) the service worker's own requests: context.setOffline alone does
// not reach them in Chromium (microsoft/playwright#2311).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

// E2E_PORT lets two checkouts of the project run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  // Each test has its own browser context and only looks at its own response id in
  // the database, so tests may run side by side.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "chromium-phone",
      use: {
        browserName: "chromium",
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
  ],
  webServer: {
    command: "rm -rf tmp/e2e && mkdir -p tmp/e2e && npm run build && node server.js",
    url: `${BASE_URL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_PATH: "tmp/e2e/e2e.db",
      DEMO_DATA: "true",
      NODE_ENV: "production",
    },
  },
});
