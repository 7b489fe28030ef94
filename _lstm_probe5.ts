import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
const dist = new URL("./", import.meta.resolve("@tensorflow/tfjs-backend-wasm"));
setWasmPaths(dist.href);
await tf.setBackend("wasm");
await tf.ready();
const B = 1024;
for (const [name, f] of [
  ["matmul 30720x50x64", () => tf.matMul(tf.ones([30720, 50]), tf.ones([50, 64]))],
  ["matmul 1024x16x64", () => tf.matMul(tf.ones([B, 16]), tf.ones([16, 64]))],
  ["tanh 1024x16", () => tf.tanh(tf.ones([B, 16]))],
  ["sigmoid 1024x64", () => tf.sigmoid(tf.ones([B, 64]))],
  ["add 1024x64", () => tf.add(tf.ones([B, 64]), tf.ones([B, 64]))],
  ["split 1024x64", () => tf.split(tf.ones([B, 64]), 4, 1)[0]],
] as [string, () => tf.Tensor][]) {
  const x = f(); x.dispose();
  const p = await tf.profile(() => f());
  console.log(name, p.kernels.map((k) => `${k.name}:${Number(k.kernelTimeMs).toFixed(3)}`).join(" "));
}
