/**
 * `window`: event-time aggregation of readings per (machine, sensor) series.
 *
 * Semantics (SPEC §4–§5):
 * - **Key.** Always the series (machine, sensor): every aggregate describes one
 *   sensor, so `key` accepts only `[machine, sensor]` (written for clarity; a
 *   per-machine view is the job of the multivariate detectors downstream).
 * - **Watermark.** Each operator replica tracks the greatest event time it has
 *   seen; watermark = that − `watermark` (the allowed out-of-orderness). It
 *   advances reading by reading, so lateness does not depend on batch edges.
 * - **Tumbling / sliding.** Window k is [k·slide, k·slide + size), aligned to
 *   the epoch (tumbling: slide = size); a reading belongs to every window that
 *   contains it. A window is emitted as one {@link Aggregate} (`ts` =
 *   `window_end`) once the watermark reaches its end, i.e. at the end of the
 *   batch in which that happened. Windows with no readings emit nothing.
 * - **Session.** Per series, readings closer than `gap` form a session
 *   [first_ts, last_ts + gap), emitted once the watermark reaches its end; an
 *   out-of-order reading that bridges two sessions merges them.
 * - **Lateness.** A window stays open for updates until the watermark reaches
 *   end + `allowed_lateness`. A reading for an already emitted window within
 *   that horizon updates it, and the window is emitted again with
 *   `update: true` (once per batch, however many late readings it received).
 *   A reading too late for *every* window it belongs to goes to the `late`
 *   port unchanged and is counted (`ctx.countLate`); one that is too late for
 *   some of its sliding windows only updates the others. Nothing is dropped
 *   silently; readings with a non-finite time or value are rejected to `.dlq`.
 * - **Aggregates.** count, mean, min, max, population stddev (√(M2/n)), last
 *   (value with the greatest event time), least-squares slope of value over
 *   time in units per second (0 for n < 2), and the most frequent non-empty
 *   label. All are always computed — they cost the same single pass and the
 *   Aggregate record carries every field — so there is no `aggregates` option.
 * - **End of stream.** `flush()` emits every window not yet emitted.
 * - **State.** `snapshot()` returns the open windows as JSON; `restore()` in a
 *   fresh operator continues exactly as an uninterrupted run would.
 */
import { z } from "zod";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import { durationMs, formatDuration } from "../dsl/duration.ts";
import { AlignedWindowOperator } from "./window_aligned.ts";
import { SessionWindowOperator } from "./window_session.ts";

/** Most windows a single reading may belong to (size / slide). */
export const MAX_WINDOWS_PER_READING = 1000;

const fmt = (ms: number | undefined) => ms === undefined ? "nothing" : formatDuration(ms);

const Config = z.object({
  kind: z.enum(["tumbling", "sliding", "session"]).meta({
    description: "tumbling: fixed back-to-back windows; sliding: overlapping windows every " +
      "`slide`; session: windows that close after `gap` without readings",
  }),
  size: durationMs.optional().meta({
    description: 'Window length, e.g. "5s" (tumbling and sliding)',
  }),
  slide: durationMs.optional().meta({
    description: 'Distance between window starts, ≤ size, e.g. "1s" (sliding only)',
  }),
  gap: durationMs.optional().meta({
    description: 'Inactivity that ends a session, e.g. "30s" (session only)',
  }),
  key: z.array(z.enum(["machine", "sensor"])).default(["machine", "sensor"]).meta({
    description: "Grouping key; aggregates are per series, so this is always [machine, sensor]",
  }),
  watermark: durationMs.prefault("2s").meta({
    description: "Allowed out-of-orderness: watermark = newest event time seen − this",
  }),
  allowed_lateness: durationMs.prefault("0s").meta({
    description: "How long after its end an emitted window still accepts late readings " +
      "(and is re-emitted with update: true); later readings go to the late port",
  }),
}).strict().superRefine((c, ctx) => {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  const positive = (field: "size" | "slide" | "gap") => {
    const v = c[field];
    if (v === undefined) issue(field, `${c.kind} windows need "${field}", got nothing`);
    else if (!(v > 0)) issue(field, `${field} must be greater than 0, got ${fmt(v)}`);
  };
  const absent = (field: "size" | "slide" | "gap", usedBy: string) => {
    if (c[field] !== undefined) {
      issue(
        field,
        `${field} applies to ${usedBy} windows only, not ${c.kind}; got ${fmt(c[field])}`,
      );
    }
  };
  if (c.kind === "session") {
    positive("gap");
    absent("size", "tumbling and sliding");
    absent("slide", "sliding");
  } else {
    positive("size");
    absent("gap", "session");
    if (c.kind === "sliding") {
      positive("slide");
      if (c.size! > 0 && c.slide! > 0) {
        if (c.slide! > c.size!) {
          issue("slide", `slide must not exceed size (${fmt(c.size)}), got ${fmt(c.slide)}`);
        } else if (c.size! / c.slide! > MAX_WINDOWS_PER_READING) {
          issue(
            "slide",
            `size/slide must be ≤ ${MAX_WINDOWS_PER_READING} (each reading updates that many ` +
              `windows), got ${fmt(c.size)}/${fmt(c.slide)} = ${Math.ceil(c.size! / c.slide!)}`,
          );
        }
      }
    } else absent("slide", "sliding");
  }
  if (c.key.length !== 2 || !c.key.includes("machine") || !c.key.includes("sensor")) {
    issue(
      "key",
      `key must be [machine, sensor] (aggregates are per series), got [${c.key.join(", ")}]`,
    );
  }
});

/** Parsed `window` options (durations in milliseconds). */
export type WindowConfig = z.infer<typeof Config>;

/** The `window` transform definition (named `windowDef` to avoid shadowing the global). */
export const windowDef: TransformDef<WindowConfig> = {
  kind: "transform",
  type: "window",
  summary: "Aggregates readings per sensor over tumbling, sliding or session event-time windows",
  config: Config,
  accepts: ["reading"],
  outputs: () => ({ out: "aggregate", late: "reading" }),
  examples: [
    {
      kind: "tumbling",
      size: 5000,
      key: ["machine", "sensor"],
      watermark: 2000,
      allowed_lateness: 10_000,
    },
    {
      kind: "sliding",
      size: 60_000,
      slide: 10_000,
      key: ["machine", "sensor"],
      watermark: 2000,
      allowed_lateness: 0,
    },
    {
      kind: "session",
      gap: 30_000,
      key: ["machine", "sensor"],
      watermark: 5000,
      allowed_lateness: 0,
    },
  ],
  build(config, ctx: TransformContext) {
    const timing = { watermark: config.watermark, allowedLateness: config.allowed_lateness };
    if (config.kind === "session") {
      return new SessionWindowOperator(ctx, { ...timing, gap: config.gap! });
    }
    const size = config.size!;
    const slide = config.kind === "tumbling" ? size : config.slide!;
    return new AlignedWindowOperator(ctx, { ...timing, size, slide });
  },
};
