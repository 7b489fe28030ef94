/**
 * Postgres sink throughput vs `psql \copy` of the same rows (SPEC §13: the
 * sink must reach ≥ 70% of \copy rows/s). Both load an empty table with the
 * same keys and indexes, in a scratch schema that is dropped afterwards.
 *
 * Run alone: `deno run -A bench/postgres_sink.ts [DATABASE_URL]`.
 */
import { ReadingBatch, ReadingBatchBuilder } from "../pipeline/engine/batch.ts";
import { systemClock } from "../pipeline/engine/clock.ts";
import { openDatabase } from "../pipeline/store/db.ts";
import { postgresSink, PostgresSinkConfig } from "../pipeline/sinks/postgres.ts";
import type { Sink } from "../pipeline/engine/component.ts";

export interface PostgresSinkBench {
  rows: number;
  rows_per_s: number;
  copy_rows_per_s: number;
  /** rows_per_s / copy_rows_per_s; the target is ≥ 0.7. */
  ratio: number;
}

const MACHINES = ["A", "B", "C"];
const SENSORS = Array.from({ length: 50 }, (_, i) => `sensor_${i}`);
const T0 = Date.UTC(2024, 0, 1);

/** `rows` readings over 3 machines × 50 sensors at 20 Hz, in engine-sized batches. */
function makeBatches(rows: number, batchRows: number): ReadingBatch[] {
  const out: ReadingBatch[] = [];
  const series = MACHINES.length * SENSORS.length;
  let b = new ReadingBatchBuilder(batchRows);
  for (let i = 0; i < rows; i++) {
    const s = i % series;
    const machine = MACHINES[Math.floor(s / SENSORS.length)];
    const sensor = SENSORS[s % SENSORS.length];
    const value = Math.round(Math.sin(i) * 1e6) / 1e3;
    b.push(T0 + Math.floor(i / series) * 50, machine, sensor, value, "u", "good");
    if (b.length === batchRows) {
      out.push(b.finish());
      b = new ReadingBatchBuilder(batchRows);
    }
  }
  if (b.length > 0) out.push(b.finish());
  return out;
}

function toCsv(batches: ReadingBatch[]): string {
  const lines: string[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.n; i++) {
      const k = b.keys[b.series[i]];
      const ts = new Date(b.ts[i]).toISOString();
      lines.push(`${k.machine},${k.sensor},${ts},${b.value[i]},${k.unit ?? ""},good,,`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Runs `psql URL -c "\copy table from 'file' with (format csv)"`. */
async function psqlCopy(url: string, table: string, file: string): Promise<void> {
  const out = await new Deno.Command("psql", {
    args: [url, "-v", "ON_ERROR_STOP=1", "-c", `\\copy ${table} from '${file}' with (format csv)`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`psql \\copy failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
}

/**
 * Loads `rows` readings (default 200k) with the `postgres` sink and with
 * `psql \copy`, best of `rounds` each, prints one JSON line and returns the rates.
 *
 * @example
 * ```ts
 * import { benchPostgresSink } from "./postgres_sink.ts";
 * const r = await benchPostgresSink("postgres://postgres@127.0.0.1:5432/test");
 * if (r.ratio < 0.7) console.error("postgres sink below 70% of \\copy");
 * ```
 */
export async function benchPostgresSink(
  url: string,
  rows = 200_000,
  rounds = 3,
): Promise<PostgresSinkBench> {
  const schema = `bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const db = await openDatabase({ url, schema, max: 1 });
  const csvFile = await Deno.makeTempFile({ prefix: "sluice_bench_", suffix: ".csv" });
  try {
    const batches = makeBatches(rows, 10_000);
    await Deno.writeTextFile(csvFile, toCsv(batches));
    await db.sql.unsafe(`create table readings_bench (like readings including all)`);

    const sink = await postgresSink.build(PostgresSinkConfig.parse({}), {
      name: "bench",
      clock: systemClock,
      inputs: ["in"],
      services: { sql: db.sql, baseDir: ".", env: {} },
    }) as Sink;
    // Best of `rounds` for each side: the machine may be busy with other work.
    let sinkSecs = Infinity;
    let copySecs = Infinity;
    for (let round = 0; round < rounds; round++) {
      await db.sql`truncate readings`;
      let t = performance.now();
      for (const b of batches) await sink.write(b, "in");
      await sink.flush?.();
      sinkSecs = Math.min(sinkSecs, (performance.now() - t) / 1000);

      await db.sql`truncate readings_bench`;
      t = performance.now();
      await psqlCopy(url, `${schema}.readings_bench`, csvFile);
      copySecs = Math.min(copySecs, (performance.now() - t) / 1000);
    }
    const [a] = await db.sql<{ n: number }[]>`select count(*)::int as n from readings`;
    const [c] = await db.sql<{ n: number }[]>`select count(*)::int as n from readings_bench`;
    if (a.n !== rows || c.n !== rows) {
      throw new Error(`bench loaded ${a.n} rows with the sink and ${c.n} with \\copy, not ${rows}`);
    }
    const result: PostgresSinkBench = {
      rows,
      rows_per_s: Math.round(rows / sinkSecs),
      copy_rows_per_s: Math.round(rows / copySecs),
      ratio: Math.round((copySecs / sinkSecs) * 1000) / 1000,
    };
    console.log(JSON.stringify({ bench: "postgres_sink", ...result }));
    return result;
  } finally {
    await Deno.remove(csvFile).catch(() => {});
    await db.sql.unsafe(`drop schema ${schema} cascade`).catch(() => {});
    await db.close();
  }
}

if (import.meta.main) {
  const url = Deno.args[0] ?? Deno.env.get("DATABASE_URL") ??
    "postgres://postgres@127.0.0.1:5432/test";
  await benchPostgresSink(url);
}
