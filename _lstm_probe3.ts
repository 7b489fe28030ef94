import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
const dist = new URL("./", import.meta.resolve("@tensorflow/tfjs-backend-wasm"));
setWasmPaths(dist.href);
await tf.setBackend("wasm");
await tf.ready();
const T = 30, F = 50;
const hs = (x: tf.Tensor) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);
function lstmSeq(xp: tf.Tensor[], Wh: tf.Tensor2D, U: number, B: number, keep: boolean) {
  let h = tf.zeros([B, U]) as tf.Tensor2D; let c = tf.zeros([B, U]) as tf.Tensor2D;
  const outs: tf.Tensor2D[] = [];
  for (const x of xp) {
    const z = tf.add(x, tf.matMul(h, Wh));
    const [i, f, g, o] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(hs(f), c), tf.mul(hs(i), tf.tanh(g)));
    h = tf.mul(hs(o), tf.tanh(c));
    if (keep) outs.push(h);
  }
  return { h, outs };
}
for (const [U1, U2] of [[32, 16], [16, 8]]) {
  const Wx1 = tf.randomNormal([F, 4 * U1]) as tf.Tensor2D, Wh1 = tf.randomNormal([U1, 4 * U1]) as tf.Tensor2D, b1 = tf.zeros([4 * U1]);
  const Wx2 = tf.randomNormal([U1, 4 * U2]) as tf.Tensor2D, Wh2 = tf.randomNormal([U2, 4 * U2]) as tf.Tensor2D, b2 = tf.zeros([4 * U2]);
  const Wd = tf.randomNormal([U2, F]) as tf.Tensor2D, bd = tf.zeros([F]);
  for (const B of [64, 256, 1024]) {
    const x = tf.randomNormal([B, T, F]);
    const run = () => tf.tidy(() => {
      const xt = tf.transpose(x, [1, 0, 2]).reshape([T * B, F]);
      const xp = tf.add(tf.matMul(xt, Wx1), b1).reshape([T, B, 4 * U1]);
      const enc = lstmSeq(tf.unstack(xp), Wh1, U1, B, false).h;
      const dp = tf.add(tf.matMul(enc, Wx2), b2);
      const dec = lstmSeq(new Array(T).fill(dp), Wh2, U2, B, true).outs;
      const y = tf.add(tf.matMul(tf.concat(dec, 0), Wd), bd).reshape([T, B, F]);
      const err = tf.mean(tf.square(tf.sub(y, tf.transpose(x, [1, 0, 2]))), 0); // [B,F]
      return err;
    });
    run().dispose();
    const t0 = performance.now(); let n = 0;
    while (performance.now() - t0 < 2000) { const e = run(); await e.data(); e.dispose(); n += B; }
    console.log(U1, U2, B, Math.round(n / ((performance.now() - t0) / 1000)), "win/s", tf.memory().numTensors);
  }
}
