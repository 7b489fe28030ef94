/**
 * Trains the detector models from windowed training data and writes their
 * files where the operators load them: `<out>/iforest.json` (the
 * `isolation_forest` model file) and `<out>/lstm/` (model.json + weights.bin,
 * the `lstm_autoencoder` `model` directory).
 */
import { saveModel } from "../detectors/iforest/model_file.ts";
import {
  IsolationForestModel,
  matrixOf,
  MIN_TRAINING_ROWS,
} from "../detectors/isolation_forest_model.ts";
import type { Frame } from "../detectors/lstm_frames.ts";
import { frameVector } from "../detectors/lstm_frames.ts";
import { lstmAutoencoder, trainOptionsOf } from "../detectors/lstm_autoencoder.ts";
import { TrainedLstm } from "../detectors/lstm_trained.ts";
import { writeModelDir } from "../ml/model_file.ts";
import { calibrateByMachine, calibratedThreshold } from "./forest_calibration.ts";
import type { ForestRows } from "./window_rows.ts";

/** What a training run produced, for the `models` table. */
export interface TrainedModel {
  name: string;
  kind: "isolation_forest" | "lstm_autoencoder";
  path: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/** Isolation forest options. */
export interface ForestOptions {
  out: string;
  n_trees: number;
  sample_size: number;
  contamination: number;
  seed: number;
  trained_at: number;
}

/**
 * Trains and saves the isolation forest; refuses fewer than 100 normal windows.
 * With windows of several machines the threshold is raised to what machines
 * held out of training score (`forest_calibration.ts`).
 */
export async function trainForest(data: ForestRows, o: ForestOptions): Promise<TrainedModel> {
  if (data.rows.length < MIN_TRAINING_ROWS) {
    throw new RangeError(
      `Cannot train isolation forest: ${data.rows.length} normal windows, need at least ` +
        `${MIN_TRAINING_ROWS} (${data.faulty} windows with a fault label and ${data.incomplete} ` +
        `incomplete ones left out)`,
    );
  }
  const model = IsolationForestModel.fit(matrixOf(data.rows), {
    features: data.features,
    n_trees: o.n_trees,
    sample_size: o.sample_size,
    seed: o.seed,
    contamination: o.contamination,
    trained_at: o.trained_at,
  });
  const inSample = model.threshold;
  const calibration = calibrateByMachine(data.rows, data.machines, {
    features: data.features,
    n_trees: o.n_trees,
    sample_size: o.sample_size,
    seed: o.seed,
    contamination: o.contamination,
  });
  model.threshold = calibratedThreshold(inSample, calibration);
  const path = `${o.out.replace(/\/+$/, "")}/iforest.json`;
  await Deno.mkdir(o.out, { recursive: true });
  await saveModel(path, model);
  const t = model.training;
  return {
    name: "iforest",
    kind: "isolation_forest",
    path,
    params: { ...model.params, contamination: o.contamination, features: model.features },
    metrics: {
      rows: t.rows,
      features: model.features.length,
      threshold: model.threshold,
      threshold_in_sample: inSample,
      ...(calibration
        ? {
          holdout_folds: calibration.folds,
          holdout_windows: calibration.windows,
          holdout_in_sample_alarm_rate: calibration.in_sample_alarm_rate,
          holdout_margin: calibration.margin,
        }
        : {}),
      score_p50: t.score_p50,
      score_p99: t.score_p99,
      score_max: t.score_max,
      faulty_windows_skipped: data.faulty,
      incomplete_windows_skipped: data.incomplete,
    },
  };
}

/** Trains and saves the LSTM autoencoder with the operator's default options. */
export async function trainLstm(
  frames: Map<string, Frame[]>,
  out: string,
  overrides: Record<string, unknown> = {},
): Promise<TrainedModel> {
  const c = lstmAutoencoder.config.parse(overrides);
  const sensors = c.sensors ??
    [...new Set([...frames.values()].flatMap((l) => l.flatMap((f) => [...f.values.keys()])))]
      .sort();
  const rows = new Map<string, Float64Array[]>();
  let sequences = 0;
  for (const [m, list] of frames) {
    const carry = new Map<string, number>();
    rows.set(m, list.map((f) => frameVector(f, sensors, carry)));
    sequences += Math.max(0, list.length - c.sequence + 1);
  }
  if (sequences < c.train_after) {
    throw new RangeError(
      `Cannot train lstm_autoencoder: ${sequences} sequences of ${c.sequence} windows, ` +
        `need at least ${c.train_after}`,
    );
  }
  const model = await TrainedLstm.train(rows, sensors, trainOptionsOf(c));
  const path = `${out.replace(/\/+$/, "")}/lstm`;
  try {
    await writeModelDir(path, model.files());
  } finally {
    model.dispose();
  }
  return {
    name: "lstm",
    kind: "lstm_autoencoder",
    path,
    params: { sequence: c.sequence, sensors, epochs: c.epochs, seed: c.seed },
    metrics: { threshold: model.meta.threshold, ...model.meta.quality },
  };
}
