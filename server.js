// Starts the production server: server/index.ts, compiled by `npm run build` (docs/decisions/026-typed-server.md).
import "./build/server/main.js";
