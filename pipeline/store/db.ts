/**
 * Opening the store (SPEC §7): a Postgres server when `DATABASE_URL` (or
 * `url`) is given, otherwise embedded PGlite persisted under `data/pglite`.
 *
 * Both are reached through the same npm:postgres client, so every SQL path in
 * sluice is one code path. The embedded database is served on a private
 * 127.0.0.1 socket by `@electric-sql/pglite-socket`, both on a worker thread
 * so that query execution (synchronous WASM) never blocks the main event loop.
 *
 * Why the embedded client has `max: 1`: PGlite is one backend session.
 * PGLiteSocketServer accepts `maxConnections` clients (default 1; extra
 * clients get "Too many connections" and are closed) and multiplexes them by
 * queueing individual protocol *messages* on that one session; it keeps a
 * client's open transaction to itself, but outside a transaction the
 * Parse/Bind/Execute/Sync messages of two clients may interleave, and session
 * state (search_path, prepared statement names) is shared. One client
 * connection avoids all of that; npm:postgres queues queries on it.
 */
import postgres from "postgres";
import { migrate } from "./migrate.ts";
import type { PgliteWorkerRequest, PgliteWorkerResponse } from "./pglite_worker.ts";

/** An open store. */
export interface Database {
  sql: postgres.Sql;
  /** Connection URL the client uses (the local socket for embedded PGlite). */
  url: string;
  /** True for PGlite, false for a Postgres server. */
  embedded: boolean;
  /** Ends the client; for PGlite also stops the socket server and closes the data dir. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Server URL; default env `DATABASE_URL`; when neither is set (or `""`), embedded PGlite. */
  url?: string;
  /** PGlite data directory (created if missing), default `data/pglite`. */
  dataDir?: string;
  log?: (msg: string) => void;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Folder of migrations (default the repository's `migrations/`). */
  migrationsDir?: string;
  /** Schema to create (if missing) and use as search_path, e.g. per test run. */
  schema?: string;
  /** Client pool size for a server (default 10; always 1 for PGlite). */
  max?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the store and applies migrations.
 *
 * @example
 * ```ts
 * import { openDatabase } from "./db.ts";
 * const db = await openDatabase({ dataDir: "data/pglite" });
 * const [{ n }] = await db.sql`select count(*)::int as n from readings`;
 * await db.close();
 * ```
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const log = opts.log ?? (() => {});
  if (opts.schema !== undefined && !SCHEMA_RE.test(opts.schema)) {
    throw new Error(
      `Cannot open database: schema must be a lower-case identifier, got "${opts.schema}"`,
    );
  }
  const url = opts.url ?? Deno.env.get("DATABASE_URL");
  const db = url ? await openServer(url, opts) : await openEmbedded(opts);
  log(db.embedded ? `db: PGlite at ${opts.dataDir ?? "data/pglite"}` : `db: ${redact(db.url)}`);
  if (opts.migrate ?? true) {
    try {
      await migrate(db.sql, { dir: opts.migrationsDir, log });
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}

function clientOptions(opts: OpenDatabaseOptions, max: number): postgres.Options<never> {
  return {
    max,
    onnotice: () => {},
    transform: { undefined: null },
    connection: opts.schema ? { search_path: opts.schema } : {},
  };
}

async function openServer(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.schema) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create schema if not exists ${opts.schema}`);
    } catch (e) {
      throw new Error(`Cannot open database ${redact(url)}: ${errorText(e)}`, { cause: e });
    } finally {
      await admin.end({ timeout: 5 });
    }
  }
  const sql = postgres(url, clientOptions(opts, opts.max ?? 10));
  try {
    await sql`select 1`;
  } catch (e) {
    await sql.end({ timeout: 1 });
    throw new Error(`Cannot open database ${redact(url)}: ${errorText(e)}`, { cause: e });
  }
  return { sql, url, embedded: false, close: () => sql.end({ timeout: 5 }) };
}

async function openEmbedded(opts: OpenDatabaseOptions): Promise<Database> {
  const dataDir = opts.dataDir ?? "data/pglite";
  await Deno.mkdir(dataDir, { recursive: true });
  // PGlite and its socket live on their own thread (see pglite_worker.ts).
  const worker = new Worker(new URL("./pglite_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const call = (req: PgliteWorkerRequest) =>
    new Promise<string | undefined>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<PgliteWorkerResponse>) =>
        e.data.ok ? resolve(e.data.conn) : reject(new Error(e.data.error));
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`embedded database worker failed: ${e.message}`));
      };
      worker.postMessage(req);
    });
  let conn: string | undefined;
  try {
    conn = await call({ op: "start", dataDir, schema: opts.schema });
  } catch (e) {
    worker.terminate();
    throw new Error(`Cannot open embedded database in ${dataDir}: ${errorText(e)}`, { cause: e });
  }
  const url = `postgres://postgres@${conn}/postgres`;
  const sql = postgres(url, clientOptions(opts, 1));
  let closed: Promise<void> | undefined;
  const close = () =>
    closed ??= (async () => {
      await sql.end({ timeout: 5 });
      try {
        await call({ op: "stop" });
      } finally {
        worker.terminate();
      }
    })();
  try {
    await sql`select 1`;
  } catch (e) {
    await close();
    throw new Error(`Cannot open embedded database in ${dataDir}: ${errorText(e)}`, { cause: e });
  }
  return { sql, url, embedded: true, close };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
