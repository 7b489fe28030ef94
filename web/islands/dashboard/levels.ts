/**
 * Pure display rules of the dashboard: a reading's level against its
 * sensor's thresholds, a 0..100 health per reading, remaining-useful-life
 * wording and number formatting. No DOM, no Solid: tested under Deno.
 */
import type { SensorSpec } from "../../../pipeline/catalog/types.ts";

/** Display level; the text NOM/WRN/CRIT always goes with the colour. */
export type Level = "nom" | "wrn" | "crit";

export const LEVEL_TEXT: Record<Level, string> = { nom: "NOM", wrn: "WRN", crit: "CRIT" };

const RANK: Record<Level, number> = { nom: 0, wrn: 1, crit: 2 };

/** The worse of two levels. */
export function worse(a: Level, b: Level): Level {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Level of `value` for `spec`: CRIT at or past a critical level, WRN at or
 * past a warning level, NOM otherwise (and for non-finite values).
 *
 * @example
 * ```ts
 * levelOf({ warning_high: 100, critical_high: 120 } as SensorSpec, 105); // "wrn"
 * ```
 */
export function levelOf(spec: SensorSpec, value: number): Level {
  if (!Number.isFinite(value)) return "nom";
  if (
    (spec.critical_high !== undefined && value >= spec.critical_high) ||
    (spec.critical_low !== undefined && value <= spec.critical_low)
  ) return "crit";
  if (
    (spec.warning_high !== undefined && value >= spec.warning_high) ||
    (spec.warning_low !== undefined && value <= spec.warning_low)
  ) return "wrn";
  return "nom";
}

/** Linear map of `x` from [x0, x1] onto [y0, y1], clamped. */
function lerp(x: number, x0: number, x1: number, y0: number, y1: number): number {
  if (x1 === x0) return y1;
  const t = Math.min(1, Math.max(0, (x - x0) / (x1 - x0)));
  return y0 + t * (y1 - y0);
}

/** Health of one side: 100 inside the normal edge, 70 at warning, 30 at critical, 0 beyond. */
function sideHealth(d: number, edge: number, warn: number | undefined, crit: number | undefined) {
  // d, edge, warn, crit are distances measured outward from the normal range.
  if (d <= edge) return 100;
  const range = Math.max(1e-9, Math.abs(edge) || 1);
  const w = warn ?? (crit !== undefined ? (edge + crit) / 2 : edge + range);
  const c = crit ?? w + (w - edge);
  if (d <= w) return lerp(d, edge, w, 100, 70);
  if (d <= c) return lerp(d, w, c, 70, 30);
  return lerp(d, c, c + (c - w || range), 30, 0);
}

/**
 * Health 0..100 of one reading: 100 in the normal range, falling to 70 at
 * the warning level, 30 at the critical level and 0 as far again beyond.
 */
export function healthOf(spec: SensorSpec, value: number): number {
  if (!Number.isFinite(value)) return 100;
  const high = sideHealth(value, spec.max, spec.warning_high, spec.critical_high);
  const low = sideHealth(
    -value,
    -spec.min,
    spec.warning_low === undefined ? undefined : -spec.warning_low,
    spec.critical_low === undefined ? undefined : -spec.critical_low,
  );
  return Math.round(Math.min(high, low));
}

/** Level of a machine health score (0..100) as the risk levels of the protocol name it. */
export function levelOfRisk(risk: string): Level {
  return risk === "low" ? "nom" : risk === "medium" ? "wrn" : "crit";
}

/** Level of a health percentage: ≥ 70 NOM, ≥ 30 WRN, else CRIT (as {@link healthOf} scales). */
export function levelOfHealth(health: number): Level {
  return health >= 70 ? "nom" : health >= 30 ? "wrn" : "crit";
}

/**
 * Remaining useful life as the dashboard shows it (SPEC §5): under 24 h
 * "X HRS" (crit, red), under a week "X DAYS" (wrn, yellow), else "X WEEKS" (nom, green).
 *
 * @example
 * ```ts
 * formatRul(30); // { text: "1.3 DAYS", level: "wrn" }
 * ```
 */
export function formatRul(hours: number): { text: string; level: Level } {
  if (!Number.isFinite(hours) || hours < 0) return { text: "0 HRS", level: "crit" };
  if (hours < 24) return { text: `${hours.toFixed(hours < 10 ? 1 : 0)} HRS`, level: "crit" };
  const days = hours / 24;
  if (days < 7) return { text: `${days.toFixed(1)} DAYS`, level: "wrn" };
  return { text: `${(days / 7).toFixed(1)} WEEKS`, level: "nom" };
}

/** A reading for a narrow card: 3–4 significant figures, no exponent for usual values. */
export function formatValue(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

/** Seconds as `HH:MM:SS` (hours keep counting past 24). */
export function formatDuration(secs: number): string {
  const s = Math.max(0, Math.floor(secs));
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}
