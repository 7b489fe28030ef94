/**
 * `postgres` sink: writes readings, aggregates, anomalies, RUL estimates,
 * alerts and rejected records to their tables (SPEC §7) through the host's
 * npm:postgres client — embedded PGlite or a server, one code path.
 *
 * Writes are group-committed: batches that arrive while a transaction is in
 * flight (or within `flush_interval`) are written together in the next one.
 * `write()` resolves only after its rows are committed, so an upstream offset
 * commit after `write()` is safe. Statements are idempotent (see
 * `postgres_rows.ts`), so a replay after a crash adds no duplicates.
 */
import type postgres from "postgres";
import { z } from "zod";
import type { Batch, ReadingBatch } from "../engine/batch.ts";
import type { BuildContext, SinkDef } from "../engine/component.ts";
import type { Aggregate, Alert, Anomaly, RulEstimate } from "../engine/record.ts";
import { durationMs } from "../dsl/duration.ts";
import { GroupCommit } from "./group_commit.ts";
import {
  insertAnomalies,
  insertReadings,
  insertRejected,
  insertRul,
  type RejectedRow,
  upsertAggregates,
  upsertAlerts,
} from "./postgres_rows.ts";

const TABLES = ["readings", "aggregates", "anomalies", "rul_estimates", "alerts", "dlq"] as const;
export type Table = typeof TABLES[number];

const tableToggle = (what: string) =>
  z.boolean().default(true).meta({ description: `Write ${what}` });

export const PostgresSinkConfig = z.object({
  batch_size: z.number().int().min(1).max(1_000_000).default(10_000).meta({
    description: "Rows per INSERT statement (a write of more rows uses several in one transaction)",
  }),
  flush_interval: durationMs.default(0).meta({
    description:
      'How long to gather batches into one transaction before committing, e.g. "50ms"; 0 commits at once',
  }),
  max_retries: z.number().int().min(0).max(100).default(5).meta({
    description: "Retries of a transaction after connection errors before the write fails",
  }),
  retry_backoff: durationMs.default(100).meta({
    description: 'First retry delay, doubled per retry up to 30s, e.g. "100ms"',
  }),
  tables: z.object({
    readings: tableToggle("readings to `readings`"),
    aggregates: tableToggle("window aggregates to `aggregates`"),
    anomalies: tableToggle("detector verdicts to `anomalies`"),
    rul_estimates: tableToggle("RUL estimates to `rul_estimates`"),
    alerts: tableToggle("alerts to `alerts`"),
    dlq: tableToggle("rejected records to `dlq`"),
  }).strict().prefault({}).meta({ description: "Which record kinds to write (all by default)" }),
}).strict();

export type PostgresSinkOptions = z.infer<typeof PostgresSinkConfig>;

/** Rows newly added (or updated) per table since the sink was built. */
export type WriteCounts = Record<Table, number>;

interface Pending {
  batch: Batch;
  input: string;
}

/** The running sink; `written` counts rows that were new to their table. */
export class PostgresSink {
  readonly written: WriteCounts = {
    readings: 0,
    aggregates: 0,
    anomalies: 0,
    rul_estimates: 0,
    alerts: 0,
    dlq: 0,
  };
  #sql: postgres.Sql;
  #opts: PostgresSinkOptions;
  #group: GroupCommit<Pending>;

  constructor(sql: postgres.Sql, opts: PostgresSinkOptions, ctx: BuildContext) {
    this.#sql = sql;
    this.#opts = opts;
    this.#group = new GroupCommit<Pending>({
      what: `postgres sink "${ctx.name}"`,
      clock: ctx.clock,
      gatherMs: opts.flush_interval,
      maxRetries: opts.max_retries,
      backoffMs: opts.retry_backoff,
      commit: (items) => this.#commit(items),
    });
  }

  write(batch: Batch, input: string): Promise<void> {
    return this.#group.add({ batch, input });
  }

  flush(): Promise<void> {
    return this.#group.idle();
  }

  close(): Promise<void> {
    return this.#group.idle();
  }

  async #commit(items: Pending[]): Promise<void> {
    const t = this.#opts.tables;
    const readings: ReadingBatch[] = [];
    const aggregates: Aggregate[] = [];
    const anomalies: Anomaly[] = [];
    const rul: RulEstimate[] = [];
    const alerts: Alert[] = [];
    const rejected: RejectedRow[] = [];
    for (const { batch, input } of items) {
      if (batch.kind === "readings") {
        if (t.readings && batch.n > 0) readings.push(batch);
        continue;
      }
      for (const r of batch.records) {
        if (r.kind === "aggregate") t.aggregates && aggregates.push(r);
        else if (r.kind === "anomaly") t.anomalies && anomalies.push(r);
        else if (r.kind === "rul") t.rul_estimates && rul.push(r);
        else if (r.kind === "alert") t.alerts && alerts.push(r);
        else if (r.kind === "rejected") t.dlq && rejected.push({ rejected: r, source: input });
      }
    }
    const n = this.#opts.batch_size;
    const counts = await this.#sql.begin(async (tx) => ({
      readings: readings.length ? await insertReadings(tx, readings, n) : 0,
      aggregates: aggregates.length ? await upsertAggregates(tx, aggregates, n) : 0,
      anomalies: anomalies.length ? await insertAnomalies(tx, anomalies, n) : 0,
      rul_estimates: rul.length ? await insertRul(tx, rul, n) : 0,
      alerts: alerts.length ? await upsertAlerts(tx, alerts, n) : 0,
      dlq: rejected.length ? await insertRejected(tx, rejected, n) : 0,
    }));
    for (const k of TABLES) this.written[k] += counts[k];
  }
}

/** The `postgres` sink definition. */
export const postgresSink: SinkDef<PostgresSinkOptions> = {
  kind: "sink",
  type: "postgres",
  summary: "Writes every record kind to its Postgres table, batched and idempotent",
  config: PostgresSinkConfig,
  accepts: ["reading", "aggregate", "anomaly", "rul", "alert", "rejected"],
  examples: [
    PostgresSinkConfig.parse({}),
    PostgresSinkConfig.parse({
      batch_size: 5000,
      flush_interval: "50ms",
      tables: { readings: false },
    }),
  ],
  build(config, ctx) {
    const sql = ctx.services.sql;
    if (!sql) {
      throw new Error(
        `Cannot build sink "${ctx.name}": no database connection (the host passes services.sql; ` +
          `set DATABASE_URL or use the embedded store)`,
      );
    }
    return new PostgresSink(sql, config, ctx);
  },
};
