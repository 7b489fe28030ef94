import * as tf from "@tensorflow/tfjs";
import { setWasmPaths, getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
const dist = new URL("./", import.meta.resolve("@tensorflow/tfjs-backend-wasm"));
setWasmPaths(dist.href);
await tf.setBackend("wasm");
await tf.ready();
console.log("threads", getThreadsCount(), tf.env().getBool("WASM_HAS_SIMD_SUPPORT"), tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"));
const T = 30, F = 50, B = 256;
const m = tf.sequential();
m.add(tf.layers.lstm({ units: 32, inputShape: [T, F], recurrentInitializer: "glorotUniform" }));
m.add(tf.layers.repeatVector({ n: T }));
m.add(tf.layers.lstm({ units: 16, returnSequences: true, recurrentInitializer: "glorotUniform" }));
m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: F }) }));
const x = tf.randomNormal([B, T, F]);
(m.predict(x) as tf.Tensor).dispose();
const prof = await tf.profile(() => m.predict(x) as tf.Tensor);
const agg = new Map<string, [number, number]>();
for (const k of prof.kernels) {
  const a = agg.get(k.name) ?? [0, 0];
  a[0] += Number(k.kernelTimeMs); a[1]++;
  agg.set(k.name, a);
}
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 15));
// raw matmul speed
const a = tf.randomNormal([256, 82]); const w = tf.randomNormal([82, 128]);
let t0 = performance.now();
for (let i = 0; i < 300; i++) { const y = tf.matMul(a, w); y.dataSync(); y.dispose(); }
const dt = (performance.now() - t0) / 300;
console.log("matmul 256x82x128 ms", dt, "GMAC/s", 256*82*128/dt/1e6);
const a2 = tf.randomNormal([7680, 50]); const w2 = tf.randomNormal([50, 128]);
t0 = performance.now();
for (let i = 0; i < 30; i++) { const y = tf.matMul(a2, w2); y.dataSync(); y.dispose(); }
const dt2 = (performance.now() - t0) / 30;
console.log("matmul 7680x50x128 ms", dt2, "GMAC/s", 7680*50*128/dt2/1e6);
