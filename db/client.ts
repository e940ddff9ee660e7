import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver } from "kysely";
import { Migrator } from "kysely/migration";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  /** The raw handle, for SQLite-specific work that stays inside db/ (bulk seeding, checks). */
  sqlite: SQLite.Database;
}

/**
 * Opens (creating it if needed) the SQLite database and brings its schema up to date.
 * WAL lets readers work while one writer commits; synchronous=FULL makes an
 * acknowledged response survive a power cut, not only a crash (docs/decisions/002).
 */
export async function openDatabase(
  file: string,
  options: { readerOnly?: boolean } = {},
): Promise<OpenedDatabase> {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite, !options.readerOnly) });
  rawHandles.set(db, sqlite);
  await migrate(db);
  return { db, sqlite };
}

const rawHandles = new WeakMap<DB, SQLite.Database>();

/**
 * The one connection behind a database opened by `openDatabase`, for work that runs as plain
 * synchronous statements (the submission's group commit, decision 019). Use it only while
 * holding the connection (`db.connection().execute`), so no Kysely transaction interleaves.
 */
export function sqliteOf(db: DB): SQLite.Database {
  const sqlite = rawHandles.get(db);
  if (!sqlite) throw new Error("sqliteOf: this database was not opened by openDatabase");
  return sqlite;
}

/** How many prepared statements are kept per connection (by SQL text). */
const STATEMENT_CACHE_SIZE = 300;

const statementCaches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A prepared statement for this SQL text, kept per connection (least recently used out).
 * Kysely prepares every query anew; a submission runs about a dozen, so preparing was a
 * visible share of its time. A statement still being iterated (a streamed CSV export) is
 * not shared: that caller gets a fresh one.
 */
export function prepareCached(sqlite: SQLite.Database, text: string): SQLite.Statement {
  let cache = statementCaches.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCaches.set(sqlite, cache);
  }
  const cached = cache.get(text);
  if (cached && !cached.busy) {
    // Most recently used last: Map keeps insertion order.
    cache.delete(text);
    cache.set(text, cached);
    return cached;
  }
  const statement = sqlite.prepare(text);
  if (!cached) {
    cache.set(text, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return statement;
}

function withStatementCache(sqlite: SQLite.Database) {
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => prepareCached(sqlite, text),
  };
}

/**
 * Transactions begin IMMEDIATE (except on a connection opened `readerOnly`, e.g. a CSV export's
 * snapshot, whose transaction must not hold the write lock while it streams) (they take the write lock at once, waiting up to the busy
 * timeout): with a plain BEGIN, a transaction that reads then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT when another process (a backup, a purge, a seed) committed in between,
 * and busy_timeout never applies. ROLLBACK runs only while a transaction is open: after a full
 * disk or an I/O error SQLite has already rolled back, and a failing ROLLBACK would replace the
 * real error with "no transaction is active" (docs/decisions/017-faults.md).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  private readonly sqlite: SQLite.Database;
  private readonly database: ReturnType<typeof withStatementCache>;

  private readonly begin: string;

  constructor(sqlite: SQLite.Database, immediate: boolean) {
    const database = withStatementCache(sqlite);
    super({ database });
    this.sqlite = sqlite;
    this.database = database;
    this.begin = immediate ? "begin immediate" : "begin";
  }

  override createDriver() {
    const { sqlite, begin } = this;
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection) {
        await connection.executeQuery(CompiledQuery.raw(begin));
      }
      override async rollbackTransaction(connection: DatabaseConnection) {
        if (sqlite.inTransaction) await connection.executeQuery(CompiledQuery.raw("rollback"));
      }
    })({ database: this.database });
  }
}

/** Runs every pending migration; throws (and so stops the start-up) on failure. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Error") console.error(`migration ${r.migrationName} failed`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
