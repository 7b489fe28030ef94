/**
 * Health indicators for the degradation-trend RUL methods: each watched
 * sensor's value mapped so that 0 is healthy and 1 is the failure threshold.
 */
import { sensorSpec } from "../catalog/sensors.ts";

/** A watched sensor with an explicit failure threshold. */
export interface WatchedSensor {
  name: string;
  failure_threshold: number;
  /** Healthy value; default: the first value seen per machine. */
  baseline?: number;
}

/** Maps a value of one sensor to its health indicator (1 = failure). */
export type Indicator = (value: number) => number;

/**
 * Indicator for a configured sensor: `(x − baseline) / (threshold − baseline)`.
 * The direction follows the threshold (above or below the baseline).
 */
export function configuredIndicator(baseline: number, threshold: number): Indicator | null {
  const span = threshold - baseline;
  if (span === 0 || !Number.isFinite(span)) return null;
  return (x) => (x - baseline) / span;
}

/**
 * Indicator from the sensor catalog: distance from the middle of the normal
 * range towards the critical level on either side, whichever is larger.
 * Null for sensors that are not in the catalog or have no critical level.
 */
export function catalogIndicator(name: string): Indicator | null {
  const s = sensorSpec(name);
  if (!s) return null;
  const mid = (s.min + s.max) / 2;
  const hi = s.critical_high !== undefined && s.critical_high > mid ? s.critical_high : undefined;
  const lo = s.critical_low !== undefined && s.critical_low < mid ? s.critical_low : undefined;
  if (hi === undefined && lo === undefined) return null;
  return (x) =>
    Math.max(
      hi === undefined ? -Infinity : (x - mid) / (hi - mid),
      lo === undefined ? -Infinity : (mid - x) / (mid - lo),
    );
}

/**
 * Share of the way to the failure threshold a configured sensor must have
 * moved before its trend is extrapolated (degradation onset).
 */
export const CONFIGURED_ONSET = 0.2;

/**
 * Whether a value shows degradation has begun, so that extrapolating its
 * trend is meaningful: outside the catalog's normal range, or past
 * {@link CONFIGURED_ONSET} of the way to a configured threshold. Healthy
 * sensors wander inside their normal range (load and speed changes); the
 * earliest extrapolated crossing over ~50 such noisy fits is always minutes
 * away, so without this gate every healthy machine would read "0 HRS".
 */
export function catalogDegraded(name: string): ((x: number) => boolean) | null {
  const s = sensorSpec(name);
  if (!s) return null;
  return (x) => x > s.max || x < s.min;
}
