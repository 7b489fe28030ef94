/**
 * A fused, batched forward pass of an LSTM autoencoder on tfjs ops, for scoring.
 *
 * `LayersModel.predict` on the WASM backend scores ~300–600 sequences/s here
 * (30 × 50, 32/16 units): the layers RNN loop splits, stacks and clips many
 * small tensors per step. This pass computes the same function with the state
 * laid out unit-major ([units, batch]) so every gate is a contiguous row block
 * (a cheap slice), runs one sigmoid over all four gates (tanh of the cell
 * candidate as 2·σ(2z) − 1, see {@link gateMajor}), folds the input bias into
 * the input matmul with a row of ones, feeds each step as its own tensor (the
 * wasm Slice kernel copies its whole input, so slicing steps out of one big
 * tensor is quadratic), and runs the output layer only for the steps that are
 * scored. It returns per-sensor reconstruction errors only, so
 * the download is [batch, features], not the whole reconstruction.
 * `lstm_scorer_test.ts` checks it against `model.predict`.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { checkWeights, gateMajor, type LstmShape, type LstmWeights } from "./lstm_weights.ts";

type Tf = typeof tfjs;
type T2 = tfjs.Tensor2D;

/** Scores batches of sequences with fixed weights; call {@link dispose} when done. */
export class LstmScorer {
  readonly shape: LstmShape;
  readonly #tf: Tf;
  readonly #encIn: T2;
  readonly #encRec: T2;
  readonly #decIn: T2;
  readonly #decRec: T2;
  readonly #dense: T2;
  readonly #denseBias: T2;

  constructor(tf: Tf, w: LstmWeights) {
    checkWeights(w);
    this.#tf = tf;
    this.shape = w.shape;
    const { features: f, encoderUnits: u1, decoderUnits: u2 } = w.shape;
    const enc = gateMajor(w.encoder, f, u1);
    const dec = gateMajor(w.decoder, u1, u2);
    this.#encIn = tf.tensor2d(withBiasColumn(enc.input, enc.bias, f), [4 * u1, f + 1]);
    this.#encRec = tf.tensor2d(enc.recurrent, [4 * u1, u1]);
    this.#decIn = tf.tensor2d(withBiasColumn(dec.input, dec.bias, u1), [4 * u2, u1 + 1]);
    this.#decRec = tf.tensor2d(dec.recurrent, [4 * u2, u2]);
    const dense = new Float32Array(f * u2);
    for (let u = 0; u < u2; u++) {
      for (let j = 0; j < f; j++) dense[j * u2 + u] = w.denseKernel[u * f + j];
    }
    this.#dense = tf.tensor2d(dense, [f, u2]);
    this.#denseBias = tf.tensor2d(w.denseBias, [f, 1]);
  }

  /**
   * Mean squared reconstruction error per sequence and feature over the last
   * `recent` steps. `x` holds `batch` sequences, row-major [batch, sequence, features].
   * Returns [batch, features], row-major.
   */
  async score(x: Float32Array, batch: number, recent = 1): Promise<Float32Array> {
    const { sequence: t, features: f } = this.shape;
    if (x.length < batch * t * f) {
      throw new Error(
        `Cannot score ${batch} sequences of ${t}×${f}: input holds ${x.length} values`,
      );
    }
    const k = Math.max(1, Math.min(t, Math.floor(recent)));
    const out = this.#forward(packStepMajor(x, batch, t, f), batch, k);
    try {
      const data = await out.data() as Float32Array;
      const res = new Float32Array(batch * f);
      for (let j = 0; j < f; j++) {
        for (let b = 0; b < batch; b++) res[b * f + j] = data[j * batch + b];
      }
      return res;
    } finally {
      out.dispose();
    }
  }

  #forward(packed: Float32Array, batch: number, k: number): T2 {
    const tf = this.#tf;
    const { sequence: t, features: f, encoderUnits: u1, decoderUnits: u2 } = this.shape;
    return tf.tidy(() => {
      // One tensor per step, made from the packed array: slicing a [t, f + 1, batch]
      // tensor would copy all of it per step (the wasm Slice kernel reads its whole input).
      const size = (f + 1) * batch;
      const steps = Array.from(
        { length: t },
        (_, s) => tf.tensor2d(packed.subarray(s * size, (s + 1) * size), [f + 1, batch]),
      );
      const step = (s: number) => steps[s];
      let h: T2 | undefined, c: T2 | undefined;
      for (let s = 0; s < t; s++) {
        const [hp, cp] = [h, c];
        [h, c] = tf.tidy(() => {
          const zin = tf.matMul(this.#encIn, step(s) as T2);
          return this.#cell(hp ? tf.add(zin, tf.matMul(this.#encRec, hp)) : zin, cp, u1, batch);
        });
        hp?.dispose();
        cp?.dispose();
      }
      const hAug = tf.concat([h!, tf.ones([1, batch])], 0) as T2;
      const zdec = tf.matMul(this.#decIn, hAug);
      let h2: T2 | undefined, c2: T2 | undefined;
      let acc: tfjs.Tensor | undefined;
      for (let s = 0; s < t; s++) {
        const [hp, cp] = [h2, c2];
        [h2, c2] = tf.tidy(() =>
          this.#cell(hp ? tf.add(zdec, tf.matMul(this.#decRec, hp)) : zdec, cp, u2, batch)
        );
        hp?.dispose();
        cp?.dispose();
        if (s < t - k) continue;
        const y = tf.add(tf.matMul(this.#dense, h2), this.#denseBias);
        const target = tf.slice(steps[s], [0, 0], [f, batch]);
        const sq = tf.square(tf.sub(y, target));
        acc = acc ? tf.add(acc, sq) : sq;
      }
      return tf.div(acc!, k) as T2;
    });
  }

  /** One LSTM step from pre-activations z [4u, batch]; returns [h, c]. */
  #cell(z: tfjs.Tensor, c: T2 | undefined, u: number, batch: number): [T2, T2] {
    const tf = this.#tf;
    const s = tf.sigmoid(z);
    const gate = (g: number) => tf.slice(s, [g * u, 0], [u, batch]);
    const i = gate(0), g = gate(2), o = gate(3);
    const ig = tf.sub(tf.mul(tf.mul(i, g), 2), i); // i · tanh(candidate) = i · (2σ − 1)
    const cNext = (c ? tf.add(tf.mul(gate(1), c), ig) : ig) as T2;
    // o · tanh(c) = 2·o·σ(2c) − o: the wasm Tanh kernel is ~8× slower than Sigmoid here.
    const h = tf.sub(tf.mul(tf.mul(o, tf.sigmoid(tf.mul(cNext, 2))), 2), o) as T2;
    return [h, cNext];
  }

  dispose(): void {
    for (const t of [this.#encIn, this.#encRec, this.#decIn, this.#decRec, this.#dense]) {
      t.dispose();
    }
    this.#denseBias.dispose();
  }
}

function withBiasColumn(w: Float32Array, bias: Float32Array, inputs: number): Float32Array {
  const rows = bias.length;
  const out = new Float32Array(rows * (inputs + 1));
  for (let r = 0; r < rows; r++) {
    out.set(w.subarray(r * inputs, (r + 1) * inputs), r * (inputs + 1));
    out[r * (inputs + 1) + inputs] = bias[r];
  }
  return out;
}

/** [batch, t, f] → [t, f + 1, batch] with a final row of ones per step (the bias input). */
function packStepMajor(x: Float32Array, batch: number, t: number, f: number): Float32Array {
  const out = new Float32Array(t * (f + 1) * batch);
  for (let s = 0; s < t; s++) {
    const base = s * (f + 1) * batch;
    for (let b = 0; b < batch; b++) {
      const src = (b * t + s) * f;
      for (let j = 0; j < f; j++) out[base + j * batch + b] = x[src + j];
    }
    out.fill(1, base + f * batch, base + (f + 1) * batch);
  }
  return out;
}
