/**
 * `dlq` sink: stores rejected records (the `.dlq` outputs) with their reason —
 * in the `dlq` table when the host has a database, otherwise appended as
 * NDJSON to `path`. Table writes are idempotent like the `postgres` sink's.
 */
import { z } from "zod";
import type { Batch } from "../engine/batch.ts";
import type { SinkDef } from "../engine/component.ts";
import type { Rejected } from "../engine/record.ts";
import { durationMs } from "../dsl/duration.ts";
import { batchRecords, NdjsonWriter, resolvePath } from "./file.ts";
import { GroupCommit } from "./group_commit.ts";
import { insertRejected, type RejectedRow } from "./postgres_rows.ts";

export const DlqSinkConfig = z.object({
  path: z.string().min(1).default("data/dlq.ndjson").meta({
    description: "NDJSON file used when there is no database, relative to the topology's directory",
  }),
  batch_size: z.number().int().min(1).max(1_000_000).default(5000).meta({
    description: "Rows per INSERT statement into the dlq table",
  }),
  max_retries: z.number().int().min(0).max(100).default(5).meta({
    description: "Retries of a transaction after connection errors before the write fails",
  }),
  retry_backoff: durationMs.default(100).meta({
    description: 'First retry delay, doubled per retry up to 30s, e.g. "100ms"',
  }),
}).strict();

export type DlqSinkOptions = z.infer<typeof DlqSinkConfig>;

/** Rejected records of a batch; anything else that reaches the DLQ is wrapped as rejected. */
export function rejectedOf(batch: Batch, input: string): Rejected[] {
  return batchRecords(batch).map((r): Rejected => {
    const rec = r as { kind?: unknown; ts?: unknown };
    if (rec.kind === "rejected") return r as Rejected;
    const ts = typeof rec.ts === "number" ? rec.ts : 0;
    return { kind: "rejected", ts, component: input, reason: "sent to the dlq sink", record: r };
  });
}

/** The `dlq` sink definition. */
export const dlqSink: SinkDef<DlqSinkOptions> = {
  kind: "sink",
  type: "dlq",
  summary: "Stores rejected records and their reasons in the dlq table (or an NDJSON file)",
  config: DlqSinkConfig,
  accepts: ["rejected"],
  examples: [DlqSinkConfig.parse({}), DlqSinkConfig.parse({ path: "data/rejected.ndjson" })],
  build(config, ctx) {
    const sql = ctx.services.sql;
    if (!sql) {
      const writer = new NdjsonWriter(resolvePath(ctx.services.baseDir, config.path));
      return {
        write: (batch, input) => writer.append(rejectedOf(batch, input)),
        flush: () => writer.sync(),
        close: () => writer.close(),
      };
    }
    const group = new GroupCommit<RejectedRow[]>({
      what: `dlq sink "${ctx.name}"`,
      clock: ctx.clock,
      gatherMs: 0,
      maxRetries: config.max_retries,
      backoffMs: config.retry_backoff,
      commit: (items) =>
        sql.begin((tx) => insertRejected(tx, items.flat(), config.batch_size)).then(() => {}),
    });
    return {
      write: (batch, input) =>
        group.add(rejectedOf(batch, input).map((rejected) => ({ rejected, source: input }))),
      flush: () => group.idle(),
      close: () => group.idle(),
    };
  },
};
