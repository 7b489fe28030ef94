/**
 * Runtime of the `isolation_forest` operator: window vectors in, one verdict
 * per machine and window out. A model loaded from a file is shared by every
 * machine (machines of one kind share a notion of normal); without one, each
 * machine trains its own model from its first `train_after` windows, since
 * machines differ in load and wear. Windows used for training get no verdict.
 *
 * Range guard: forest thresholds all lie inside the training range, so a window
 * far outside it on one feature follows the training extremes and scores no
 * higher than they do (the forest saturates). A feature more than
 * `range_sigmas` training standard deviations from its training mean therefore
 * raises the score to 1 − (1 − threshold)·range_sigmas/z (the threshold at
 * z = range_sigmas, → 1 as z grows) and its sensor leads `contributing`.
 */
import type { Anomaly } from "../../engine/record.ts";
import { IsolationForestModel, matrixOf } from "../isolation_forest_model.ts";
import { type ModelFile, modelFromJson, modelToJson } from "./model_file.ts";
import {
  type FeatureAggregate,
  featureName,
  sensorOf,
  type WindowVector,
} from "./window_features.ts";

/** Options the detector needs (already validated). */
export interface DetectorOptions {
  train_after?: number;
  contamination?: number;
  threshold?: number;
  /** Sensors to use; default every sensor seen in the training windows. */
  features?: string[];
  aggregates: FeatureAggregate[];
  n_trees: number;
  sample_size: number;
  seed: number;
  max_contributing: number;
  /** Distance from the training mean, in training σ, beyond which a feature alone is anomalous; 0 disables. */
  range_sigmas: number;
}

/** Shares below this do not make a sensor "contributing" (unless it is the top one). */
const MIN_SHARE = 0.1;

interface MachineModel {
  training: Map<string, number>[];
  model?: IsolationForestModel;
  /** Last value seen per feature, to fill a feature missing from a window. */
  last: Map<string, number>;
}

/** Per-machine models and scoring. */
export class ForestDetector {
  shared: IsolationForestModel | undefined;
  #opts: DetectorOptions;
  #machines = new Map<string, MachineModel>();
  #now: () => number;

  constructor(opts: DetectorOptions, shared: IsolationForestModel | undefined, now: () => number) {
    this.#opts = opts;
    this.shared = shared;
    this.#now = now;
  }

  /** Features a machine's windows must carry to be complete, when known. */
  expected(machine: string): readonly string[] | undefined {
    const m = this.shared ?? this.#machines.get(machine)?.model;
    if (m) return m.features;
    return this.#opts.features?.flatMap((s) => this.#opts.aggregates.map((a) => featureName(s, a)));
  }

  /** Replaces the shared model and drops per-machine ones. */
  swap(model: IsolationForestModel): void {
    this.shared = model;
    for (const m of this.#machines.values()) {
      m.model = undefined;
      m.training = [];
    }
  }

  /** Scores a window, or keeps it for training; returns the verdict, if any. */
  handle(w: WindowVector): Anomaly | undefined {
    let st = this.#machines.get(w.machine);
    if (!st) this.#machines.set(w.machine, st = { training: [], last: new Map() });
    const model = this.shared ?? st.model;
    if (!model) {
      if (this.#opts.train_after === undefined) return undefined;
      st.training.push(w.values);
      for (const [f, v] of w.values) st.last.set(f, v);
      if (st.training.length >= this.#opts.train_after) {
        st.model = this.#train(st.training);
        st.training = [];
      }
      return undefined;
    }
    const x = model.features.map((f, i) =>
      w.values.get(f) ?? st.last.get(f) ?? model.training.feature_mean[i]
    );
    for (const [f, v] of w.values) st.last.set(f, v);
    const threshold = this.#opts.threshold ?? model.threshold;
    const forest = model.score(x);
    const out = this.#outOfRange(model, x);
    const z = out.length ? out[0][1] : 0;
    const score = z > 0
      ? Math.max(forest, 1 - ((1 - threshold) * this.#opts.range_sigmas) / z)
      : forest;
    const isAnomaly = score >= threshold;
    const contributing = [
      ...new Set([...out.map(([f]) => sensorOf(f)), ...this.#contributing(model, x)]),
    ]
      .slice(0, this.#opts.max_contributing);
    const a: Anomaly = {
      kind: "anomaly",
      ts: w.end,
      machine: w.machine,
      score,
      is_anomaly: isAnomaly,
      contributing,
      detector: "isolation_forest",
      message:
        `isolation score ${score.toFixed(3)} ${isAnomaly ? "≥" : "<"} threshold ${
          threshold.toFixed(3)
        }` + (contributing.length ? `; most isolated by ${contributing.join(", ")}` : ""),
    };
    if (w.label !== undefined) a.label = w.label;
    return a;
  }

  /** Features beyond `range_sigmas`, farthest first, with their distance in σ. */
  #outOfRange(model: IsolationForestModel, x: number[]): [string, number][] {
    const k = this.#opts.range_sigmas;
    if (!(k > 0)) return [];
    const { feature_mean: mean, feature_std: sd } = model.training;
    const out: [string, number][] = [];
    x.forEach((v, f) => {
      const z = Math.abs(v - mean[f]) / Math.max(sd[f], 1e-9 * Math.max(1, Math.abs(mean[f])));
      if (z >= k) out.push([model.features[f], z]);
    });
    return out.sort((a, b) => b[1] - a[1]);
  }

  #contributing(model: IsolationForestModel, x: number[]): string[] {
    const bySensor = new Map<string, number>();
    for (const c of model.contributions(x)) {
      const s = sensorOf(c.feature);
      bySensor.set(s, (bySensor.get(s) ?? 0) + c.share);
    }
    const ranked = [...bySensor].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return ranked
      .filter(([, share], i) => i === 0 || share >= MIN_SHARE)
      .slice(0, this.#opts.max_contributing)
      .map(([s]) => s);
  }

  #train(rows: Map<string, number>[]): IsolationForestModel {
    const o = this.#opts;
    const sensors = o.features ??
      [...new Set(rows.flatMap((r) => [...r.keys()].map(sensorOf)))].sort();
    const features = sensors.flatMap((s) => o.aggregates.map((a) => featureName(s, a)));
    // Fill a feature missing from a window with its previous value, or the column mean.
    const means = features.map((f) => {
      const vs = rows.map((r) => r.get(f)).filter((v): v is number => v !== undefined);
      return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : 0;
    });
    const prev = [...means];
    const matrix = rows.map((r) => features.map((f, i) => prev[i] = r.get(f) ?? prev[i]));
    return IsolationForestModel.fit(matrixOf(matrix), {
      features,
      n_trees: o.n_trees,
      sample_size: o.sample_size,
      seed: o.seed,
      contamination: o.contamination ?? 0.01,
      trained_at: this.#now(),
    });
  }

  /** JSON state: per machine, its training windows, last values and online model. */
  snapshot(): Record<
    string,
    { training: [string, number][][]; last: [string, number][]; model?: ModelFile }
  > {
    const out: ReturnType<ForestDetector["snapshot"]> = {};
    for (const [machine, m] of this.#machines) {
      out[machine] = { training: m.training.map((r) => [...r]), last: [...m.last] };
      if (m.model) out[machine].model = modelToJson(m.model);
    }
    return out;
  }

  /** Rebuilds from {@link snapshot}. */
  restore(state: ReturnType<ForestDetector["snapshot"]>): void {
    this.#machines = new Map(
      Object.entries(state).map(([machine, s]) => [machine, {
        training: s.training.map((r) => new Map(r)),
        last: new Map(s.last),
        model: s.model ? modelFromJson(s.model, `snapshot of machine ${machine}`) : undefined,
      }]),
    );
  }
}
