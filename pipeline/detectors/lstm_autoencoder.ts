/**
 * `lstm_autoencoder`: temporal anomaly detection per machine with a tfjs LSTM
 * autoencoder (WASM backend), plus a forecast of anomalies to come.
 *
 * Input: window aggregates. Per machine, each window end gives one frame (the
 * sensors' means, z-normalised with the training stats); the last `sequence`
 * frames form the sequence that is reconstructed and scored. The model is
 * trained online once `train_after` sequences have been seen (or loaded from
 * `model`), and the threshold comes from the training error distribution.
 * See `lstm_operator.ts` for the runtime and `lstm_trained.ts` for the score.
 */
import { z } from "zod";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import { LstmOperator } from "./lstm_operator.ts";
import type { TrainOptions } from "./lstm_trained.ts";

const MIN_TRAIN = 100;

const Config = z.object({
  sequence: z.number().int().min(2).max(500).default(30).meta({
    description: "Window frames per sequence (time steps the autoencoder sees)",
  }),
  train_after: z.number().int().min(MIN_TRAIN, {
    error: (i) =>
      `train_after must be at least ${MIN_TRAIN} sequences to learn normal behaviour, got ${i.input}`,
  }).default(200).meta({
    description: `Sequences (over all machines) to collect before training online, ≥ ${MIN_TRAIN}`,
  }),
  model: z.string().min(1).optional().meta({
    description:
      "Saved model directory (model.json + weights.bin) to load instead of training; when it cannot be read the detector trains online; reloaded by control({action: 'reload'})",
  }),
  save_to: z.string().min(1).optional().meta({
    description: "Directory to write the model to after online training",
  }),
  sensors: z.array(z.string().min(1)).min(1).optional().meta({
    description: "Sensors used as features, in order (default: every sensor seen before training)",
  }),
  encoder_units: z.number().int().min(1).max(256).default(32).meta({
    description: "LSTM encoder units (the bottleneck)",
  }),
  decoder_units: z.number().int().min(1).max(256).default(16).meta({
    description: "LSTM decoder units",
  }),
  epochs: z.number().int().min(1).max(1000).default(15).meta({ description: "Training epochs" }),
  batch_size: z.number().int().min(1).default(32).meta({ description: "Training batch size" }),
  learning_rate: z.number().gt(0).max(1).default(0.005).meta({ description: "Adam learning rate" }),
  max_train_sequences: z.number().int().min(MIN_TRAIN).default(2000).meta({
    description: "Most recent sequences used for training (older ones are dropped)",
  }),
  recent_steps: z.number().int().min(1).default(3).meta({
    description: "Last steps of each sequence whose reconstruction error is scored",
  }),
  top_k: z.number().int().min(1).default(3).meta({
    description: "Score = mean of the k largest per-sensor error ratios",
  }),
  threshold_method: z.enum(["quantile", "mean_std"]).default("quantile").meta({
    description: "Threshold from the training scores: a quantile, or mean + k·σ",
  }),
  threshold_q: z.number().gt(0).lt(1).default(0.99).meta({
    description: "Quantile of the training scores used as threshold (quantile method)",
  }),
  threshold_k: z.number().gt(0).default(3).meta({
    description: "σ multiplier of the mean_std method",
  }),
  threshold_scale: z.number().gt(0).default(1).meta({
    description: "Multiplier on the calibrated threshold (a margin over normal variation)",
  }),
  normalize: z.enum(["machine", "global"]).default("machine").meta({
    description:
      "machine: z-scores per training machine; global: one set for all machines (carries over to unseen machines)",
  }),
  holdout: z.number().min(0).max(0.5).default(0).meta({
    description:
      "Share of each machine's training frames held out to calibrate the threshold on (0: calibrate on training data)",
  }),
  training: z.enum(["background", "inline"]).default("background").meta({
    description:
      "background: keep the stream flowing while training; inline: wait (deterministic tests)",
  }),
  emit: z.enum(["anomalies", "all"]).default("anomalies").meta({
    description: "anomalies: anomalous windows and forecasts only; all: a verdict per window",
  }),
  max_contributing: z.number().int().min(1).default(3).meta({
    description: "Sensors named as contributing, largest error first",
  }),
  forecast_windows: z.number().int().min(3).default(20).meta({
    description: "Recent windows whose error trend is extrapolated for the forecast",
  }),
  horizon_minutes: z.number().gt(0).default(60).meta({
    description: "Forecasts further ahead than this are not reported",
  }),
  forecast_min_r2: z.number().min(0).max(1).default(0.6).meta({
    description: "Minimum R² of the error trend for a forecast",
  }),
  seed: z.number().int().default(1).meta({ description: "Seed of the weight initialisers" }),
}).strict();

/** Parsed `lstm_autoencoder` options. */
export type LstmAutoencoderConfig = z.infer<typeof Config>;

/** The training options of a parsed config (shared by online training and `deno task train`). */
export function trainOptionsOf(c: LstmAutoencoderConfig): TrainOptions {
  return {
    sequence: c.sequence,
    encoderUnits: c.encoder_units,
    decoderUnits: c.decoder_units,
    epochs: c.epochs,
    batchSize: c.batch_size,
    learningRate: c.learning_rate,
    recentSteps: c.recent_steps,
    topK: c.top_k,
    threshold: c.threshold_method === "quantile"
      ? { method: "quantile", q: c.threshold_q }
      : { method: "mean_std", k: c.threshold_k },
    thresholdScale: c.threshold_scale,
    maxSequences: c.max_train_sequences,
    seed: c.seed,
    normalize: c.normalize,
    holdout: c.holdout,
  };
}

/** The `lstm_autoencoder` detector definition. */
export const lstmAutoencoder: TransformDef<LstmAutoencoderConfig> = {
  kind: "transform",
  type: "lstm_autoencoder",
  summary:
    "Scores each machine's recent window sequence by LSTM-autoencoder reconstruction error and forecasts anomalies",
  config: Config,
  accepts: ["aggregate"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    Config.parse({}),
    Config.parse({ sequence: 20, train_after: 150, training: "inline", emit: "all", epochs: 5 }),
  ],
  build(config, ctx: TransformContext) {
    if (config.recent_steps > config.sequence) {
      throw new Error(
        `Cannot build detector "${ctx.name}": recent_steps must be ≤ sequence (${config.sequence}), ` +
          `got ${config.recent_steps}`,
      );
    }
    const resolve = (p: string) => p.startsWith("/") ? p : `${ctx.services.baseDir}/${p}`;
    return new LstmOperator(config, ctx, {
      model: config.model ? resolve(config.model) : undefined,
      saveTo: config.save_to ? resolve(config.save_to) : undefined,
    });
  },
};
