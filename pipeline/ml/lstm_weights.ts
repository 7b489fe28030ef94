/**
 * The weights of an LSTM autoencoder as plain typed arrays, in the layouts
 * tfjs-layers uses (Keras gate order i, f, c, o along the last axis).
 *
 * Kept apart from tfjs objects so they can be checked, copied into a fused
 * scorer ({@link LstmScorer}) or written to disk without a backend.
 */

/** Sizes of the autoencoder: `sequence` steps of `features` values. */
export interface LstmShape {
  sequence: number;
  features: number;
  encoderUnits: number;
  decoderUnits: number;
}

/** One LSTM layer: kernel [in, 4u], recurrent kernel [u, 4u], bias [4u]. */
export interface LstmLayerWeights {
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array;
}

/** Encoder LSTM → RepeatVector → decoder LSTM → TimeDistributed Dense. */
export interface LstmWeights {
  shape: LstmShape;
  encoder: LstmLayerWeights;
  decoder: LstmLayerWeights;
  /** Dense kernel [decoderUnits, features]. */
  denseKernel: Float32Array;
  /** Dense bias [features]. */
  denseBias: Float32Array;
}

/** Throws unless every array has the length `shape` implies. */
export function checkWeights(w: LstmWeights): void {
  const { features: f, encoderUnits: u1, decoderUnits: u2 } = w.shape;
  const expect: [string, Float32Array, number][] = [
    ["encoder.kernel", w.encoder.kernel, f * 4 * u1],
    ["encoder.recurrent", w.encoder.recurrent, u1 * 4 * u1],
    ["encoder.bias", w.encoder.bias, 4 * u1],
    ["decoder.kernel", w.decoder.kernel, u1 * 4 * u2],
    ["decoder.recurrent", w.decoder.recurrent, u2 * 4 * u2],
    ["decoder.bias", w.decoder.bias, 4 * u2],
    ["dense.kernel", w.denseKernel, u2 * f],
    ["dense.bias", w.denseBias, f],
  ];
  for (const [name, a, n] of expect) {
    if (a.length !== n) {
      throw new Error(
        `Cannot use LSTM weights: ${name} must hold ${n} values for shape ` +
          `${JSON.stringify(w.shape)}, got ${a.length}`,
      );
    }
  }
}

/**
 * A gate-major transposed copy of an LSTM layer, [4u, in + u + 1]: row r is
 * the r-th gate unit, columns are the input weights, the recurrent weights
 * and the bias. Rows of the cell-candidate gate are scaled by 2 so that
 * tanh(z) can be computed as 2·sigmoid(2z) − 1 with one sigmoid over all gates.
 */
export function gateMajor(
  layer: LstmLayerWeights,
  inputs: number,
  units: number,
): { input: Float32Array; recurrent: Float32Array; bias: Float32Array } {
  const g = 4 * units;
  const input = new Float32Array(g * inputs);
  const recurrent = new Float32Array(g * units);
  const bias = new Float32Array(g);
  for (let r = 0; r < g; r++) {
    const s = r >= 2 * units && r < 3 * units ? 2 : 1;
    for (let i = 0; i < inputs; i++) input[r * inputs + i] = s * layer.kernel[i * g + r];
    for (let u = 0; u < units; u++) recurrent[r * units + u] = s * layer.recurrent[u * g + r];
    bias[r] = s * layer.bias[r];
  }
  return { input, recurrent, bias };
}
