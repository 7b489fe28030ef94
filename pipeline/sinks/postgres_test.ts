import assert from "node:assert/strict";
import type postgres from "postgres";
import { type Batch, eventBatch, ReadingBatchBuilder } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Event } from "../engine/record.ts";
import { buildSink } from "../testing/operator_harness.ts";
import { openDatabase } from "../store/db.ts";
import { PostgresSink, postgresSink } from "./postgres.ts";

const T0 = Date.UTC(2024, 0, 1);

function readings(): Batch {
  const b = new ReadingBatchBuilder(4);
  for (let i = 0; i < 10; i++) {
    b.push(T0 + i * 100, "A", "rpm", 1500 + i, "rpm");
    b.push(T0 + i * 100, "B", "bearing_temp", 80.5 + i / 3, "°F", i === 3 ? "bad" : "good");
  }
  b.push(T0 + 5000, "C", "vibration", 7.25, "mm/s", "uncertain", "bearing_wear", "k-1");
  return b.finish();
}

function events(): Event[] {
  const agg = {
    kind: "aggregate" as const,
    ts: T0 + 5000,
    window_start: T0,
    window_end: T0 + 5000,
    machine: "A",
    sensor: "rpm",
    unit: "rpm",
    count: 10,
    mean: 1504.5,
    min: 1500,
    max: 1509,
    stddev: 2.87,
    last: 1509,
    slope: 10,
  };
  return [
    agg,
    { ...agg, count: 11, mean: 1505, update: true }, // late update of the same window
    {
      kind: "anomaly",
      ts: T0 + 900,
      machine: "B",
      sensor: "bearing_temp",
      score: 0.93,
      is_anomaly: true,
      contributing: ["bearing_temp", "vibration"],
      detector: "limits",
      severity: "critical",
      value: 104,
      scores: { threshold: 0.93 },
    },
    {
      kind: "anomaly",
      ts: T0 + 900,
      machine: "B",
      score: 0.4,
      is_anomaly: false,
      contributing: [],
      detector: "iforest",
    },
    {
      kind: "rul",
      ts: T0 + 5000,
      machine: "A",
      hours: 120,
      lower: 90,
      upper: 150,
      confidence: 0.8,
      method: "exponential",
    },
    {
      kind: "alert",
      id: "al-1",
      ts: T0 + 900,
      machine: "B",
      sensor: "bearing_temp",
      severity: "critical",
      title: "Bearing overheating",
      state: "open",
    },
    {
      kind: "alert",
      id: "al-1",
      ts: T0 + 2000,
      machine: "B",
      sensor: "bearing_temp",
      severity: "critical",
      title: "Bearing overheating",
      state: "acknowledged",
    },
    { kind: "rejected", ts: T0, component: "clean", reason: "value is NaN", record: { v: "x" } },
  ];
}

const TABLES = ["readings", "aggregates", "anomalies", "rul_estimates", "alerts", "dlq"];

async function tableCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    out[t] = (await sql.unsafe(`select count(*)::int as n from ${t}`))[0].n;
  }
  return out;
}

const EXPECTED = {
  readings: 21,
  aggregates: 1,
  anomalies: 2,
  rul_estimates: 1,
  alerts: 1,
  dlq: 1,
};

/** Writes every kind twice and checks the rows; shared by the PGlite and the server test. */
async function writesEveryKindOnce(sql: postgres.Sql): Promise<void> {
  const sink = await buildSink(postgresSink, { batch_size: 7 }, { sql }, "db") as PostgresSink;
  await sink.write(readings(), "clean");
  await sink.write(eventBatch(events()), "detectors");
  assert.deepEqual(await tableCounts(sql), EXPECTED);
  assert.deepEqual({ ...sink.written }, EXPECTED);

  // A replay (same batches again) adds and changes nothing.
  await Promise.all([sink.write(readings(), "clean"), sink.write(eventBatch(events()), "x")]);
  await sink.flush();
  assert.deepEqual(await tableCounts(sql), EXPECTED);
  assert.deepEqual({ ...sink.written }, EXPECTED);

  const [c] = await sql`select machine, sensor, value, unit, quality, label, source_id,
                               extract(epoch from ts) * 1000 as ms
                        from readings where machine = 'C'`;
  assert.deepEqual({ ...c, ms: Number(c.ms) }, {
    machine: "C",
    sensor: "vibration",
    value: 7.25,
    unit: "mm/s",
    quality: "uncertain",
    label: "bearing_wear",
    source_id: "k-1",
    ms: T0 + 5000,
  });
  const [bad] = await sql`select quality from readings
                          where machine = 'B' and ts = ${new Date(T0 + 300)}`;
  assert.equal(bad.quality, "bad");
  const [agg] = await sql`select count, mean from aggregates`;
  assert.deepEqual({ ...agg }, { count: 11, mean: 1505 });
  const anomalies = await sql`select detector, sensor, contributing, scores, severity
                              from anomalies order by detector`;
  assert.deepEqual(anomalies.map((r) => ({ ...r })), [
    { detector: "iforest", sensor: "", contributing: [], scores: null, severity: null },
    {
      detector: "limits",
      sensor: "bearing_temp",
      contributing: ["bearing_temp", "vibration"],
      scores: { threshold: 0.93 },
      severity: "critical",
    },
  ]);
  const [alert] = await sql`select state, opened_at, acknowledged_at, cleared_at from alerts`;
  assert.equal(alert.state, "acknowledged");
  assert.equal(alert.opened_at.getTime(), T0 + 900);
  assert.equal(alert.acknowledged_at.getTime(), T0 + 2000);
  assert.equal(alert.cleared_at, null);
  const [dlq] = await sql`select component, reason, record, source from dlq`;
  assert.deepEqual({ ...dlq }, {
    component: "clean",
    reason: "value is NaN",
    record: { v: "x" },
    source: "detectors",
  });

  // An older alert event replayed after a newer one does not roll the state back.
  await sink.write(eventBatch([{ ...events()[5] }]), "detectors");
  assert.equal((await sql`select state from alerts`)[0].state, "acknowledged");
}

Deno.test("postgres sink writes each record kind once, persisting across reopen (PGlite)", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  try {
    let db = await openDatabase({ url: "", dataDir });
    try {
      await writesEveryKindOnce(db.sql);
    } finally {
      await db.close();
    }
    db = await openDatabase({ url: "", dataDir });
    try {
      assert.deepEqual(await tableCounts(db.sql), EXPECTED);
    } finally {
      await db.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

const serverUrl = Deno.env.get("DATABASE_URL");
const ci = Deno.env.get("CI") === "true";

Deno.test({
  name: "postgres sink writes each record kind once on a Postgres server (DATABASE_URL)",
  ignore: !serverUrl && !ci,
  async fn() {
    if (!serverUrl) {
      assert.fail(
        "CI=true but DATABASE_URL is not set: the postgres sink must be tested against a server " +
          "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)",
      );
    }
    const schema = `test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    let db;
    try {
      db = await openDatabase({ url: serverUrl, schema, max: 4 });
    } catch (e) {
      assert.fail(`Postgres at DATABASE_URL is unreachable: ${e instanceof Error ? e.message : e}`);
    }
    try {
      await writesEveryKindOnce(db.sql);
    } finally {
      await db.sql.unsafe(`drop schema ${schema} cascade`);
      await db.close();
    }
  },
});

Deno.test("postgres sink refuses to build without a database connection", async () => {
  await assert.rejects(
    buildSink(postgresSink, {}, {}, "db"),
    /Cannot build sink "db": no database connection/,
  );
});

Deno.test("postgres sink config rejects unknown options and bad durations", () => {
  assert.throws(() => postgresSink.config.parse({ batchsize: 10 }), /batchsize/);
  assert.throws(() => postgresSink.config.parse({ flush_interval: "soon" }), /expected a duration/);
  for (const ex of postgresSink.examples) postgresSink.config.parse(ex);
});

/** A client whose first `failures` transactions fail as if the connection dropped. */
function flaky(sql: postgres.Sql, failures: number): postgres.Sql & { calls: number } {
  const wrapper = {
    calls: 0,
    begin(fn: (tx: postgres.TransactionSql) => unknown) {
      wrapper.calls++;
      if (wrapper.calls <= failures) {
        return Promise.reject(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
      }
      return sql.begin(fn);
    },
  };
  return wrapper as unknown as postgres.Sql & { calls: number };
}

Deno.test("postgres sink retries a dropped connection with backoff and then fails clearly", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  const db = await openDatabase({ url: "", dataDir });
  try {
    const clock = new ManualClock(0);
    const build = (sql: postgres.Sql) =>
      postgresSink.build(postgresSink.config.parse({ max_retries: 3, retry_backoff: "100ms" }), {
        name: "db",
        clock,
        inputs: ["in"],
        services: { sql, baseDir: ".", env: {} },
      }) as PostgresSink;

    const twice = flaky(db.sql, 2);
    await build(twice).write(readings(), "in");
    assert.equal(twice.calls, 3);
    assert.equal(clock.now(), 100 + 200); // backoff doubled, on the injected clock
    assert.equal((await tableCounts(db.sql)).readings, 21); // the batch was kept, not lost

    const always = flaky(db.sql, 100);
    await assert.rejects(
      build(always).write(readings(), "in"),
      /Cannot write to postgres sink "db": still failing after 3 retries: read ECONNRESET/,
    );
    assert.equal(always.calls, 4);

    // A data error is not retried, and the sink keeps working afterwards.
    const sink = build(db.sql);
    const bad = { ...events()[5], id: "al-2", severity: "dire" } as unknown as Event;
    await assert.rejects(sink.write(eventBatch([bad]), "in"), /alerts_severity_check/);
    await sink.write(eventBatch([events()[4]]), "in");
    assert.equal((await tableCounts(db.sql)).rul_estimates, 1);
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("postgres sink table toggles skip disabled record kinds", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_pglite_" });
  const db = await openDatabase({ url: "", dataDir });
  try {
    const sink = await buildSink(postgresSink, { tables: { readings: false, dlq: false } }, {
      sql: db.sql,
    }) as PostgresSink;
    await sink.write(readings(), "in");
    await sink.write(eventBatch(events()), "in");
    assert.deepEqual(await tableCounts(db.sql), { ...EXPECTED, readings: 0, dlq: 0 });
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
