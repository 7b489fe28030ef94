import { ok } from "node:assert/strict";
import { buildAutoencoder, weightsOf } from "./lstm_model.ts";
import { LstmScorer } from "./lstm_scorer.ts";
import { ensureTf } from "./tfjs.ts";

Deno.test("LstmScorer errors match model.predict of the same weights", async () => {
  const { tf } = await ensureTf();
  const shape = { sequence: 6, features: 5, encoderUnits: 4, decoderUnits: 3 };
  const model = buildAutoencoder(tf, shape, 3);
  // Non-zero biases so the bias path is exercised too.
  for (const i of [0, 2, 3]) {
    const ws = model.layers[i].getWeights();
    model.layers[i].setWeights(ws.map((w, j) => j === ws.length - 1 ? tf.fill(w.shape, 0.1) : w));
  }
  const n = 4;
  const x = new Float32Array(n * 6 * 5).map((_, i) => Math.sin(i * 0.7));
  const y = (model.predict(tf.tensor3d(x, [n, 6, 5])) as ReturnType<typeof tf.tensor3d>)
    .dataSync();
  const recent = 2;
  const expected = new Float32Array(n * 5);
  for (let b = 0; b < n; b++) {
    for (let s = 6 - recent; s < 6; s++) {
      for (let f = 0; f < 5; f++) {
        const i = (b * 6 + s) * 5 + f;
        expected[b * 5 + f] += (y[i] - x[i]) ** 2 / recent;
      }
    }
  }
  const scorer = new LstmScorer(tf, weightsOf(model, shape));
  const got = await scorer.score(x, n, recent);
  scorer.dispose();
  model.dispose();
  for (let i = 0; i < expected.length; i++) {
    ok(Math.abs(got[i] - expected[i]) < 1e-4, `error ${i}: ${got[i]} vs ${expected[i]}`);
  }
});
