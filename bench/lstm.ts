/**
 * LSTM autoencoder scoring throughput (SPEC §13): windows scored per second,
 * one window = one sequence of 30 steps × 50 sensors, in batches as the
 * `lstm_autoencoder` operator sends them (all machines' sequences of a batch in
 * one call). Measures the fused scorer the operator uses, for the default
 * 32/16-unit model and a 16/8 one, and `LayersModel.predict` on the same
 * weights for reference. Throughput is the best of 3 one-second runs, per
 * wall-clock second and per CPU second (the scorer is single-threaded, so the
 * latter is what one free core would do when the machine is shared).
 *
 * Run: `deno run -A bench/lstm.ts` or `deno task bench --only lstm`.
 */
import type * as tfjs from "@tensorflow/tfjs";
import process from "node:process";
import { buildAutoencoder, weightsOf } from "../pipeline/ml/lstm_model.ts";
import { LstmScorer } from "../pipeline/ml/lstm_scorer.ts";
import { ensureTf } from "../pipeline/ml/tfjs.ts";

const STEPS = 30;
const SENSORS = 50;
const RECENT = 3;

/** Best of 3 one-second runs: windows per wall-clock second and per CPU second of this process. */
async function rate(batch: number, run: () => Promise<unknown>): Promise<[number, number]> {
  await run();
  let wall = 0, cpu = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    while (performance.now() - t0 < 1000) {
      await run();
      n += batch;
    }
    const c = process.cpuUsage(c0);
    wall = Math.max(wall, n / ((performance.now() - t0) / 1000));
    cpu = Math.max(cpu, n / ((c.user + c.system) / 1e6));
  }
  return [Math.round(wall), Math.round(cpu)];
}

function seededInput(n: number): Float32Array {
  let s = 42;
  return new Float32Array(n).map(() =>
    ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  );
}

/** Scoring throughput figures, one JSON object. */
export async function benchLstm(): Promise<Record<string, unknown>> {
  const { tf, backend } = await ensureTf();
  const out: Record<string, unknown> = {
    figure: "lstm_windows_per_s",
    backend,
    steps: STEPS,
    sensors: SENSORS,
  };
  for (const [enc, dec, batches] of [[32, 16, [64, 256]], [16, 8, [256]]] as const) {
    const shape = { sequence: STEPS, features: SENSORS, encoderUnits: enc, decoderUnits: dec };
    const model = buildAutoencoder(tf, shape, 1);
    const scorer = new LstmScorer(tf, weightsOf(model, shape));
    for (const b of batches) {
      const x = seededInput(b * STEPS * SENSORS);
      const [wall, cpu] = await rate(b, () => scorer.score(x, b, RECENT));
      out[`windows_per_s_${enc}_${dec}_batch${b}`] = wall;
      out[`windows_per_cpu_s_${enc}_${dec}_batch${b}`] = cpu;
    }
    const b = 256;
    const xs = tf.tensor3d(seededInput(b * STEPS * SENSORS), [b, STEPS, SENSORS]);
    const [wall, cpu] = await rate(b, async () => {
      const y = model.predict(xs) as tfjs.Tensor;
      await y.data();
      y.dispose();
    });
    out[`predict_windows_per_s_${enc}_${dec}_batch${b}`] = wall;
    out[`predict_windows_per_cpu_s_${enc}_${dec}_batch${b}`] = cpu;
    xs.dispose();
    scorer.dispose();
    model.dispose();
  }
  out.windows_per_s = out.windows_per_s_32_16_batch256;
  out.load_average = Deno.loadavg()[0];
  out.target = 3000;
  return out;
}

if (import.meta.main) console.log(JSON.stringify(await benchLstm()));
