/**
 * The simulator's physics, pure and deterministic: one {@link MachineModel}
 * per machine holds hidden state (speed, load, ambient, valve, thermal
 * states…) that evolves smoothly in event time, and derives every catalog
 * sensor from it. Faults move the affected sensors and label them.
 */
import { SENSOR_CATALOG } from "../catalog/sensors.ts";
import type { SensorSpec } from "../catalog/types.ts";
import { Prng, seedOf } from "./prng.ts";
import { FORMULA_SENSORS, N_STATES, SENSOR_MIXES, STATES } from "./simulator_sensors.ts";
import {
  DEFAULT_FAULT_SENSOR,
  effectSpan,
  FAULT_EFFECTS,
  FAULT_TYPES,
  faultActive,
  faultIntensity,
  faultOver,
  type FaultSpec,
  SENSOR_FAULTS,
  THERMAL_LAG_SECS,
} from "./simulator_faults.ts";

const CAT: readonly SensorSpec[] = SENSOR_CATALOG;
const N = CAT.length;
/** Index of each catalog sensor in {@link MachineModel.values}. */
export const SENSOR_INDEX: ReadonlyMap<string, number> = new Map(CAT.map((s, i) => [s.name, i]));
const idx = (name: string) => SENSOR_INDEX.get(name)!;

// Dense mix tables, indexed [sensor * N_STATES + state].
const MIN = new Float64Array(CAT.map((s) => s.min));
const RANGE = new Float64Array(CAT.map((s) => s.max - s.min));
const BASE = new Float64Array(N);
const NOISE = new Float64Array(N);
const W = new Float64Array(N * N_STATES);
const IS_MIX = new Uint8Array(N);
CAT.forEach((s, i) => {
  const m = SENSOR_MIXES[s.name];
  if (!m) return;
  IS_MIX[i] = 1;
  BASE[i] = m.base;
  NOISE[i] = m.noise;
  for (const [k, w] of Object.entries(m.weights)) {
    W[i * N_STATES + STATES.indexOf(k as typeof STATES[number])] = w!;
  }
});
for (const f of FORMULA_SENSORS) if (!SENSOR_INDEX.has(f)) throw new Error(`no sensor ${f}`);

const [SPEED, LOAD, AMBIENT, VALVE, MOTOR_HEAT, BEARING_HEAT, FLUID_HEAT, HUMIDITY, CHARACTER] = [
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
];
const I_RPM = idx("rpm"), I_V = idx("voltage"), I_PF = idx("power_factor");
const I_CUR = idx("current"), I_P = idx("power"), I_Q = idx("reactive_power");
const I_FLOW = idx("flow_rate"), I_RET = idx("return_flow");
const DERIVED = new Set([I_CUR, I_RET, I_P, I_Q]);
const SQRT3 = Math.sqrt(3);

/**
 * Share of a thermal effect (of the fault's severity) still present in the
 * cooling tail after a fault ends, down to which its readings stay labelled:
 * about 2.3 thermal time constants (≈ 35 s), while the sensor is still ≥ 10 %
 * of the fault's full displacement away from where it would be.
 */
export const COOLING_LABEL_FLOOR = 0.1;

/** Residual heat below which an ended fault is dropped from the model. */
const COOLED = 1e-3;

/** Whether an ended fault still has heat to shed. */
function cooling(f: RunningFault): boolean {
  return f.lag > COOLED * Math.max(f.spec.severity, 1e-9) && f.effects.some((e) => e[3]);
}

/** A fault on a model, with its resolved effects and running state. */
interface RunningFault {
  spec: FaultSpec;
  code: number;
  /** [sensor index, signed mag·span, jitter·span, thermal] per effect. */
  effects: [number, number, number, boolean][];
  target: number;
  lag: number;
  frozen: number;
}

/**
 * One simulated machine.
 *
 * @example
 * ```ts
 * import { MachineModel, SENSOR_INDEX } from "./simulator_model.ts";
 * const m = new MachineModel("A", 42);
 * m.advance(Date.UTC(2025, 0, 1));
 * m.values[SENSOR_INDEX.get("rpm")!]; // ≈ 1200..3300
 * ```
 */
export class MachineModel {
  readonly machine: string;
  /** Current value of every catalog sensor (catalog order). */
  readonly values: Float64Array = new Float64Array(N);
  /** Per sensor: 0, or 1 + index in FAULT_TYPES of the fault that moves it now. */
  readonly labels: Uint8Array = new Uint8Array(N);
  #s = new Float64Array(N_STATES);
  #target = new Float64Array(N_STATES);
  #nextChange = new Float64Array(N_STATES);
  #t = NaN;
  #rng: Prng;
  #noise: Prng;
  #faults: RunningFault[] = [];

  constructor(machine: string, seed: number) {
    this.machine = machine;
    this.#rng = new Prng(seedOf(seed, "state:" + machine));
    this.#noise = new Prng(seedOf(seed, "noise:" + machine));
    const r = this.#rng;
    for (const k of [SPEED, LOAD, VALVE]) this.#target[k] = r.range(0.15, 0.85);
    this.#target[AMBIENT] = r.range(0.3, 0.7);
    this.#target[HUMIDITY] = r.range(0.3, 0.7);
    this.#target[CHARACTER] = r.range(0.1, 0.9);
    this.#s.set(this.#target);
    this.#s[MOTOR_HEAT] = this.#motorHeat();
    this.#s[BEARING_HEAT] = this.#bearingHeat();
    this.#s[FLUID_HEAT] = this.#fluidHeat();
  }

  /** Event time of the last {@link advance}, epoch ms (NaN before the first). */
  get time(): number {
    return this.#t;
  }

  /** Schedules a fault (onset in event time). Sensor faults default their target sensor. */
  addFault(spec: FaultSpec): FaultSpec {
    const sensor = SENSOR_FAULTS.includes(spec.type)
      ? spec.sensor ?? DEFAULT_FAULT_SENSOR[spec.type]!
      : undefined;
    if (sensor !== undefined && !SENSOR_INDEX.has(sensor)) {
      throw new Error(`Cannot inject ${spec.type}: unknown sensor "${sensor}"`);
    }
    const full: FaultSpec = sensor === undefined ? { ...spec } : { ...spec, sensor };
    const effects = FAULT_EFFECTS[spec.type].map(([name, dir, mag, jitter, thermal]) => {
      const span = effectSpan(CAT[idx(name)], dir);
      return [idx(name), dir * mag * span, dir * jitter * span, thermal] as [
        number,
        number,
        number,
        boolean,
      ];
    });
    this.#faults.push({
      spec: full,
      code: FAULT_TYPES.indexOf(spec.type) + 1,
      effects,
      target: sensor === undefined ? -1 : idx(sensor),
      lag: 0,
      frozen: NaN,
    });
    return full;
  }

  /** Removes every fault. */
  clearFaults(): void {
    this.#faults = [];
    this.labels.fill(0);
  }

  /** Scheduled and running faults (not the cooling tails of ended ones). */
  faults(): FaultSpec[] {
    return this.#faults.filter((f) => !faultOver(f.spec, this.#t)).map((f) => f.spec);
  }

  /** Moves the machine to event time `ts` (ms) and recomputes every sensor. */
  advance(ts: number): void {
    if (ts === this.#t) return;
    const dt = Number.isNaN(this.#t) ? 0 : Math.max(0, (ts - this.#t) / 1000);
    this.#t = ts;
    this.#evolve(ts, dt);
    const s = this.#s, v = this.values, nz = this.#noise;
    for (let i = 0; i < N; i++) {
      if (IS_MIX[i] === 0) continue;
      let f = BASE[i] + NOISE[i] * (nz.next() - nz.next());
      const o = i * N_STATES;
      for (let k = 0; k < N_STATES; k++) f += W[o + k] * s[k];
      v[i] = MIN[i] + RANGE[i] * f;
    }
    const sp = s[SPEED], ld = s[LOAD];
    v[I_RPM] = 1200 + 2100 * sp + 15 * (nz.next() - nz.next());
    v[I_PF] = 0.82 + 0.06 * ld + 0.004 * (nz.next() - nz.next());
    v[I_V] = 486 - 14 * ld + 2.5 * (nz.next() - nz.next());
    if (this.#faults.length === 0) {
      this.#deriveCurrent();
      this.#derivePower();
      return;
    }
    this.labels.fill(0);
    this.#applyFaults(ts, dt, false);
    this.#deriveCurrent();
    this.#applyFaults(ts, dt, true);
    this.#derivePower();
    this.#applySensorFaults(ts);
    for (let i = 0; i < N; i++) if (this.labels[i] !== 0 && v[i] < 0 && MIN[i] >= 0) v[i] = 0;
    this.#faults = this.#faults.filter((f) => !faultOver(f.spec, ts) || cooling(f));
  }

  #deriveCurrent(): void {
    const v = this.values, nz = this.#noise, sp = this.#s[SPEED], ld = this.#s[LOAD];
    const demandKw = 10 + 90 * ld * (0.7 + 0.3 * sp);
    v[I_CUR] = demandKw * 1000 / (SQRT3 * v[I_V] * v[I_PF]) * (1 + 0.008 * (nz.next() - nz.next()));
    v[I_RET] = v[I_FLOW] * 0.985 + (nz.next() - nz.next());
  }

  #derivePower(): void {
    const v = this.values, pf = v[I_PF];
    v[I_P] = SQRT3 * v[I_V] * v[I_CUR] * pf / 1000;
    v[I_Q] = v[I_P] * Math.sqrt(Math.max(0, 1 - pf * pf)) / pf;
  }

  #applyFaults(ts: number, dt: number, derived: boolean): void {
    const v = this.values, nz = this.#noise;
    const a = 1 - Math.exp(-dt / THERMAL_LAG_SECS);
    for (const f of this.#faults) {
      // A fault past its duration stops acting, but the heat it put in leaves
      // with the same thermal lag it came with: the cooling tail keeps its
      // thermal effects, labelled while ≥ COOLING_LABEL_FLOOR of them remain.
      const over = faultOver(f.spec, ts);
      if (!over && !faultActive(f.spec, ts)) continue;
      const e = over ? 0 : faultIntensity(f.spec, ts);
      if (!derived) f.lag += (e - f.lag) * a;
      const labelled = !over || f.lag >= COOLING_LABEL_FLOOR * f.spec.severity;
      for (const [i, mag, jitter, thermal] of f.effects) {
        if (DERIVED.has(i) !== derived || (over && !thermal)) continue;
        v[i] += (thermal ? f.lag : e) * (mag + jitter * (nz.next() - nz.next()));
        if (labelled) this.labels[i] = f.code;
      }
    }
  }

  #applySensorFaults(ts: number): void {
    const v = this.values, nz = this.#noise;
    for (const f of this.#faults) {
      if (f.target < 0 || !faultActive(f.spec, ts)) continue;
      const i = f.target, spec = CAT[i], e = faultIntensity(f.spec, ts);
      this.labels[i] = f.code;
      if (f.spec.type === "sensor_stuck") {
        if (Number.isNaN(f.frozen)) f.frozen = v[i];
        v[i] = f.frozen;
      } else if (f.spec.type === "sensor_drift") {
        v[i] += e * 1.1 * effectSpan(spec, 1);
      } else if (nz.next() < (e > 0 ? 0.05 + 0.2 * e : 0)) {
        const dir = spec.critical_high !== undefined || spec.warning_high !== undefined ? 1 : -1;
        v[i] += dir * (1.1 + 0.6 * nz.next()) * effectSpan(spec, dir);
      }
    }
  }

  #motorHeat(): number {
    return 0.15 + 0.55 * this.#s[LOAD] + 0.2 * this.#s[AMBIENT];
  }
  #bearingHeat(): number {
    return 0.1 + 0.5 * this.#s[SPEED] + 0.25 * this.#s[LOAD] + 0.1 * this.#s[AMBIENT];
  }
  #fluidHeat(): number {
    return 0.15 + 0.45 * this.#s[LOAD] + 0.3 * this.#s[AMBIENT];
  }

  /** Ornstein–Uhlenbeck steps toward setpoints that change now and then; thermal lags. */
  #evolve(ts: number, dt: number): void {
    const s = this.#s, tg = this.#target, r = this.#rng;
    if (dt === 0) {
      for (const k of [SPEED, LOAD, VALVE]) this.#nextChange[k] = ts + r.range(20_000, 90_000);
      return;
    }
    const sq = Math.sqrt(dt);
    for (const k of [SPEED, LOAD, VALVE]) {
      if (ts >= this.#nextChange[k]) {
        tg[k] = r.range(0.15, 0.85);
        this.#nextChange[k] = ts + r.range(20_000, 90_000);
      }
      s[k] = clamp01(tg[k] + (s[k] - tg[k]) * Math.exp(-0.08 * dt) + 0.01 * sq * r.noise());
    }
    for (const k of [AMBIENT, HUMIDITY]) {
      s[k] = clamp01(tg[k] + (s[k] - tg[k]) * Math.exp(-0.01 * dt) + 0.004 * sq * r.noise());
    }
    s[MOTOR_HEAT] += (this.#motorHeat() - s[MOTOR_HEAT]) * (1 - Math.exp(-dt / 30));
    s[BEARING_HEAT] += (this.#bearingHeat() - s[BEARING_HEAT]) * (1 - Math.exp(-dt / 20));
    s[FLUID_HEAT] += (this.#fluidHeat() - s[FLUID_HEAT]) * (1 - Math.exp(-dt / 60));
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
