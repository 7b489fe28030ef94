/**
 * Building and training the LSTM autoencoder with tfjs-layers:
 * LSTM encoder → RepeatVector → LSTM decoder → TimeDistributed Dense.
 *
 * Training is seeded (initialisers carry the seed, batches are not shuffled),
 * so the same data gives the same model. Scoring does not use `predict`; the
 * trained weights go to {@link LstmScorer} (see `lstm_scorer.ts`).
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { LstmLayerWeights, LstmShape, LstmWeights } from "./lstm_weights.ts";

type Tf = typeof tfjs;

/** Training options. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Called after each epoch with its mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Builds an untrained autoencoder for `shape`, with seeded initialisers. */
export function buildAutoencoder(tf: Tf, shape: LstmShape, seed = 1): tfjs.Sequential {
  const { sequence, features, encoderUnits, decoderUnits } = shape;
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 7919 + k });
  const model = tf.sequential();
  model.add(tf.layers.lstm({
    units: encoderUnits,
    inputShape: [sequence, features],
    recurrentActivation: "sigmoid",
    kernelInitializer: init(1),
    recurrentInitializer: init(2),
  }));
  model.add(tf.layers.repeatVector({ n: sequence }));
  model.add(tf.layers.lstm({
    units: decoderUnits,
    returnSequences: true,
    recurrentActivation: "sigmoid",
    kernelInitializer: init(3),
    recurrentInitializer: init(4),
  }));
  model.add(tf.layers.timeDistributed({
    layer: tf.layers.dense({ units: features, kernelInitializer: init(5) }),
  }));
  return model;
}

/**
 * Trains `model` to reconstruct `n` sequences held row-major in `x`
 * ([n, sequence, features]); returns the loss after each epoch.
 */
export async function fitAutoencoder(
  tf: Tf,
  model: tfjs.Sequential,
  shape: LstmShape,
  x: Float32Array,
  n: number,
  opts: FitOptions,
): Promise<number[]> {
  model.compile({ optimizer: tf.train.adam(opts.learningRate), loss: "meanSquaredError" });
  const xs = tf.tensor3d(x.subarray(0, n * shape.sequence * shape.features), [
    n,
    shape.sequence,
    shape.features,
  ]);
  const losses: number[] = [];
  try {
    await model.fit(xs, xs, {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: (epoch, logs) => {
          const loss = Number(logs?.loss ?? NaN);
          losses.push(loss);
          opts.onEpoch?.(epoch, loss);
        },
      },
    });
  } finally {
    xs.dispose();
  }
  return losses;
}

/** The trained weights of `model` as typed arrays. */
export function weightsOf(model: tfjs.LayersModel, shape: LstmShape): LstmWeights {
  const layer = (i: number): Float32Array[] =>
    model.layers[i].getWeights().map((t) => t.dataSync() as Float32Array).map((a) => a.slice());
  const [ek, er, eb] = layer(0);
  const [dk, dr, db] = layer(2);
  const [wk, wb] = layer(3);
  const lstm = (kernel: Float32Array, recurrent: Float32Array, bias: Float32Array) =>
    ({ kernel, recurrent, bias }) satisfies LstmLayerWeights;
  return {
    shape,
    encoder: lstm(ek, er, eb),
    decoder: lstm(dk, dr, db),
    denseKernel: wk,
    denseBias: wb,
  };
}
