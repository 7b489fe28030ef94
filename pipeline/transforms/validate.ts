/**
 * `validate`: the gate between raw inputs and the rest of the pipeline.
 *
 * Readings in, valid readings out; every refused reading goes to `.dlq` with a
 * reason naming the field and the value. Checks, in order: `ts` finite, not
 * before 2000 and not more than `max_future` ahead of the clock; sensor known
 * (catalog or `extra_sensors`); `value` finite; quality not bad; value
 * physically plausible (the catalog's range, thresholds included, widened
 * around its centre by `plausibility_factor`).
 *
 * Hot path: limits are resolved once per series of the batch's dictionary and
 * the row loop is a handful of numeric comparisons; a clean batch is passed on
 * as the very same object (no copy).
 */
import { z } from "zod";
import { filterReadings, QUALITY_CODES, readingAt } from "../engine/batch.ts";
import type { ReadingBatch } from "../engine/batch.ts";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import { sensorSpec } from "../catalog/sensors.ts";
import type { SensorSpec } from "../catalog/types.ts";
import { durationMs, formatDuration } from "../dsl/duration.ts";

const Config = z.object({
  unknown_sensors: z.enum(["reject", "pass"]).default("reject").meta({
    description: "What to do with sensors that are neither in the catalog nor in extra_sensors",
  }),
  extra_sensors: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]).meta({
    description: "Custom sensor names to accept (no plausibility range is checked for them)",
  }),
  drop_bad_quality: z.boolean().default(true).meta({
    description: "Reject readings whose quality is bad",
  }),
  plausibility_factor: z.number().min(1).default(10).meta({
    description: "How far around its centre the catalog range (thresholds included) is widened " +
      "before a value counts as physically implausible",
  }),
  max_future: durationMs.prefault("1d").meta({
    description: "How far ahead of the clock an event time may be",
  }),
}).strict();

/** Parsed `validate` options. */
export type ValidateConfig = z.infer<typeof Config>;

/** Event times before this (2000-01-01T00:00:00Z) are refused. */
export const MIN_TS = Date.UTC(2000, 0, 1);
const BAD = QUALITY_CODES.bad;

/**
 * The plausible range of a sensor: the hull of its normal range and thresholds,
 * widened around its centre by `factor`.
 */
export function plausibleRange(spec: SensorSpec, factor: number): [number, number] {
  const edges = [spec.min, spec.max, spec.warning_low, spec.warning_high, spec.critical_low]
    .concat(spec.critical_high)
    .filter((x): x is number => x !== undefined);
  const lo = Math.min(...edges);
  const hi = Math.max(...edges);
  const centre = (lo + hi) / 2;
  const half = (hi - lo) / 2 || Math.abs(centre) || 1;
  return [centre - factor * half, centre + factor * half];
}

/** The `validate` transform definition. */
export const validate: TransformDef<ValidateConfig> = {
  kind: "transform",
  type: "validate",
  summary:
    "Rejects readings with bad timestamps, unknown sensors, non-finite or implausible values",
  config: Config,
  accepts: ["reading"],
  outputs: () => ({ out: "reading" }),
  examples: [
    {
      unknown_sensors: "reject",
      extra_sensors: [],
      drop_bad_quality: true,
      plausibility_factor: 10,
      max_future: 86_400_000,
    },
    {
      unknown_sensors: "pass",
      extra_sensors: ["spindle_load"],
      drop_bad_quality: false,
      plausibility_factor: 3,
      max_future: 60_000,
    },
  ],
  build(config, ctx: TransformContext) {
    const extra = new Set(config.extra_sensors);
    const factor = config.plausibility_factor;
    const passUnknown = config.unknown_sensors === "pass";
    const badCode = config.drop_bad_quality ? BAD : -1;
    const ranges = new Map<string, [number, number]>();

    /** [lo, hi] for a sensor; NaN bounds mark an unknown sensor to reject. */
    const rangeOf = (sensor: string): [number, number] => {
      let r = ranges.get(sensor);
      if (r) return r;
      const spec = sensorSpec(sensor);
      if (spec) r = plausibleRange(spec, factor);
      else if (extra.has(sensor) || passUnknown) r = [-Number.MAX_VALUE, Number.MAX_VALUE];
      else r = [NaN, NaN];
      ranges.set(sensor, r);
      return r;
    };

    const reason = (b: ReadingBatch, i: number, lo: number, hi: number, maxTs: number) => {
      const t = b.ts[i];
      const v = b.value[i];
      const k = b.keys[b.series[i]];
      if (!Number.isFinite(t)) return `ts ${t} is not a finite number`;
      if (t < MIN_TS) return `ts ${t} (${iso(t)}) is before 2000-01-01`;
      if (t > maxTs) {
        return `ts ${t} (${iso(t)}) is more than ${formatDuration(config.max_future)} ` +
          `ahead of the clock (${iso(ctx.clock.now())})`;
      }
      if (Number.isNaN(lo)) return `sensor "${k.sensor}" is unknown (not in the catalog)`;
      if (!Number.isFinite(v)) return `value ${v} is not a finite number`;
      if (b.quality[i] === badCode) return `quality is bad`;
      return `value ${v} is implausible for ${k.sensor}: outside ${lo}..${hi}` +
        (k.unit ? ` ${k.unit}` : "");
    };

    return {
      process(batch) {
        if (batch.kind !== "readings") return;
        const nk = batch.keys.length;
        const lo = new Float64Array(nk);
        const hi = new Float64Array(nk);
        for (let s = 0; s < nk; s++) [lo[s], hi[s]] = rangeOf(batch.keys[s].sensor);
        const maxTs = ctx.clock.now() + config.max_future;
        const { ts, value, series, quality } = batch;
        const out = filterReadings(batch, (i) => {
          const s = series[i];
          const t = ts[i];
          const v = value[i];
          // NaN fails every comparison, so non-finite values and unknown sensors fall through.
          if (
            v >= lo[s] && v <= hi[s] && t >= MIN_TS && t <= maxTs && quality[i] !== badCode
          ) return true;
          ctx.reject(
            readingAt(batch, i),
            reason(batch, i, lo[s], hi[s], maxTs),
            Number.isFinite(t) ? t : ctx.clock.now(),
          );
          return false;
        });
        ctx.emit(out);
      },
      control(command) {
        const sensor = command.sensor;
        if (command.action === "list_extra_sensors") return { ok: true, sensors: [...extra] };
        if (command.action !== "add_sensor" && command.action !== "remove_sensor") {
          return { ok: false, error: `unknown action ${JSON.stringify(command.action)}` };
        }
        if (typeof sensor !== "string" || !/^[a-z][a-z0-9_]*$/.test(sensor)) {
          return {
            ok: false,
            error: `sensor must be a snake_case name, got ${JSON.stringify(sensor)}`,
          };
        }
        if (command.action === "add_sensor") extra.add(sensor);
        else extra.delete(sensor);
        ranges.delete(sensor);
        return { ok: true, sensors: [...extra] };
      },
    };
  },
};

function iso(t: number): string {
  return Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t);
}
