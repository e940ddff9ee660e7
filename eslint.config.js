import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "tmp/", "data/", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The layers (docs/architecture.md): routes → ui → domain → db. A domain folder never imports a
    // route, a component, the HTTP server or a command-line script; db/ imports nothing of the app;
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server/**/*.ts", "scripts/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" } },
      "boundaries/elements": [
        { type: "routes", pattern: "app/routes", partialMatch: false },
        { type: "ui", pattern: "app/ui", partialMatch: false },
        { type: "i18n", pattern: "app/i18n", partialMatch: false },
        { type: "domain", pattern: "app/*", partialMatch: false, capture: ["domain"] },
        { type: "app", pattern: "app", partialMatch: false },
        { type: "db", pattern: "db", partialMatch: false },
        { type: "server", pattern: "server", partialMatch: false },
        { type: "scripts", pattern: "scripts", partialMatch: false },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        2,
        {
          default: "allow",
          policies: [
            {
              from: { element: { types: { anyOf: ["domain", "i18n"] } } },
              disallow: { to: { element: { types: { anyOf: ["routes", "ui", "server", "scripts"] } } } },
            },
            {
              from: { element: { type: "ui" } },
              disallow: { to: { element: { types: { anyOf: ["routes", "server", "scripts"] } } } },
            },
            {
              from: { element: { type: "db" } },
              disallow: {
                to: {
                  element: {
                    types: { anyOf: ["routes", "ui", "i18n", "domain", "app", "server", "scripts"] },
                  },
                },
              },
            },
          ],
        },
      ],
    },
  },
  {
    // A module that may reach the browser (not `*.server.ts`, not a route: Remix strips the routes'
    // loaders and actions) imports no `*.server` module; a type-only import is erased and allowed.
    files: ["app/**/*.{ts,tsx}"],
    ignores: [
      "app/**/*.server.{ts,tsx}",
      "app/routes/**",
      "app/root.tsx",
      "app/entry.server.tsx",
      "**/*.test.{ts,tsx}",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["*.server", "*.server.ts", "*.server.tsx"],
              allowTypeImports: true,
              message:
                "This module may run in the browser: move the code that needs the server into a *.server.ts module.",
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any> on purpose.
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
