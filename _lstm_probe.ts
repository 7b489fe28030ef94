import { ensureTf } from "./pipeline/ml/tfjs.ts";
import { LstmScorer } from "./pipeline/ml/lstm_scorer.ts";
const { tf } = await ensureTf();
const rnd = (n: number) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (Math.random() - 0.5) * 0.4; return a; };
for (const [U1, U2] of [[32, 16], [16, 8]]) {
  const F = 50, T = 30;
  const w = { shape: { sequence: T, features: F, encoderUnits: U1, decoderUnits: U2 },
    encoder: { kernel: rnd(F * 4 * U1), recurrent: rnd(U1 * 4 * U1), bias: rnd(4 * U1) },
    decoder: { kernel: rnd(U1 * 4 * U2), recurrent: rnd(U2 * 4 * U2), bias: rnd(4 * U2) },
    denseKernel: rnd(U2 * F), denseBias: rnd(F) };
  const sc = new LstmScorer(tf, w);
  for (const B of [64, 256, 1024]) {
    const x = rnd(B * T * F);
    await sc.score(x, B, 3);
    const t0 = performance.now(); let n = 0;
    while (performance.now() - t0 < 2000) { await sc.score(x, B, 3); n += B; }
    console.log(U1, U2, B, Math.round(n / ((performance.now() - t0) / 1000)), "win/s", tf.memory().numTensors);
  }
}
{
  const F = 50, T = 30, U1 = 32, U2 = 16, B = 256;
  const w = { shape: { sequence: T, features: F, encoderUnits: U1, decoderUnits: U2 },
    encoder: { kernel: rnd(F * 4 * U1), recurrent: rnd(U1 * 4 * U1), bias: rnd(4 * U1) },
    decoder: { kernel: rnd(U1 * 4 * U2), recurrent: rnd(U2 * 4 * U2), bias: rnd(4 * U2) },
    denseKernel: rnd(U2 * F), denseBias: rnd(F) };
  const sc = new LstmScorer(tf, w);
  const x = rnd(B * T * F);
  await sc.score(x, B, 3);
  let total = 0;
  const p = await tf.profile(async () => { const t0 = performance.now(); await sc.score(x, B, 3); total = performance.now() - t0; });
  const agg = new Map<string, [number, number]>();
  for (const k of p.kernels) { const a = agg.get(k.name) ?? [0, 0]; a[0] += Number(k.kernelTimeMs); a[1]++; agg.set(k.name, a); }
  console.log(total, [...agg].sort((a, b) => b[1][0] - a[1][0]));
}
