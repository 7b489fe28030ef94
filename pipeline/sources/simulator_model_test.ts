import assert from "node:assert/strict";
import { SENSOR_CATALOG, sensorSpec } from "../catalog/sensors.ts";
import { FAULT_EFFECTS, FAULT_TYPES, type FaultSpec, type FaultType } from "./simulator_faults.ts";
import { MachineModel, SENSOR_INDEX } from "./simulator_model.ts";
import { FORMULA_SENSORS, mixBounds, SENSOR_MIXES } from "./simulator_sensors.ts";

const T0 = Date.UTC(2025, 0, 1);
const at = (name: string) => SENSOR_INDEX.get(name)!;

/** Runs a model for `secs` at `hz`; returns per-tick values and labels of the named sensors. */
function run(
  seed: number,
  secs: number,
  hz: number,
  faults: Omit<FaultSpec, "at">[] = [],
  onset = 0,
) {
  const m = new MachineModel("A", seed);
  for (const f of faults) m.addFault({ ...f, at: T0 + onset * 1000 });
  const values: Float64Array[] = [];
  const labels: Uint8Array[] = [];
  for (let k = 0; k < secs * hz; k++) {
    m.advance(T0 + k * 1000 / hz);
    values.push(m.values.slice());
    labels.push(m.labels.slice());
  }
  return { values, labels };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

Deno.test("every catalog sensor has a mix or a formula, and mixes stay inside [0.05, 0.95] of the range", () => {
  for (const s of SENSOR_CATALOG) {
    const m = SENSOR_MIXES[s.name];
    assert.ok(m || (FORMULA_SENSORS as readonly string[]).includes(s.name), s.name);
    if (!m) continue;
    const [lo, hi] = mixBounds(m);
    assert.ok(lo >= 0.05 && hi <= 0.95, `${s.name}: mix spans [${lo}, ${hi}]`);
  }
});

Deno.test("MachineModel is deterministic for a seed and machine, and differs across seeds", () => {
  const a = run(7, 60, 5).values, b = run(7, 60, 5).values, c = run(8, 60, 5).values;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("a fault-free machine stays inside every normal range over six simulated hours", () => {
  for (const machine of ["A", "B", "C"]) {
    const m = new MachineModel(machine, 1234);
    for (let k = 0; k < 6 * 3600; k++) {
      m.advance(T0 + k * 1000);
      SENSOR_CATALOG.forEach((s, i) => {
        const v = m.values[i];
        assert.ok(v >= s.min && v <= s.max, `${machine}.${s.name}=${v} at ${k}s`);
        assert.equal(m.labels[i], 0);
      });
    }
  }
});

Deno.test("higher rpm means more vibration and a hotter bearing on average", () => {
  const { values } = run(3, 4 * 3600, 1);
  const rpm = values.map((v) => v[at("rpm")]);
  const median = [...rpm].sort((a, b) => a - b)[rpm.length >> 1];
  const split = (name: string) => {
    const hi = values.filter((_, k) => rpm[k] > median).map((v) => v[at(name)]);
    const lo = values.filter((_, k) => rpm[k] <= median).map((v) => v[at(name)]);
    return [mean(lo), mean(hi)];
  };
  const [vLo, vHi] = split("vibration");
  assert.ok(vHi > vLo * 1.15, `vibration ${vLo} → ${vHi}`);
  const [bLo, bHi] = split("bearing_temp");
  assert.ok(bHi > bLo + 3, `bearing_temp ${bLo} → ${bHi}`);
});

Deno.test("higher load draws more current and power, and power ≈ √3·V·I·pf/1000", () => {
  const { values } = run(5, 4 * 3600, 1);
  const load = values.map((v) => v[at("load")]);
  const median = [...load].sort((a, b) => a - b)[load.length >> 1];
  for (const name of ["current", "power"]) {
    const hi = mean(values.filter((_, k) => load[k] > median).map((v) => v[at(name)]));
    const lo = mean(values.filter((_, k) => load[k] <= median).map((v) => v[at(name)]));
    assert.ok(hi > lo * 1.3, `${name} ${lo} → ${hi}`);
  }
  for (const v of values.slice(0, 100)) {
    const p = Math.sqrt(3) * v[at("voltage")] * v[at("current")] * v[at("power_factor")] / 1000;
    assert.ok(Math.abs(p - v[at("power")]) < 1e-9);
  }
});

/** Primary symptom of each fault at full severity: sensor, and a check on its late values. */
const SYMPTOMS: Record<FaultType, [string, (late: number[], before: number[]) => boolean][]> = {
  bearing_wear: [["vibration", (l) => mean(l) > 7.1], ["bearing_temp", (l) => mean(l) > 200]],
  overheating: [["temperature", (l) => mean(l) > 120], ["motor_temp", (l) => mean(l) > 220]],
  cavitation: [
    ["suction_pressure", (l) => mean(l) < 0.4],
    ["flow_rate", (l, b) => roughness(l) > 5 * roughness(b)],
  ],
  electrical_fault: [["voltage", (l) => mean(l) < 440], ["current", (l, b) => mean(l) > mean(b)]],
  leak: [["pressure", (l) => mean(l) < 1], ["return_flow", (l, b) => mean(l) < mean(b) - 100]],
  sensor_stuck: [["temperature", (l) => new Set(l).size === 1]],
  sensor_drift: [["pressure", (l) => mean(l) > 11]],
  sensor_spike: [["vibration", (l) => l.filter((x) => x > 7.1).length >= 10]],
};

/** Mean absolute change between consecutive readings. */
function roughness(xs: number[]): number {
  return mean(xs.slice(1).map((x, i) => Math.abs(x - xs[i])));
}

for (const type of FAULT_TYPES) {
  Deno.test(`${type} moves its sensors past their limits and labels exactly the affected readings`, () => {
    const onset = 60, hz = 2;
    const base = run(11, 300, hz);
    const faulty = run(11, 300, hz, [{ type, ramp: 10_000, severity: 1 }], onset);
    const affected = new Set(FAULT_EFFECTS[type].map(([s]) => s));
    for (const [s] of SYMPTOMS[type]) affected.add(s);
    const code = FAULT_TYPES.indexOf(type) + 1;
    faulty.labels.forEach((lab, k) => {
      SENSOR_CATALOG.forEach((s, i) => {
        const want = k >= onset * hz && affected.has(s.name) ? code : 0;
        assert.equal(lab[i], want, `${s.name} at tick ${k}`);
        const v = faulty.values[k][i];
        if (want === 0) {
          assert.ok(v >= s.min && v <= s.max, `unlabelled ${s.name}=${v} at tick ${k}`);
        }
      });
    });
    assert.deepEqual(faulty.values.slice(0, onset * hz), base.values.slice(0, onset * hz));
    for (const [name, ok] of SYMPTOMS[type]) {
      const i = at(name);
      const late = faulty.values.slice(-60 * hz).map((v) => v[i]);
      const before = faulty.values.slice(0, onset * hz).map((v) => v[i]);
      assert.ok(
        ok(late, before),
        `${type}: ${name} late mean ${mean(late)} (${sensorSpec(name)?.unit})`,
      );
    }
  });
}

Deno.test("a fault with a duration stops labelling when it ends", () => {
  const m = new MachineModel("B", 1);
  m.addFault({ type: "overheating", at: T0, ramp: 0, severity: 1, duration: 5000 });
  m.advance(T0 + 1000);
  assert.ok(m.labels[at("temperature")] > 0);
  m.advance(T0 + 6000);
  assert.equal(m.labels[at("temperature")], 0);
  assert.deepEqual(m.faults(), []);
});

Deno.test("an ended overheating cools down with the thermal lag, labelled until 90 % of the heat is gone", () => {
  const hot = new MachineModel("B", 1), cold = new MachineModel("B", 1);
  hot.addFault({ type: "overheating", at: T0, ramp: 0, severity: 1, duration: 60_000 });
  const t = at("temperature"), v = at("vibration");
  const rise: number[] = [], tail: number[] = [], labels: number[] = [];
  for (let s = 0; s <= 120; s++) {
    hot.advance(T0 + s * 1000);
    cold.advance(T0 + s * 1000);
    const excess = hot.values[t] - cold.values[t];
    if (s === 59) rise.push(excess);
    if (s >= 60) tail.push(excess), labels.push(hot.labels[t]);
    assert.equal(hot.labels[v], 0, "overheating does not label vibration");
  }
  // No snap back: right after the end most of the heat is still there, then
  // it decays like it built up (time constant 15 s; sensor noise on top).
  assert.ok(tail[0] > 0.8 * rise[0], `excess ${tail[0]} right after the end, ${rise[0]} before`);
  for (let k = 5; k <= 35; k += 5) assert.ok(tail[k] < tail[k - 5], `excess rose at +${k} s`);
  assert.ok(tail[30] < 0.25 * rise[0] && tail[30] > 0.05 * rise[0], `excess ${tail[30]} at +30 s`);
  // Labelled while ≥ 10 % of the full displacement remains (≈ 35 s), then not.
  const last = labels.findLastIndex((l) => l > 0);
  assert.ok(last >= 30 && last <= 40, `last labelled second of the tail: +${last} s`);
  assert.ok(labels.slice(0, last + 1).every((l) => l > 0), "the tail is labelled without gaps");
  assert.deepEqual(hot.faults(), [], "an ended fault is no longer listed while it cools");
});
