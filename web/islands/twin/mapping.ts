/**
 * The data → 3D mapping of the digital twin (SPEC §9), as pure functions the
 * render loop calls every frame and the tests call directly:
 *
 * - rpm 0–5000 → rotor speed 0–10 rad/s ({@link rotorSpeed});
 * - temperature 60 → 80 → 100 °F → emissive black → red → orange, brighter
 *   (more bloom) as it heats ({@link emissiveColor}, {@link emissiveIntensity});
 * - vibration above 2 mm/s → shake growing to its maximum at 10 mm/s
 *   ({@link shakeLevel});
 * - health 0–100 (the `health_update` message) → anomaly score 0–1
 *   ({@link anomalyScore}); a score above 0.5 pulses the red warning light and
 *   throws sparks ({@link isAnomalous}, {@link warningPulse}).
 */

/** Largest rpm of the scale; faster readings spin no faster. */
export const RPM_MAX = 5000;
/** Rotor speed at {@link RPM_MAX}, rad/s. */
export const ROTOR_MAX_RAD_S = 10;
/** Vibration (mm/s) where the shake starts and where it is at its maximum. */
export const SHAKE_FROM_MM_S = 2;
export const SHAKE_MAX_MM_S = 10;
/** Anomaly scores above this light the warning and throw sparks. */
export const ANOMALY_THRESHOLD = 0.5;

/** An RGB colour with channels in 0..1. */
export type Rgb = [number, number, number];

const BLACK: Rgb = [0, 0, 0];
const RED: Rgb = [1, 0, 0];
const ORANGE: Rgb = [1, 0.5, 0];

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * Rotor angular speed for an rpm reading: linear, 0 at or below 0 rpm and
 * {@link ROTOR_MAX_RAD_S} at or above {@link RPM_MAX}; non-numbers give 0.
 *
 * @example
 * ```ts
 * rotorSpeed(2500); // 5
 * ```
 */
export function rotorSpeed(rpm: number): number {
  if (!Number.isFinite(rpm)) return 0;
  return clamp01(rpm / RPM_MAX) * ROTOR_MAX_RAD_S;
}

/**
 * Emissive colour of the housing for a casing temperature in °F: black at
 * 60 and below, red at 80, orange at 100 and above, linear in between.
 *
 * @example
 * ```ts
 * emissiveColor(90); // [1, 0.25, 0]
 * ```
 */
export function emissiveColor(tempF: number): Rgb {
  if (!Number.isFinite(tempF)) return [...BLACK];
  if (tempF <= 80) return mix(BLACK, RED, clamp01((tempF - 60) / 20));
  return mix(RED, ORANGE, clamp01((tempF - 80) / 20));
}

/** Emissive intensity: 1 up to 80 °F, rising to 1.6 at 100 °F so the bloom flares when hot. */
export function emissiveIntensity(tempF: number): number {
  if (!Number.isFinite(tempF)) return 1;
  return 1 + 0.6 * clamp01((tempF - 80) / 20);
}

/**
 * Shake level 0..1 for a vibration velocity in mm/s: 0 up to
 * {@link SHAKE_FROM_MM_S}, 1 from {@link SHAKE_MAX_MM_S}, linear in between.
 *
 * @example
 * ```ts
 * shakeLevel(6); // 0.5
 * ```
 */
export function shakeLevel(vibrationMmS: number): number {
  if (!Number.isFinite(vibrationMmS)) return 0;
  return clamp01((vibrationMmS - SHAKE_FROM_MM_S) / (SHAKE_MAX_MM_S - SHAKE_FROM_MM_S));
}

/**
 * Anomaly score 0..1 from a machine's health 0..100. The server computes
 * health as `round(100 × (1 − max detector score))` over the machine's
 * latest anomaly scores, so this gives back the worst detector score.
 *
 * @example
 * ```ts
 * anomalyScore(35); // 0.65
 * ```
 */
export function anomalyScore(health: number): number {
  if (!Number.isFinite(health)) return 0;
  return clamp01(1 - health / 100);
}

/** True when the score lights the warning (strictly above {@link ANOMALY_THRESHOLD}). */
export function isAnomalous(score: number): boolean {
  return score > ANOMALY_THRESHOLD;
}

/** Warning light brightness 0..1 at time `seconds`: a 2 Hz pulse. */
export function warningPulse(seconds: number): number {
  return 0.5 + 0.5 * Math.sin(seconds * Math.PI * 4);
}
