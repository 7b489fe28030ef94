/**
 * Training data from stored readings, shaped exactly as the running operators
 * see it: readings go through the real `window` operator (tumbling, the
 * topology's window size) via the test driver, then aggregates become
 * isolation-forest feature vectors (`iforest/window_features.ts`) and LSTM
 * frames (`detectors/lstm_frames.ts`). Windows carrying a fault label are left
 * out: models learn what normal looks like.
 */
import { eventBatch } from "../engine/batch.ts";
import type { Aggregate, Event, Reading } from "../engine/record.ts";
import { type Frame, FrameAssembler } from "../detectors/lstm_frames.ts";
import {
  type FeatureAggregate,
  featureName,
  MachineWindows,
  type WindowVector,
} from "../detectors/iforest/window_features.ts";
import { runWithInput } from "../testing/driver.ts";
import { topologyOf } from "../testing/topology_builder.ts";

/** Window aggregates of `readings`, per machine in time order. */
export async function windowAggregates(readings: Reading[], size: string): Promise<Aggregate[]> {
  const topology = topologyOf("training", [
    { name: "win", kind: "transform", type: "window", config: { kind: "tumbling", size } },
  ], { workers: 0 });
  const outputs = await runWithInput(topology, readings, { insertAt: ["win"] });
  return ((outputs.get("win") ?? []) as Event[]).filter((r): r is Aggregate =>
    r.kind === "aggregate" && !r.update
  );
}

/** Training rows for the isolation forest, and how many windows were left out. */
export interface ForestRows {
  features: string[];
  rows: number[][];
  /** Machine of each row. */
  machines: string[];
  /** Windows with a fault label (left out). */
  faulty: number;
  /** Windows missing a feature the others have (left out). */
  incomplete: number;
}

/** One feature vector per machine and unlabelled window; features = every sensor × aggregate seen. */
export function forestRows(aggs: Aggregate[], aggregates: readonly FeatureAggregate[]): ForestRows {
  const byMachine = new Map<string, MachineWindows>();
  for (const a of aggs) {
    let w = byMachine.get(a.machine);
    if (!w) byMachine.set(a.machine, w = new MachineWindows(a.machine));
    w.add(a);
  }
  const vectors: WindowVector[] = [...byMachine.values()].flatMap((w) => w.take(undefined, true));
  const sensors = [...new Set(aggs.map((a) => a.sensor))].sort();
  const features = sensors.flatMap((s) => aggregates.map((a) => featureName(s, a)));
  let faulty = 0, incomplete = 0;
  const rows: number[][] = [];
  const machines: string[] = [];
  for (const v of vectors) {
    if (v.label) {
      faulty++;
      continue;
    }
    const row = features.map((f) => v.values.get(f) ?? NaN);
    if (row.some((x) => !Number.isFinite(x))) {
      incomplete++;
      continue;
    }
    rows.push(row);
    machines.push(v.machine);
  }
  return { features, rows, machines, faulty, incomplete };
}

/** LSTM frames per machine (unlabelled windows only), as the operator assembles them. */
export function lstmFrames(aggs: Aggregate[]): { frames: Map<string, Frame[]>; faulty: number } {
  const assembler = new FrameAssembler();
  const frames = new Map<string, Frame[]>();
  let faulty = 0;
  const byMachine = new Map<string, Aggregate[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const a of aggs) push(byMachine, a.machine, a);
  for (const [machine, list] of byMachine) {
    const byEnd = new Map<number, Aggregate[]>();
    for (const a of list) push(byEnd, a.ts, a);
    for (const end of [...byEnd.keys()].sort((x, y) => x - y)) {
      for (const f of assembler.frames(eventBatch(byEnd.get(end)!))) {
        if (f.label) faulty++;
        else push(frames, machine, f);
      }
    }
  }
  return { frames, faulty };
}
