const T = 30, F = 50;
function rnd(n: number) { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5; return a; }
const hsig = (x: number) => x < -2.5 ? 0 : x > 2.5 ? 1 : 0.2 * x + 0.5;
function lstmStep(z: Float32Array, h: Float32Array, c: Float32Array, U: number) {
  for (let j = 0; j < U; j++) {
    const i = hsig(z[j]), f = hsig(z[U + j]), g = Math.tanh(z[2 * U + j]), o = hsig(z[3 * U + j]);
    const cj = f * c[j] + i * g; c[j] = cj; h[j] = o * Math.tanh(cj);
  }
}
function forward(x: Float32Array, off: number, W: Record<string, Float32Array>, U1: number, U2: number, err: Float32Array) {
  const G1 = 4 * U1, G2 = 4 * U2;
  const z = new Float32Array(G1), h = new Float32Array(U1), c = new Float32Array(U1);
  for (let t = 0; t < T; t++) {
    z.set(W.b1);
    const xo = off + t * F;
    for (let f = 0; f < F; f++) { const v = x[xo + f]; if (v === 0) continue; const r = f * G1; for (let k = 0; k < G1; k++) z[k] += v * W.Wx1[r + k]; }
    for (let u = 0; u < U1; u++) { const v = h[u]; const r = u * G1; for (let k = 0; k < G1; k++) z[k] += v * W.Wh1[r + k]; }
    lstmStep(z, h, c, U1);
  }
  const dp = new Float32Array(W.b2);
  for (let u = 0; u < U1; u++) { const v = h[u]; const r = u * G2; for (let k = 0; k < G2; k++) dp[k] += v * W.Wx2[r + k]; }
  const z2 = new Float32Array(G2), h2 = new Float32Array(U2), c2 = new Float32Array(U2);
  err.fill(0);
  for (let t = 0; t < T; t++) {
    z2.set(dp);
    for (let u = 0; u < U2; u++) { const v = h2[u]; const r = u * G2; for (let k = 0; k < G2; k++) z2[k] += v * W.Wh2[r + k]; }
    lstmStep(z2, h2, c2, U2);
    const xo = off + t * F;
    for (let f = 0; f < F; f++) { let y = W.bd[f]; for (let u = 0; u < U2; u++) y += h2[u] * W.Wd[u * F + f]; const d = y - x[xo + f]; err[f] += d * d; }
  }
}
for (const [U1, U2] of [[32, 16], [16, 8]]) {
  const W = { Wx1: rnd(F * 4 * U1), Wh1: rnd(U1 * 4 * U1), b1: rnd(4 * U1), Wx2: rnd(U1 * 4 * U2), Wh2: rnd(U2 * 4 * U2), b2: rnd(4 * U2), Wd: rnd(U2 * F), bd: rnd(F) };
  const B = 256; const x = rnd(B * T * F); const err = new Float32Array(F);
  for (let i = 0; i < B; i++) forward(x, i * T * F, W, U1, U2, err);
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 2000) { for (let i = 0; i < B; i++) forward(x, i * T * F, W, U1, U2, err); n += B; }
  console.log("js", U1, U2, Math.round(n / ((performance.now() - t0) / 1000)), "win/s");
}
