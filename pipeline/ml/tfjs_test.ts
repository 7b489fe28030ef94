import { equal } from "node:assert/strict";
import { ensureTf, wasmDistUrl } from "./tfjs.ts";

Deno.test("ensureTf() runs tfjs on the WASM backend", async () => {
  const { tf, backend } = await ensureTf();
  equal(backend, "wasm");
  equal(tf.getBackend(), "wasm");
  const sum = tf.tidy(() => tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync());
  equal(Array.from(sum).join(","), "4,6");
});

Deno.test("wasmDistUrl() points at the folder holding the .wasm binaries", async () => {
  const url = new URL("tfjs-backend-wasm-simd.wasm", wasmDistUrl());
  const info = await Deno.stat(url);
  equal(info.isFile, true);
});

Deno.test("ensureTf() initialises once", async () => {
  equal(ensureTf(), ensureTf());
  await ensureTf();
});
