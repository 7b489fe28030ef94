import assert from "node:assert/strict";
import { openDatabase } from "./db.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";

async function copyMigrations(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "sluice_migrations_" });
  for (const m of await readMigrations()) await Deno.writeTextFile(`${dir}/${m.file}`, m.sql);
  return dir;
}

Deno.test("migrations apply once on PGlite, are recorded, and re-open applies nothing", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  const dir = await copyMigrations();
  const logs: string[] = [];
  try {
    let db = await openDatabase({ url: "", dataDir, migrationsDir: dir, log: (m) => logs.push(m) });
    try {
      const rows = await db.sql<{ version: number; name: string; checksum: string }[]>`
        select version, name, checksum from schema_migrations order by version`;
      const files = await readMigrations(dir);
      assert.deepEqual(
        rows.map((r) => [r.version, r.name, r.checksum]),
        files.map((f) => [f.version, f.name, f.checksum]),
      );
      assert.ok(logs.includes("migrations: applied 001_init.sql"));
      const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from machines`;
      assert.equal(n, 3);
      assert.deepEqual(await migrate(db.sql, { dir }), []);
    } finally {
      await db.close();
    }

    // A new numbered file is applied on the next open; earlier ones are not re-run.
    await Deno.writeTextFile(`${dir}/900_extra.sql`, "create table extra (x int);");
    logs.length = 0;
    db = await openDatabase({ url: "", dataDir, migrationsDir: dir, log: (m) => logs.push(m) });
    try {
      assert.deepEqual(logs.filter((l) => l.startsWith("migrations:")), [
        "migrations: applied 900_extra.sql",
      ]);
      const [{ n }] = await db.sql<
        { n: number }[]
      >`select count(*)::int as n from schema_migrations`;
      assert.equal(n, (await readMigrations(dir)).length);
    } finally {
      await db.close();
    }

    // Editing an applied file is refused with the file name.
    await Deno.writeTextFile(`${dir}/900_extra.sql`, "create table extra (x bigint);");
    await assert.rejects(
      openDatabase({ url: "", dataDir, migrationsDir: dir }),
      /Cannot migrate: 900_extra\.sql was already applied \(as "extra"\) but its checksum changed/,
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failing migration rolls back and is not recorded", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  const dir = await Deno.makeTempDir({ prefix: "sluice_migrations_" });
  try {
    await Deno.writeTextFile(`${dir}/001_a.sql`, "create table a (x int);");
    await Deno.writeTextFile(`${dir}/002_b.sql`, "create table b (x int); select * from nowhere;");
    await assert.rejects(openDatabase({ url: "", dataDir, migrationsDir: dir }), /nowhere/);
    await Deno.writeTextFile(`${dir}/002_b.sql`, "create table b (x int);");
    const db = await openDatabase({ url: "", dataDir, migrationsDir: dir });
    try {
      const rows = await db.sql`select version from schema_migrations order by version`;
      assert.deepEqual(rows.map((r) => r.version), [1, 2]);
    } finally {
      await db.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migration file names must be numbered", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sluice_migrations_" });
  try {
    await Deno.writeTextFile(`${dir}/init.sql`, "select 1;");
    await assert.rejects(readMigrations(dir), /must look like 001_name\.sql, got "init\.sql"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.ok(MIGRATIONS_DIR.endsWith("migrations/"));
});
