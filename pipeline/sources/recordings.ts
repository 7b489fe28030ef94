/**
 * The recorded streams under `topology/recordings/`: what each one holds and
 * how to regenerate it, byte for byte, from the seeded simulator.
 */
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Reading } from "../engine/record.ts";
import { Simulator } from "./simulator.ts";
import { SimulatorConfigSchema } from "./simulator_config.ts";
import { lateAndMalformed } from "./recordings_crafted.ts";

/** Event time of every recording's first reading: 2025-01-01T00:00:00Z. */
export const RECORDING_START = Date.UTC(2025, 0, 1);

export interface RecordingDef {
  file: string;
  description: string;
  /** Simulator options (start_ts and realtime are fixed by the recorder). */
  simulator?: Record<string, unknown>;
  /** Lines built by hand from simulated readings (for files that must be malformed). */
  craft?: (simulate: (options: Record<string, unknown>) => Promise<Reading[]>) => Promise<string[]>;
}

const CORE = ["rpm", "vibration", "bearing_temp", "temperature", "load", "current", "power"];
const THERMAL = [
  "temperature",
  "bearing_temp",
  "motor_temp",
  "winding_temp",
  "oil_temp",
  "coolant_temp",
];
const BEARING = [
  "rpm",
  "vibration",
  "axial_vibration",
  "acoustic_emission",
  "bearing_temp",
  "load",
];
const PUMP = [
  "rpm",
  "vibration",
  "pressure",
  "suction_pressure",
  "flow_rate",
  "return_flow",
  "pump_efficiency",
];
const SCORED = [
  "vibration",
  "bearing_temp",
  "temperature",
  "pressure",
  "suction_pressure",
  "flow_rate",
  "return_flow",
  "voltage",
  "current",
];
const fault = (machine: string, type: string, at: string, extra: Record<string, unknown> = {}) => ({
  machine,
  type,
  at,
  ...extra,
});

/**
 * The all-faults set-up: every fault type, 60 s each with 30 s gaps, on A, B
 * and C at 2 Hz. Seed 8 is the one the detection test grew up on; seeds 9 and
 * 10 are held out so detector settings are checked for over-fitting.
 */
function allFaults(file: string, seed: number, note = ""): RecordingDef {
  return {
    file,
    description: `${note}every fault type, 60 s each with 30 s gaps, on A, B and C at 2 Hz, ` +
      `labelled for detection scoring (seed ${seed})`,
    simulator: {
      machines: ["A", "B", "C"],
      sensors: SCORED,
      rate_hz: 2,
      duration: "290s",
      seed,
      faults: [
        ...[["A", "bearing_wear"], ["B", "overheating"], ["C", "cavitation"]].map(([m, t]) =>
          fault(m, t, "20s", { duration: "60s" })
        ),
        ...[["A", "electrical_fault"], ["B", "leak"], ["C", "sensor_stuck"]].map(([m, t]) =>
          fault(m, t, "110s", { duration: "60s" })
        ),
        fault("A", "sensor_drift", "200s", { duration: "60s", ramp: "30s", sensor: "pressure" }),
        fault("B", "sensor_spike", "200s", { duration: "60s", ramp: 0, sensor: "vibration" }),
      ],
    },
  };
}

/** Every recording the `record` task writes. */
export const RECORDINGS: RecordingDef[] = [
  {
    file: "normal-abc.ndjson",
    description: "3 machines, 60 s, 2 Hz, no faults: every value inside its normal range",
    simulator: {
      machines: ["A", "B", "C"],
      sensors: [...CORE, "pressure", "flow_rate", "voltage"],
      rate_hz: 2,
      duration: "60s",
      seed: 1,
    },
  },
  {
    file: "normal-A.csv",
    description: "machine A, 30 s, 2 Hz, no faults, as CSV",
    simulator: { machines: ["A"], sensors: CORE, rate_hz: 2, duration: "30s", seed: 2 },
  },
  {
    file: "overheat-A.ndjson",
    description:
      "A overheats from 60 s (ramp 20 s): temperatures, bearing_temp included, pass critical",
    simulator: {
      machines: ["A"],
      sensors: [...THERMAL, "rpm", "load", "current"],
      rate_hz: 2,
      duration: "180s",
      seed: 3,
      faults: [fault("A", "overheating", "60s", { ramp: "20s" })],
    },
  },
  {
    file: "bearing-wear-B.ndjson",
    description:
      "B's bearing wears from 60 s (ramp 90 s): vibration and bearing_temp climb past critical",
    simulator: {
      machines: ["B"],
      sensors: BEARING,
      rate_hz: 2,
      duration: "240s",
      seed: 4,
      faults: [fault("B", "bearing_wear", "60s", { ramp: "90s" })],
    },
  },
  {
    file: "cavitation-C.ndjson",
    description:
      "C's pump cavitates from 60 s: suction and discharge pressure drop, flow and vibration turn noisy",
    simulator: {
      machines: ["C"],
      sensors: PUMP,
      rate_hz: 2,
      duration: "180s",
      seed: 5,
      faults: [fault("C", "cavitation", "60s", { ramp: "15s" })],
    },
  },
  {
    file: "stuck-A.ndjson",
    description: "A's temperature sensor freezes at 60 s; everything else keeps moving",
    simulator: {
      machines: ["A"],
      sensors: CORE,
      rate_hz: 2,
      duration: "150s",
      seed: 6,
      faults: [fault("A", "sensor_stuck", "60s", { sensor: "temperature" })],
    },
  },
  {
    file: "spike-B.ndjson",
    description: "B's vibration sensor spikes sporadically from 60 s",
    simulator: {
      machines: ["B"],
      sensors: CORE,
      rate_hz: 2,
      duration: "150s",
      seed: 7,
      faults: [fault("B", "sensor_spike", "60s", { sensor: "vibration", ramp: 0 })],
    },
  },
  allFaults("all-faults.ndjson", 8),
  {
    file: "normal-fleet.ndjson",
    description:
      "6 machines, 300 s, 1 Hz, all-faults' sensors, no faults: training data of the shipped LSTM (models/lstm)",
    simulator: {
      machines: ["A", "B", "C", "D", "E", "F"],
      sensors: SCORED,
      rate_hz: 1,
      duration: "300s",
      seed: 108,
    },
  },
  allFaults("all-faults-9.ndjson", 9, "held out: "),
  allFaults("all-faults-10.ndjson", 10, "held out: "),
  {
    file: "late-and-malformed.ndjson",
    description:
      "A, 40 s at 2 Hz with out-of-order, late (20 s behind) and malformed lines mixed in",
    craft: lateAndMalformed,
  },
];

/** Readings of a seeded simulator run starting at {@link RECORDING_START}, as fast as possible. */
export async function simulate(options: Record<string, unknown>): Promise<Reading[]> {
  const cfg = SimulatorConfigSchema.parse({
    ...options,
    start_ts: RECORDING_START,
    realtime: false,
  });
  const sim = new Simulator(cfg, "record");
  const out: Reading[] = [];
  await sim.run({
    name: "record",
    clock: new ManualClock(RECORDING_START),
    signal: new AbortController().signal,
    reject: () => {},
    emit: (b) => {
      if (b.kind === "readings") out.push(...readingsOf(b));
      return Promise.resolve();
    },
  });
  return out.map((r) => ({ ...r, value: Math.round(r.value * 1000) / 1000 }));
}

/** One reading as a CSV row matching {@link CSV_HEADER}. */
const CSV_HEADER = "ts,machine,sensor,value,unit,label";
const csvCell = (s = "") => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** The text of a recording. */
export async function renderRecording(def: RecordingDef): Promise<string> {
  if (def.craft) return (await def.craft(simulate)).join("\n") + "\n";
  const readings = await simulate(def.simulator!);
  if (def.file.endsWith(".csv")) {
    const rows = readings.map((r) =>
      [r.ts, r.machine, r.sensor, r.value, csvCell(r.unit), csvCell(r.label)].join(",")
    );
    return [CSV_HEADER, ...rows].join("\n") + "\n";
  }
  return readings.map((r) => JSON.stringify(r)).join("\n") + "\n";
}
