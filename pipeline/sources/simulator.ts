/**
 * The `simulator` source: the sensor catalog for a set of machines, seeded and
 * deterministic, physically coupled, with fault injection (see
 * `simulator_model.ts`). Event time advances by the sample period, never by the
 * wall clock; `realtime: true` only paces emission with `ctx.clock`.
 */
import { SENSOR_CATALOG, SENSOR_NAMES } from "../catalog/sensors.ts";
import { ReadingBatchBuilder } from "../engine/batch.ts";
import type { Source, SourceCommand, SourceContext, SourceDef } from "../engine/component.ts";
import { FAULT_TYPES } from "./simulator_faults.ts";
import { MachineModel, SENSOR_INDEX } from "./simulator_model.ts";
import {
  formatIssues,
  type SimulatorCommand,
  SimulatorCommandSchema,
  type SimulatorConfig,
  SimulatorConfigSchema,
} from "./simulator_config.ts";

/** Machines sampled at one rate: one tick emits one reading per sensor. */
interface Stream {
  machine: Machine;
  rate: number;
  sensors: number[];
  base: number;
  k: number;
  next: number;
  /** Builder series indices, valid while `epoch` matches the builder's. */
  series: number[];
  epoch: number;
}

interface Machine {
  id: string;
  model: MachineModel;
  running: boolean;
  rate: number;
  uptimeMs: number;
  runningSince: number;
}

const SENSOR_FAULTS = new Set(["sensor_stuck", "sensor_drift", "sensor_spike"]);

/** The running simulator; exported for tests and the bench. */
export class Simulator implements Source {
  readonly #cfg: SimulatorConfig;
  readonly #name: string;
  readonly #machines: Map<string, Machine>;
  readonly #sensors: number[];
  #streams: Stream[] = [];
  #eventNow = NaN;
  #startTs = NaN;
  #emitted = 0;
  #wallStart = NaN;
  #clockNow: () => number = () => NaN;

  constructor(cfg: SimulatorConfig, name = "simulator") {
    this.#cfg = cfg;
    this.#name = name;
    this.#sensors = (cfg.sensors ?? SENSOR_NAMES).map((s) => SENSOR_INDEX.get(s)!);
    this.#machines = new Map(cfg.machines.map((id) => [id, {
      id,
      model: new MachineModel(id, cfg.seed),
      running: true,
      rate: cfg.machine_rates[id] ?? cfg.rate_hz,
      uptimeMs: 0,
      runningSince: NaN,
    }]));
  }

  async run(ctx: SourceContext): Promise<void> {
    const cfg = this.#cfg;
    this.#clockNow = () => ctx.clock.now();
    this.#wallStart = ctx.clock.now();
    this.#startTs = this.#eventNow = cfg.start_ts ?? this.#wallStart;
    for (const m of this.#machines.values()) {
      m.runningSince = this.#startTs;
      this.#buildStreams(m, this.#startTs, cfg.sensor_rates);
    }
    for (const f of cfg.faults) {
      const { machine, type, at, ramp, severity, sensor, duration } = f;
      this.#machines.get(machine)!.model.addFault({
        type,
        at: this.#startTs + at,
        ramp,
        severity,
        sensor,
        duration,
      });
    }
    const end = cfg.duration === undefined ? Infinity : this.#startTs + cfg.duration;
    const b = new ReadingBatchBuilder(Math.min(cfg.batch_size, 4096));
    let epoch = 0, batches = 0;
    const labelIdx = new Int32Array(FAULT_TYPES.length + 1).fill(-1);
    const flush = async () => {
      if (b.length === 0) return;
      this.#emitted += b.length;
      epoch++;
      labelIdx.fill(-1);
      await ctx.emit(b.finish());
    };
    while (!ctx.signal.aborted) {
      let s = this.#streams[0];
      for (const x of this.#streams) if (x.next < s.next) s = x;
      const ts = s.next;
      if (ts >= end) break;
      if (cfg.realtime) {
        const wait = this.#wallStart + (ts - this.#startTs) - ctx.clock.now();
        if (wait > 0) {
          await flush();
          try {
            await ctx.clock.sleep(wait, ctx.signal);
          } catch (e) {
            if (ctx.signal.aborted) break;
            throw e;
          }
          continue; // commands may have changed the streams while we slept
        }
      }
      this.#eventNow = ts;
      const m = s.machine;
      if (m.running) {
        const model = m.model;
        model.advance(ts);
        if (s.epoch !== epoch) {
          s.series = s.sensors.map((i) => {
            const spec = SENSOR_CATALOG[i];
            return b.seriesIndex(m.id, spec.name, spec.unit || undefined);
          });
          s.epoch = epoch;
        }
        const values = model.values, labels = model.labels, series = s.series, sensors = s.sensors;
        for (let j = 0; j < sensors.length; j++) {
          const i = sensors[j];
          const code = labels[i];
          let label = 0;
          if (code !== 0) {
            label = labelIdx[code];
            if (label < 0) label = labelIdx[code] = b.labelIndex(FAULT_TYPES[code - 1]);
          }
          b.pushIndexed(series[j], ts, values[i], 0, label);
        }
      }
      s.k++;
      s.next = s.base + Math.floor(s.k * 1000 / s.rate);
      if (b.length >= cfg.batch_size) {
        await flush();
        // let timers, I/O and control commands run between batches
        if (++batches % 8 === 0) await new Promise((r) => setTimeout(r, 0));
      }
    }
    await flush();
  }

  control(command: SourceCommand): unknown {
    const parsed = SimulatorCommandSchema.safeParse(command);
    if (!parsed.success) {
      throw new Error(
        `Cannot control simulator "${this.#name}": ${formatIssues(parsed.error)} (command ${
          JSON.stringify(command)
        })`,
      );
    }
    return this.#apply(parsed.data);
  }

  #apply(c: SimulatorCommand): unknown {
    const now = Number.isNaN(this.#eventNow) ? this.#startTs : this.#eventNow;
    switch (c.action) {
      case "start":
      case "stop":
        for (const m of this.#targets(c.action, c.machine)) {
          const running = c.action === "start";
          if (m.running === running) continue;
          if (running) m.runningSince = now;
          else if (!Number.isNaN(now)) m.uptimeMs += now - m.runningSince;
          m.running = running;
        }
        return this.status();
      case "inject": {
        const m = this.#targets("inject", c.machine)[0];
        const spec = m.model.addFault({
          type: c.fault,
          at: Number.isNaN(now) ? this.#cfg.start_ts ?? this.#clockNowOr0() : now,
          ramp: c.ramp_secs * 1000,
          severity: c.severity,
          sensor: SENSOR_FAULTS.has(c.fault) ? c.sensor : undefined,
          duration: c.duration_secs === undefined ? undefined : c.duration_secs * 1000,
        });
        return { injected: spec, machine: m.id };
      }
      case "clear":
        this.#targets("clear", c.machine)[0].model.clearFaults();
        return this.status();
      case "rate":
        for (const m of this.#targets("rate", c.machine)) {
          m.rate = c.rate_hz;
          if (this.#streams.length > 0) this.#buildStreams(m, this.#nextTick(m), {});
        }
        return this.status();
      case "status":
        return this.status();
    }
  }

  /** Running state per machine, rates, faults and uptime, as JSON. */
  status(): Record<string, unknown> {
    const now = this.#eventNow;
    const machines: Record<string, unknown> = {};
    for (const m of this.#machines.values()) {
      const up = m.uptimeMs + (m.running && !Number.isNaN(now) ? now - m.runningSince : 0);
      machines[m.id] = {
        running: m.running,
        rate_hz: m.rate,
        uptime_secs: Math.max(0, up) / 1000,
        faults: m.model.faults().map((f) => ({
          type: f.type,
          ...(f.sensor ? { sensor: f.sensor } : {}),
          severity: f.severity,
          at: new Date(f.at).toISOString(),
          ramp_secs: f.ramp / 1000,
          ...(f.duration !== undefined ? { duration_secs: f.duration / 1000 } : {}),
          active: !Number.isNaN(now) && now >= f.at,
        })),
      };
    }
    const wall = this.#clockNow();
    return {
      source: this.#name,
      started: !Number.isNaN(this.#startTs),
      event_time: Number.isNaN(now) ? null : new Date(now).toISOString(),
      uptime_secs: Number.isNaN(wall) ? 0 : (wall - this.#wallStart) / 1000,
      readings: this.#emitted,
      machines,
    };
  }

  #clockNowOr0(): number {
    const t = this.#clockNow();
    return Number.isNaN(t) ? 0 : t;
  }

  #targets(action: string, machine: string | undefined): Machine[] {
    if (machine === undefined) return [...this.#machines.values()];
    const m = this.#machines.get(machine);
    if (!m) {
      throw new Error(
        `Cannot ${action} on simulator "${this.#name}": unknown machine "${machine}", expected one of ${
          [...this.#machines.keys()].join(", ")
        }`,
      );
    }
    return [m];
  }

  #nextTick(m: Machine): number {
    return Math.min(...this.#streams.filter((s) => s.machine === m).map((s) => s.next));
  }

  /** (Re)creates the streams of one machine, grouping its sensors by rate, from event time `from`. */
  #buildStreams(m: Machine, from: number, sensorRates: Record<string, number>): void {
    const groups = new Map<number, number[]>();
    for (const i of this.#sensors) {
      const rate = sensorRates[SENSOR_CATALOG[i].name] ?? m.rate;
      groups.set(rate, [...groups.get(rate) ?? [], i]);
    }
    this.#streams = this.#streams.filter((s) => s.machine !== m);
    for (const [rate, sensors] of groups) {
      this.#streams.push({
        machine: m,
        rate,
        sensors,
        base: from,
        k: 0,
        next: from,
        series: [],
        epoch: -1,
      });
    }
  }
}

/** The `simulator` source definition. */
export const simulator: SourceDef<SimulatorConfig> = {
  kind: "source",
  type: "simulator",
  summary:
    "Simulated machines with the full sensor catalog: seeded, physically coupled, with labelled fault injection",
  config: SimulatorConfigSchema,
  outputs: () => ({ out: "reading" }),
  examples: [
    SimulatorConfigSchema.parse({ machines: ["A", "B", "C"], rate_hz: 5, seed: 42 }),
    SimulatorConfigSchema.parse({
      machines: ["A"],
      sensors: ["rpm", "vibration", "bearing_temp", "temperature"],
      rate_hz: 10,
      start_ts: "2025-01-01T00:00:00Z",
      duration: "2m",
      realtime: false,
      faults: [{ machine: "A", type: "bearing_wear", at: "30s", ramp: "20s" }],
    }),
  ],
  build: (config, ctx) => new Simulator(config, ctx.name),
};
