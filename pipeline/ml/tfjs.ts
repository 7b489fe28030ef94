/**
 * One-time set-up of TensorFlow.js for sluice: the WASM backend (about ten
 * times faster than the pure-JS `cpu` backend here), with the `cpu` backend as
 * a logged fallback when WASM cannot start.
 *
 * The `.wasm` binaries ship in the `dist/` folder of
 * `@tensorflow/tfjs-backend-wasm`; its location inside `node_modules/.deno/…`
 * is found by resolving the package itself, so it follows version bumps.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

/** The initialised library and the backend it runs on. */
export interface TfRuntime {
  tf: typeof tf;
  backend: "wasm" | "cpu";
}

let ready: Promise<TfRuntime> | undefined;

/** The `dist/` folder holding the backend's `.wasm` files, as a `file:` URL ending in `/`. */
export function wasmDistUrl(): string {
  const entry = import.meta.resolve("@tensorflow/tfjs-backend-wasm");
  const dist = entry.slice(0, entry.lastIndexOf("/") + 1);
  return dist.endsWith("/dist/") ? dist : new URL("../dist/", dist).href;
}

/**
 * Initialises tfjs once per thread and returns it; later calls return the same promise.
 *
 * @example
 * ```ts
 * import { ensureTf } from "./tfjs.ts";
 * const { tf, backend } = await ensureTf();
 * console.log(backend, tf.tensor([1, 2]).shape);
 * ```
 */
export function ensureTf(): Promise<TfRuntime> {
  ready ??= init();
  return ready;
}

async function init(): Promise<TfRuntime> {
  try {
    setWasmPaths(wasmDistUrl());
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
    await tf.ready();
    return { tf, backend: "wasm" };
  } catch (e) {
    console.warn(
      `tfjs: the WASM backend failed to start, falling back to the slower cpu backend: ${
        e instanceof Error ? e.message : e
      }`,
    );
    await tf.setBackend("cpu");
    await tf.ready();
    return { tf, backend: "cpu" };
  }
}
