/**
 * Degradation-trend fits: a health indicator y(t) (0 = healthy, 1 = failure
 * threshold) is fitted over a history and extrapolated to the threshold.
 *
 * - linear: y = a + b·t
 * - exponential: y = c + a·e^(b·t), b > 0 (rate found by a 1-D search, then
 *   c and a by least squares)
 *
 * The interval comes from the fit's residuals: the standard error of the
 * fitted curve at the crossing, divided by the curve's slope there (delta
 * method), times `z`.
 */

/** When the indicator is expected to reach the threshold, in the units of `t`. */
export interface Crossing {
  /** Time of crossing (same units and origin as the input times). */
  at: number;
  lower: number;
  upper: number;
  /** Coefficient of determination of the fit, 0..1. */
  r2: number;
}

export type TrendMethod = "linear" | "exponential";

/** Solves the symmetric system `A x = b` (small, by Gaussian elimination); null if singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) return null;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/** Least squares of y on the basis functions; returns coefficients, SSE and (XᵀX)⁻¹. */
function leastSquares(rows: number[][], y: ArrayLike<number>) {
  const p = rows[0].length;
  const XtX = Array.from({ length: p }, () => new Array(p).fill(0));
  const Xty = new Array(p).fill(0);
  rows.forEach((x, i) => {
    for (let a = 0; a < p; a++) {
      Xty[a] += x[a] * y[i];
      for (let b = 0; b < p; b++) XtX[a][b] += x[a] * x[b];
    }
  });
  const beta = solve(XtX, Xty);
  if (!beta) return null;
  let sse = 0;
  rows.forEach((x, i) => {
    const d = y[i] - x.reduce((s, v, k) => s + v * beta[k], 0);
    sse += d * d;
  });
  const inv = Array.from({ length: p }, (_, k) => solve(XtX, XtX.map((_, r) => (r === k ? 1 : 0))));
  if (inv.some((c) => c === null)) return null;
  return { beta, sse, inv: inv as number[][] };
}

function rSquared(y: ArrayLike<number>, sse: number): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let sst = 0;
  for (let i = 0; i < y.length; i++) sst += (y[i] - m) ** 2;
  return sst > 0 ? Math.max(0, Math.min(1, 1 - sse / sst)) : 0;
}

/** Interval around a crossing from the curve's standard error `se` and slope `dy` there. */
function crossing(at: number, se: number, dy: number, z: number, r2: number): Crossing {
  const half = (z * se) / dy;
  return { at, lower: at - half, upper: at + half, r2 };
}

/**
 * Fits `y = a + b·t` and returns when it reaches `threshold`, or null when the
 * indicator is not rising (no degradation trend) or there are fewer than 3 points.
 */
export function linearCrossing(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  threshold = 1,
  z = 1.96,
): Crossing | null {
  const n = t.length;
  if (n < 3) return null;
  const fit = leastSquares(Array.from(t, (v) => [1, v]), y);
  if (!fit) return null;
  const [a, b] = fit.beta;
  if (!(b > 0)) return null;
  const at = (threshold - a) / b;
  const s2 = fit.sse / (n - 2);
  const g = [1, at];
  const v = g[0] * (fit.inv[0][0] * g[0] + fit.inv[0][1] * g[1]) +
    g[1] * (fit.inv[1][0] * g[0] + fit.inv[1][1] * g[1]);
  return crossing(at, Math.sqrt(s2 * Math.max(v, 0)), b, z, rSquared(y, fit.sse));
}

/**
 * Fits `y = c + a·e^(b·(t − t_last))` with a, b > 0 and returns when it reaches
 * `threshold`, or null when no growing exponential fits (fewer than 4 points,
 * or a non-rising indicator).
 */
export function exponentialCrossing(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  threshold = 1,
  z = 1.96,
): Crossing | null {
  const n = t.length;
  if (n < 4) return null;
  const t0 = t[n - 1];
  const span = t0 - t[0];
  if (!(span > 0)) return null;
  const fitAt = (b: number) => {
    const f = leastSquares(Array.from(t, (v) => [1, Math.exp(b * (v - t0))]), y);
    return f && f.beta[1] > 0 ? f : null;
  };
  // Log-spaced search over the rate, then golden-section refinement.
  let bestB = -1, bestSse = Infinity;
  for (let k = 0; k <= 60; k++) {
    const b = (0.05 * 400 ** (k / 60)) / span;
    const f = fitAt(b);
    if (f && f.sse < bestSse) bestSse = f.sse, bestB = b;
  }
  if (bestB < 0) return null;
  let lo = bestB / 1.2, hi = bestB * 1.2;
  const sseAt = (b: number) => fitAt(b)?.sse ?? Infinity;
  for (let k = 0; k < 40; k++) {
    const m1 = hi - (hi - lo) * 0.618, m2 = lo + (hi - lo) * 0.618;
    if (sseAt(m1) < sseAt(m2)) hi = m2;
    else lo = m1;
  }
  const b = (lo + hi) / 2;
  const fit = fitAt(b);
  if (!fit) return null;
  const [c, a] = fit.beta;
  if ((threshold - c) / a <= 0) return null;
  const at = t0 + Math.log((threshold - c) / a) / b;
  // Delta method with the Jacobian in (c, a, b); covariance σ²(JᵀJ)⁻¹.
  const J = Array.from(t, (v) => {
    const e = Math.exp(b * (v - t0));
    return [1, e, a * (v - t0) * e];
  });
  const full = leastSquares(J, y);
  const e = Math.exp(b * (at - t0));
  const dy = a * b * e;
  const s2 = fit.sse / Math.max(n - 3, 1);
  let se = 0;
  if (full) {
    const g = [1, e, a * (at - t0) * e];
    let v = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += g[i] * full.inv[i][j] * g[j];
    se = Math.sqrt(s2 * Math.max(v, 0));
  }
  return crossing(at, se, dy, z, rSquared(y, fit.sse));
}

/** Fits by `method`. */
export function trendCrossing(
  method: TrendMethod,
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  threshold = 1,
  z = 1.96,
): Crossing | null {
  return method === "linear"
    ? linearCrossing(t, y, threshold, z)
    : exponentialCrossing(t, y, threshold, z);
}
