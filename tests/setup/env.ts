import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each test file runs in its own process with its own SQLite file and secret, and no demo data
// unless a test asks for it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coeduc-test-"));
process.env.DATABASE_PATH ??= path.join(dir, "test.db");
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DEMO_DATA ??= "false";
process.env.NODE_ENV = "test";
