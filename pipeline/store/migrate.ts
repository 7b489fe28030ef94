/**
 * Schema migrations: numbered SQL files (`migrations/NNN_name.sql`) applied in
 * numeric order, each inside its own transaction, recorded with a checksum in
 * `schema_migrations`. The same files run on PGlite and on a Postgres server.
 */
import { fileURLToPath } from "node:url";
import type postgres from "postgres";

/** The repository's `migrations/` folder. */
export const MIGRATIONS_DIR: string = fileURLToPath(
  new URL("../../migrations/", import.meta.url),
);

const FILE_RE = /^(\d+)_([a-z0-9_]+)\.sql$/;

/** One migration file, read and checksummed. */
export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
  /** Hex SHA-256 of the file's text. */
  checksum: string;
}

export interface MigrateOptions {
  /** Folder of `NNN_name.sql` files (default {@link MIGRATIONS_DIR}). */
  dir?: string;
  log?: (msg: string) => void;
}

/** Reads the migration files of `dir` in version order; refuses duplicate versions. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    const m = FILE_RE.exec(entry.name);
    if (!m) {
      throw new Error(
        `Cannot read migrations in ${dir}: file names must look like 001_name.sql, got "${entry.name}"`,
      );
    }
    const sql = await Deno.readTextFile(`${dir.replace(/\/$/, "")}/${entry.name}`);
    out.push({
      version: Number(m[1]),
      name: m[2],
      file: entry.name,
      sql,
      checksum: await sha256(sql),
    });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i].version === out[i - 1].version) {
      throw new Error(
        `Cannot read migrations in ${dir}: version ${out[i].version} is used by both "${
          out[i - 1].file
        }" and "${out[i].file}"`,
      );
    }
  }
  return out;
}

/**
 * Applies every migration of `dir` not yet recorded in `schema_migrations`.
 * Refuses to run when an applied file's checksum changed (edit history by
 * adding a new numbered file instead). Idempotent; safe to call on every start.
 * Returns the files it applied.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { migrate } from "./migrate.ts";
 * const sql = postgres(Deno.env.get("DATABASE_URL")!);
 * const applied = await migrate(sql); // ["001_init.sql", …] the first time, [] after
 * ```
 */
export async function migrate(sql: postgres.Sql, opts: MigrateOptions = {}): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const files = await readMigrations(opts.dir);
  await sql`
    create table if not exists schema_migrations (
      version    integer primary key,
      name       text not null,
      checksum   text not null,
      applied_at timestamptz not null default now()
    )`;
  const applied = new Map(
    (await sql<{ version: number; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations`).map((r) => [r.version, r]),
  );
  for (const f of files) {
    const done = applied.get(f.version);
    if (done) checkUnchanged(f, done);
  }
  const ran: string[] = [];
  for (const f of files) {
    if (applied.has(f.version)) continue;
    const wasApplied = await sql.begin(async (tx) => {
      // Serialises concurrent starters: the loser sees the row and skips.
      await tx`lock table schema_migrations in exclusive mode`;
      const [row] = await tx<{ version: number; name: string; checksum: string }[]>`
        select version, name, checksum from schema_migrations where version = ${f.version}`;
      if (row) {
        checkUnchanged(f, row);
        return true;
      }
      await tx.unsafe(f.sql).simple();
      await tx`insert into schema_migrations (version, name, checksum)
               values (${f.version}, ${f.name}, ${f.checksum})`;
      return false;
    });
    if (!wasApplied) {
      log(`migrations: applied ${f.file}`);
      ran.push(f.file);
    }
  }
  return ran;
}

function checkUnchanged(f: Migration, row: { name: string; checksum: string }): void {
  if (row.checksum !== f.checksum) {
    throw new Error(
      `Cannot migrate: ${f.file} was already applied (as "${row.name}") but its checksum changed ` +
        `from ${row.checksum.slice(0, 12)}… to ${f.checksum.slice(0, 12)}…; ` +
        `restore the file and put the change in a new numbered migration`,
    );
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
