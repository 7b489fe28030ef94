import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
const dist = new URL("./", import.meta.resolve("@tensorflow/tfjs-backend-wasm"));
setWasmPaths(dist.href);
const be = Deno.args[0] ?? "wasm";
await tf.setBackend(be);
await tf.ready();
const T = 30, F = 50;
for (const [u1, u2] of [[32, 16], [16, 8]]) {
  const m = tf.sequential();
  m.add(tf.layers.lstm({ units: u1, inputShape: [T, F], returnSequences: false, recurrentInitializer: "glorotUniform" }));
  m.add(tf.layers.repeatVector({ n: T }));
  m.add(tf.layers.lstm({ units: u2, returnSequences: true, recurrentInitializer: "glorotUniform" }));
  m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: F }) }));
  m.compile({ optimizer: "adam", loss: "meanSquaredError" });
  for (const B of [64, 256, 1024]) {
    const x = tf.randomNormal([B, T, F]);
    (m.predict(x) as tf.Tensor).dispose();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 2000) {
      const y = m.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
      n += B;
    }
    console.log(be, u1, u2, B, Math.round(n / ((performance.now() - t0) / 1000)), "win/s");
    x.dispose();
  }
  const xt = tf.randomNormal([200, T, F]);
  const t1 = performance.now();
  await m.fit(xt, xt, { epochs: 3, batchSize: 32, verbose: 0 });
  console.log("fit 200x3 epochs ms", Math.round(performance.now() - t1));
}
