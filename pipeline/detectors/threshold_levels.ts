/**
 * Warning/critical limits of one sensor and how a value maps onto them:
 * the pure part of the `threshold` detector (no state, no I/O).
 */
import { z } from "zod";
import type { SensorSpec } from "../catalog/types.ts";

/** The four alarm levels of a sensor; any may be absent. */
export interface Limits {
  warning_high?: number;
  critical_high?: number;
  warning_low?: number;
  critical_low?: number;
}

/** Level names, indexed by level number. */
export const LEVELS = ["nominal", "warning", "critical"] as const;
export type Level = 0 | 1 | 2;

export const LIMIT_FIELDS = [
  "warning_high",
  "critical_high",
  "warning_low",
  "critical_low",
] as const;

/** Zod schema of one sensor's limits (config `overrides`). */
export const LimitsSchema = z.object({
  warning_high: z.number().optional().meta({ description: "Warning when value ≥ this" }),
  critical_high: z.number().optional().meta({ description: "Critical when value ≥ this" }),
  warning_low: z.number().optional().meta({ description: "Warning when value ≤ this" }),
  critical_low: z.number().optional().meta({ description: "Critical when value ≤ this" }),
}).strict();

/** The catalog's limits for a sensor. */
export function catalogLimits(spec: SensorSpec | undefined): Limits {
  const out: Limits = {};
  if (!spec) return out;
  for (const f of LIMIT_FIELDS) if (spec[f] !== undefined) out[f] = spec[f];
  return out;
}

/** Problems with a set of limits (empty when consistent), e.g. warning above critical. */
export function limitProblems(l: Limits): string[] {
  const out: string[] = [];
  for (const f of LIMIT_FIELDS) {
    const v = l[f];
    if (v !== undefined && !Number.isFinite(v)) out.push(`${f} must be a finite number, got ${v}`);
  }
  const pairs: [keyof Limits, keyof Limits, string][] = [
    ["warning_high", "critical_high", "must not exceed"],
    ["critical_low", "warning_low", "must not exceed"],
    ["warning_low", "warning_high", "must be below"],
  ];
  for (const [a, b, rel] of pairs) {
    const x = l[a];
    const y = l[b];
    if (x === undefined || y === undefined) continue;
    if (rel === "must be below" ? x >= y : x > y) out.push(`${a} (${x}) ${rel} ${b} (${y})`);
  }
  return out;
}

/** A level with the side it was reached on. */
export interface Verdict {
  level: Level;
  side: "high" | "low" | undefined;
}

/**
 * The level of `v`. With `hysteresis` h > 0, a series at level `current`
 * stays there until the value is back inside that level's limit by h·|limit|.
 */
export function classify(v: number, l: Limits, current: Level, hysteresis: number): Verdict {
  const raw = rawLevel(v, l, 0);
  if (hysteresis <= 0 || raw.level >= current || current === 0) return raw;
  const held = rawLevel(v, l, hysteresis);
  return held.level >= current ? { level: current, side: held.side } : raw;
}

function rawLevel(v: number, l: Limits, h: number): Verdict {
  const hi = (t: number | undefined) => t !== undefined && v >= t - h * Math.abs(t);
  const lo = (t: number | undefined) => t !== undefined && v <= t + h * Math.abs(t);
  if (hi(l.critical_high)) return { level: 2, side: "high" };
  if (lo(l.critical_low)) return { level: 2, side: "low" };
  if (hi(l.warning_high)) return { level: 1, side: "high" };
  if (lo(l.warning_low)) return { level: 1, side: "low" };
  return { level: 0, side: undefined };
}

/**
 * Score of a verdict: 0 nominal; warning 0.5–0.8 and critical 0.8–1, rising
 * with how far the value is past the limit, relative to the warning→critical
 * gap (or to 10% of the limit when the side has one level only).
 */
export function levelScore(v: number, l: Limits, verdict: Verdict): number {
  if (verdict.level === 0) return 0;
  const high = verdict.side === "high";
  const w = high ? l.warning_high : l.warning_low;
  const c = high ? l.critical_high : l.critical_low;
  const limit = (verdict.level === 2 ? c : w)!;
  const gap = w !== undefined && c !== undefined && w !== c
    ? Math.abs(c - w)
    : Math.max(Math.abs(limit) * 0.1, 1e-9);
  const past = Math.min(1, Math.max(0, (high ? v - limit : limit - v) / gap));
  return verdict.level === 2 ? 0.8 + 0.2 * past : 0.5 + 0.3 * past;
}

/** Human-readable reason, e.g. `bearing_temp 192.3 °F above warning 185 (critical 200)`. */
export function levelMessage(
  sensor: string,
  v: number,
  unit: string | undefined,
  l: Limits,
  verdict: Verdict,
): string {
  const value = `${sensor} ${round(v)}${unit ? ` ${unit}` : ""}`;
  if (verdict.level === 0) return `${value} back to nominal`;
  const high = verdict.side === "high";
  const name = LEVELS[verdict.level];
  const limit = verdict.level === 2
    ? (high ? l.critical_high : l.critical_low)
    : (high ? l.warning_high : l.warning_low);
  const next = verdict.level === 1 ? (high ? l.critical_high : l.critical_low) : undefined;
  if (high ? v < limit! : v > limit!) return `${value} within hysteresis of ${name} ${limit}`;
  return `${value} ${high ? "above" : "below"} ${name} ${limit}` +
    (next !== undefined ? ` (critical ${next})` : "");
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
