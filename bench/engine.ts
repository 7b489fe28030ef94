/**
 * Engine throughput: simulator → validate → tumbling window → zscore →
 * discard, keyed transforms on a pool of workers (SPEC §13 first figure).
 */
import { runTopology } from "../pipeline/engine/run.ts";
import { topologyOf } from "../pipeline/testing/topology_builder.ts";

export interface EngineBenchOptions {
  readings?: number;
  workers?: number;
  machines?: number;
}

export async function benchEngine(opts: EngineBenchOptions = {}): Promise<Record<string, unknown>> {
  const readings = opts.readings ?? 6_000_000;
  const workers = opts.workers ?? 2;
  const machines = Array.from({ length: opts.machines ?? 8 }, (_, i) => `M${i + 1}`);
  const rateHz = 20;
  const perSecond = machines.length * 50 * rateHz;
  const seconds = Math.ceil(readings / perSecond);
  const t = topologyOf("bench-engine", [
    {
      name: "sim",
      kind: "source",
      type: "simulator",
      config: {
        machines,
        rate_hz: rateHz,
        seed: 1,
        start_ts: "2026-01-01T00:00:00Z",
        duration: `${seconds}s`,
        realtime: false,
        batch_size: 16384,
      },
    },
    { name: "clean", kind: "transform", type: "validate", inputs: ["sim"] },
    {
      name: "win",
      kind: "transform",
      type: "window",
      inputs: ["clean"],
      config: { kind: "tumbling", size: "5s", watermark: "1s" },
    },
    { name: "z", kind: "transform", type: "zscore", inputs: ["win"] },
    { name: "out", kind: "sink", type: "discard", inputs: ["z", "win"] },
  ], { workers });
  // Worker start-up (module loading) is not part of the throughput figure.
  const tStart = performance.now();
  const p = await runTopology(t, { services: { baseDir: ".", env: {} }, inflight: 4 });
  const t0 = performance.now();
  await p.done;
  const secs = (performance.now() - t0) / 1000;
  const m = Object.fromEntries(p.metrics().map((c) => [c.component, c]));
  const n = m.sim.records_out;
  return {
    figure: "engine_readings_per_s",
    value: Math.round(n / secs),
    readings: n,
    seconds: Number(secs.toFixed(3)),
    startup_seconds: Number(((t0 - tStart) / 1000).toFixed(3)),
    workers,
    pipeline: "simulator → validate → window(tumbling 5s) → zscore → discard",
    aggregates: m.win.records_out,
    target: 1_000_000,
  };
}
