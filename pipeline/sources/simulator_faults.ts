/**
 * Simulated faults: which sensors each fault moves, how far and in which
 * direction, and how its intensity develops over time.
 *
 * An effect moves a sensor by `dir · span · e · (mag + jitter·u)`, where `span`
 * is the distance from the normal range to the far side of the critical level
 * (so `mag` ≈ 1.1 at full severity lands just past critical), `e` the fault's
 * intensity and u ∈ (−1, 1) fresh noise. Thermal effects use a lagged
 * intensity (first-order, {@link THERMAL_LAG_SECS}) so temperatures creep up.
 */
import type { SensorSpec } from "../catalog/types.ts";

export const FAULT_TYPES = [
  "bearing_wear",
  "overheating",
  "cavitation",
  "electrical_fault",
  "leak",
  "sensor_stuck",
  "sensor_drift",
  "sensor_spike",
] as const;
export type FaultType = typeof FAULT_TYPES[number];

/** Faults that act on one sensor's measurement rather than on the machine. */
export const SENSOR_FAULTS: readonly FaultType[] = ["sensor_stuck", "sensor_drift", "sensor_spike"];

/** Target of a sensor fault when none is given. */
export const DEFAULT_FAULT_SENSOR: Partial<Record<FaultType, string>> = {
  sensor_stuck: "temperature",
  sensor_drift: "pressure",
  sensor_spike: "vibration",
};

/** Time constant of thermal effects, seconds. */
export const THERMAL_LAG_SECS = 15;

/** A fault scheduled on one machine, in event time. */
export interface FaultSpec {
  type: FaultType;
  /** Onset, epoch ms (event time). */
  at: number;
  /** Time to full severity, ms (0 = immediate). */
  ramp: number;
  /** 0..1. */
  severity: number;
  /** Target sensor of sensor faults. */
  sensor?: string;
  /** How long it lasts, ms; absent = until cleared. */
  duration?: number;
}

/** One sensor moved by a machine fault: [sensor, dir, mag, jitter, thermal]. */
export type Effect = [sensor: string, dir: 1 | -1, mag: number, jitter: number, thermal: boolean];

/** Sensors each machine fault moves (sensor faults move their target only). */
export const FAULT_EFFECTS: Record<FaultType, Effect[]> = {
  bearing_wear: [
    ["vibration", 1, 1.1, 0.15, false],
    ["axial_vibration", 1, 0.8, 0.15, false],
    ["shaft_displacement", 1, 0.9, 0.1, false],
    ["acoustic_emission", 1, 1.1, 0.1, false],
    ["noise_level", 1, 0.6, 0.1, false],
    ["bearing_temp", 1, 1.15, 0, true],
  ],
  overheating: [
    ["temperature", 1, 1.1, 0, true],
    ["motor_temp", 1, 1.1, 0, true],
    ["bearing_temp", 1, 1.1, 0, true],
    ["winding_temp", 1, 1.1, 0, true],
    ["oil_temp", 1, 0.8, 0, true],
    ["coolant_temp", 1, 0.9, 0, true],
    ["exhaust_temp", 1, 0.6, 0, true],
    ["heat_sink_temp", 1, 0.5, 0, true],
  ],
  cavitation: [
    ["suction_pressure", -1, 1.1, 0.2, false],
    ["pressure", -1, 0.6, 0.35, false],
    ["flow_rate", -1, 0.2, 0.35, false],
    ["return_flow", -1, 0, 0, false], // follows flow_rate
    ["vibration", 1, 0.6, 0.5, false],
    ["pump_efficiency", -1, 1.0, 0.2, false],
    ["acoustic_emission", 1, 0.7, 0.5, false],
    ["noise_level", 1, 0.5, 0.5, false],
  ],
  electrical_fault: [
    ["voltage", -1, 0.9, 0.4, false],
    ["power_factor", -1, 1.1, 0.1, false],
    ["current", 1, 0.3, 0.6, false],
    ["thd", 1, 1.1, 0.2, false],
    ["phase_imbalance", 1, 1.1, 0.2, false],
    ["ground_current", 1, 0.6, 0.5, false],
    // derived from voltage, current and power factor: labelled, not moved directly
    ["power", 1, 0, 0, false],
    ["reactive_power", 1, 0, 0, false],
  ],
  leak: [
    ["pressure", -1, 1.1, 0.05, false],
    ["flow_rate", 1, 0.35, 0.05, false],
    ["return_flow", -1, 0.8, 0.05, false],
    ["tank_level", -1, 0.9, 0, true],
  ],
  sensor_stuck: [],
  sensor_drift: [],
  sensor_spike: [],
};

/** Distance from the normal range past the critical level on one side (for effect sizes). */
export function effectSpan(spec: SensorSpec, dir: 1 | -1): number {
  const range = spec.max - spec.min;
  if (dir > 0) {
    const top = spec.critical_high ?? spec.warning_high ?? spec.max + range;
    return top - spec.min;
  }
  const bottom = spec.critical_low ?? spec.warning_low ?? spec.min - range;
  return spec.max - bottom;
}

/** Intensity 0..severity of a fault at event time `ts` (0 before onset; ramps linearly). */
export function faultIntensity(f: FaultSpec, ts: number): number {
  if (ts < f.at) return 0;
  if (f.ramp <= 0) return f.severity;
  return f.severity * Math.min(1, (ts - f.at) / f.ramp);
}

/** Whether a fault is in effect (and labels its readings) at `ts`. */
export function faultActive(f: FaultSpec, ts: number): boolean {
  return ts >= f.at && (f.duration === undefined || ts < f.at + f.duration);
}

/** Whether the fault can be removed from a schedule (it is over by `ts`). */
export function faultOver(f: FaultSpec, ts: number): boolean {
  return f.duration !== undefined && ts >= f.at + f.duration;
}
