/**
 * Threshold of a shipped isolation forest, checked on machines it never saw.
 *
 * `IsolationForestModel.fit` sets the threshold to the (1 − contamination)
 * quantile of the scores of its own training windows. A model file is shared
 * by every machine, including ones absent from the training data, and
 * in-sample scores are optimistic: on normal-fleet.ndjson, machines held out
 * of training scored at or above that threshold in 21 % of their normal
 * windows, not 1 %. So the trainer grows one forest per fold of machines
 * (leave-machines-out), scores the held-out machines' normal windows against
 * that fold's threshold, and raises the shipped threshold by the
 * (1 − contamination) quantile of how far above it they went. Only normal
 * (unlabelled) windows are used: no fault data goes into the threshold.
 */
import {
  IsolationForestModel,
  matrixOf,
  MIN_TRAINING_ROWS,
  quantile,
} from "../detectors/isolation_forest_model.ts";

/** What a calibration found. */
export interface Calibration {
  /** Folds of machines that were held out in turn. */
  folds: string[][];
  /** Held-out normal windows scored. */
  windows: number;
  /** Share of held-out windows at or above their fold's in-sample threshold. */
  in_sample_alarm_rate: number;
  /** (1 − contamination) quantile of held-out score − fold threshold, ≥ 0. */
  margin: number;
}

/** Forest options used for the fold models (the shipped model's). */
export interface CalibrationOptions {
  features: string[];
  n_trees: number;
  sample_size: number;
  seed: number;
  contamination: number;
  /** Folds of machines (default 3; fewer when there are fewer machines). */
  folds?: number;
}

/**
 * Leave-machines-out margin for `rows` (one per window; `machines[i]` is row
 * i's machine). Undefined with fewer than two machines or when a fold would
 * train on fewer than {@link MIN_TRAINING_ROWS} windows.
 */
export function calibrateByMachine(
  rows: readonly (readonly number[])[],
  machines: readonly string[],
  o: CalibrationOptions,
): Calibration | undefined {
  if (rows.length !== machines.length) {
    throw new Error(
      `Cannot calibrate isolation forest: ${rows.length} rows but ${machines.length} machine names`,
    );
  }
  const names = [...new Set(machines)].sort();
  const k = Math.min(o.folds ?? 3, names.length);
  if (k < 2) return undefined;
  const folds: string[][] = Array.from({ length: k }, () => []);
  names.forEach((m, i) => folds[i % k].push(m));
  const excess: number[] = [];
  let over = 0;
  for (const fold of folds) {
    const held = new Set(fold);
    const train = rows.filter((_, i) => !held.has(machines[i]));
    if (train.length < MIN_TRAINING_ROWS) return undefined;
    const model = IsolationForestModel.fit(matrixOf(train), {
      features: o.features,
      n_trees: o.n_trees,
      sample_size: o.sample_size,
      seed: o.seed,
      contamination: o.contamination,
    });
    rows.forEach((row, i) => {
      if (!held.has(machines[i])) return;
      const d = model.score(row) - model.threshold;
      if (d >= 0) over++;
      excess.push(d);
    });
  }
  return {
    folds,
    windows: excess.length,
    in_sample_alarm_rate: over / excess.length,
    margin: Math.max(0, quantile(excess, 1 - o.contamination)),
  };
}

/** The threshold to ship: in-sample threshold + margin, kept below 1. */
export function calibratedThreshold(inSample: number, c: Calibration | undefined): number {
  return c ? Math.min(0.99, inSample + c.margin) : inSample;
}
