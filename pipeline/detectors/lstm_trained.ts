/**
 * A trained LSTM autoencoder with everything needed to score with it: sensor
 * order, per-machine normalisation, per-sensor reference errors and the
 * threshold calibrated on the training error distribution.
 *
 * Score of one sequence: the mean squared reconstruction error of each sensor
 * over the last `recent_steps` steps, divided by that sensor's mean training
 * error (so noisy sensors do not always top the list), then the mean of the
 * `top_k` largest ratios. A fault on one or two of 50 sensors is not diluted
 * by the healthy ones, and the threshold is a quantile (or mean + k·σ) of the
 * same statistic over the training sequences.
 */
import { buildAutoencoder, fitAutoencoder, weightsOf } from "../ml/lstm_model.ts";
import { LstmScorer } from "../ml/lstm_scorer.ts";
import type { LstmShape } from "../ml/lstm_weights.ts";
import { type ModelFiles, modelFromFiles, modelToFiles } from "../ml/model_file.ts";
import { ensureTf } from "../ml/tfjs.ts";

/** Per-sensor mean and standard deviation, in sensor order. */
export interface NormStats {
  mean: number[];
  std: number[];
}

/** How good the model looked on its training data. */
export interface LstmQuality {
  train_sequences: number;
  /** Held-out sequences the threshold was calibrated on (0: the training ones). */
  holdout_sequences: number;
  epochs: number;
  final_loss: number;
  /** Mean and 99th percentile of the score statistic on the calibration sequences. */
  stat_mean: number;
  stat_p99: number;
  /** Share of calibration sequences at or above the threshold. */
  train_anomaly_rate: number;
  backend: string;
}

/** What `model.json` carries besides the network (under `userDefinedMetadata.sluice`). */
export interface LstmMeta {
  format: "sluice-lstm-autoencoder/1";
  shape: LstmShape;
  sensors: string[];
  stats: { global: NormStats; machines: Record<string, NormStats> };
  /** Mean training reconstruction error per sensor. */
  reference: number[];
  threshold: number;
  recent_steps: number;
  top_k: number;
  quality: LstmQuality;
}

/** Training options (see the `lstm_autoencoder` config). */
export interface TrainOptions {
  sequence: number;
  encoderUnits: number;
  decoderUnits: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  recentSteps: number;
  topK: number;
  threshold: { method: "quantile"; q: number } | { method: "mean_std"; k: number };
  /** Multiplier on the calibrated threshold (default 1). */
  thresholdScale?: number;
  maxSequences: number;
  seed: number;
  /**
   * `machine`: z-scores with each training machine's own mean and σ (machines
   * not seen in training use the global ones); `global`: one set of stats for
   * every machine, so the model learns how sensors move together across
   * operating points and carries over to machines it never saw.
   */
  normalize?: "machine" | "global";
  /**
   * Share (0..0.5) of each machine's frames, at the end, kept out of training:
   * the reference errors and the threshold come from these held-out
   * sequences, as errors on unseen data are larger than on training data.
   * 0: calibrate on the training sequences.
   */
  holdout?: number;
}

/** Scores of a batch: the statistic per sequence and the per-sensor ratios [n, features]. */
export interface Scores {
  stat: Float32Array;
  ratio: Float32Array;
}

/** A ready-to-score model. */
export class TrainedLstm {
  readonly meta: LstmMeta;
  readonly #files: ModelFiles;
  readonly #scorer: LstmScorer;

  private constructor(meta: LstmMeta, files: ModelFiles, scorer: LstmScorer) {
    this.meta = meta;
    this.#files = files;
    this.#scorer = scorer;
  }

  /**
   * Trains on raw frames (one Float64Array per window, in `sensors` order) per
   * machine; refuses when they make fewer than `minSequences` sequences.
   */
  static async train(
    frames: Map<string, Float64Array[]>,
    sensors: string[],
    opts: TrainOptions,
  ): Promise<TrainedLstm> {
    const { tf, backend } = await ensureTf();
    const t = opts.sequence, f = sensors.length;
    const machines: Record<string, NormStats> = {};
    const all: Float64Array[] = [];
    for (const [m, rows] of frames) {
      machines[m] = normStats(rows, f);
      all.push(...rows);
    }
    const global = normStats(all, f);
    const perMachine = opts.normalize !== "global";
    const seqs: Float32Array[] = [], held: Float32Array[] = [];
    const share = Math.max(0, Math.min(0.5, opts.holdout ?? 0));
    for (const [m, rows] of frames) {
      const z = rows.map((r) => normalize(r, perMachine ? machines[m] : global));
      const split = z.length - Math.floor(share * z.length);
      for (let i = 0; i + t <= split; i++) seqs.push(sequenceOf(z, i, t, f));
      for (let i = split; i + t <= z.length; i++) held.push(sequenceOf(z, i, t, f));
    }
    const used = seqs.slice(Math.max(0, seqs.length - opts.maxSequences));
    const n = used.length;
    const x = packed(used, t * f);
    const calib = held.length > 0 ? held : used;
    const nc = calib.length;
    const xc = held.length > 0 ? packed(held, t * f) : x;
    const shape = {
      sequence: t,
      features: f,
      encoderUnits: opts.encoderUnits,
      decoderUnits: opts.decoderUnits,
    };
    const model = buildAutoencoder(tf, shape, opts.seed);
    try {
      const losses = await fitAutoencoder(tf, model, shape, x, n, opts);
      const scorer = new LstmScorer(tf, weightsOf(model, shape));
      const err = await scorer.score(xc, nc, opts.recentSteps);
      const reference = referenceErrors(err, nc, f);
      const stat = statistic(err, reference, nc, f, opts.topK).stat;
      const sorted = Array.from(stat).sort((a, b) => a - b);
      const threshold = (opts.thresholdScale ?? 1) *
        (opts.threshold.method === "quantile"
          ? quantile(sorted, opts.threshold.q)
          : meanOf(sorted) + opts.threshold.k * stdOf(sorted));
      const meta: LstmMeta = {
        format: "sluice-lstm-autoencoder/1",
        shape,
        sensors,
        stats: { global, machines: perMachine ? machines : {} },
        reference,
        threshold,
        recent_steps: opts.recentSteps,
        top_k: opts.topK,
        quality: {
          train_sequences: n,
          holdout_sequences: held.length,
          epochs: losses.length,
          final_loss: losses[losses.length - 1] ?? NaN,
          stat_mean: meanOf(sorted),
          stat_p99: quantile(sorted, 0.99),
          train_anomaly_rate: sorted.filter((s) => s >= threshold).length / Math.max(1, nc),
          backend,
        },
      };
      return new TrainedLstm(meta, await modelToFiles(model, meta), scorer);
    } finally {
      model.dispose();
    }
  }

  /** Loads a model saved with {@link files}. */
  static async load(files: ModelFiles): Promise<TrainedLstm> {
    const { tf } = await ensureTf();
    const { model, meta } = await modelFromFiles(tf, files);
    const m = meta as LstmMeta | undefined;
    if (m?.format !== "sluice-lstm-autoencoder/1") {
      model.dispose();
      throw new Error(
        `Cannot load LSTM model: metadata format must be "sluice-lstm-autoencoder/1", got ${
          JSON.stringify(m?.format)
        }`,
      );
    }
    const scorer = new LstmScorer(tf, weightsOf(model, m.shape));
    model.dispose();
    return new TrainedLstm(m, files, scorer);
  }

  /** The model as `model.json` + `weights.bin`. */
  files(): ModelFiles {
    return this.#files;
  }

  /** Normalisation stats for `machine` (the global ones for machines not seen in training). */
  statsFor(machine: string): NormStats {
    return this.meta.stats.machines[machine] ?? this.meta.stats.global;
  }

  /** Scores `n` normalised sequences held row-major in `x` ([n, sequence, features]). */
  async score(x: Float32Array, n: number): Promise<Scores> {
    const err = await this.#scorer.score(x, n, this.meta.recent_steps);
    return statistic(err, this.meta.reference, n, this.meta.shape.features, this.meta.top_k);
  }

  dispose(): void {
    this.#scorer.dispose();
  }
}

/** z-scores of a raw frame, clipped to ±10. */
export function normalize(raw: ArrayLike<number>, s: NormStats): Float32Array {
  const out = new Float32Array(s.mean.length);
  for (let j = 0; j < out.length; j++) {
    const z = (raw[j] - s.mean[j]) / s.std[j];
    out[j] = Number.isFinite(z) ? Math.max(-10, Math.min(10, z)) : 0;
  }
  return out;
}

/** Mean and σ per column, ignoring missing (non-finite) values. */
function normStats(rows: Float64Array[], f: number): NormStats {
  const mean = new Array(f).fill(0), std = new Array(f).fill(0), n = new Array(f).fill(0);
  for (const r of rows) {
    for (let j = 0; j < f; j++) {
      if (Number.isFinite(r[j])) [mean[j], n[j]] = [mean[j] + r[j], n[j] + 1];
    }
  }
  for (let j = 0; j < f; j++) mean[j] = n[j] > 0 ? mean[j] / n[j] : 0;
  for (const r of rows) {
    for (let j = 0; j < f; j++) if (Number.isFinite(r[j])) std[j] += (r[j] - mean[j]) ** 2;
  }
  for (let j = 0; j < f; j++) {
    const sd = Math.sqrt(std[j] / Math.max(1, n[j]));
    std[j] = sd > 1e-9 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return { mean, std };
}

function packed(seqs: Float32Array[], size: number): Float32Array {
  const x = new Float32Array(seqs.length * size);
  seqs.forEach((s, i) => x.set(s, i * size));
  return x;
}

function sequenceOf(z: Float32Array[], from: number, t: number, f: number): Float32Array {
  const out = new Float32Array(t * f);
  for (let s = 0; s < t; s++) out.set(z[from + s], s * f);
  return out;
}

function referenceErrors(err: Float32Array, n: number, f: number): number[] {
  const ref = new Array(f).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) ref[j] += err[i * f + j] / n;
  const floor = Math.max(1e-4, 0.05 * meanOf(ref));
  return ref.map((r) => Math.max(r, floor));
}

function statistic(err: Float32Array, ref: number[], n: number, f: number, k: number): Scores {
  const ratio = new Float32Array(n * f);
  const stat = new Float32Array(n);
  const top = Math.max(1, Math.min(k, f));
  const row = new Float32Array(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) row[j] = ratio[i * f + j] = err[i * f + j] / ref[j];
    row.sort();
    let s = 0;
    for (let j = f - top; j < f; j++) s += row[j];
    stat[i] = s / top;
  }
  return { stat, ratio };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function meanOf(a: number[]): number {
  return a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
}

function stdOf(a: number[]): number {
  const m = meanOf(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, a.length));
}
