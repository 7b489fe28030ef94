/**
 * The standard C-MAPSS evaluation: predict at the last cycle of each test
 * unit, compare with RUL_FD001.txt, report RMSE and the NASA score.
 */
import { CMAPSS_SENSORS, cmapssDir, loadCmapss, loadRulTruth } from "./cmapss.ts";
import { loadRulModel, predictRul, type RulModel, serializeRulModel } from "./model.ts";
import { type TrainProgress, trainRulModel } from "./train.ts";

/** RMSE and NASA asymmetric score of predictions against truth (cycles). */
export function rulScores(pred: number[], truth: number[]): { rmse: number; nasa_score: number } {
  if (pred.length !== truth.length || pred.length === 0) {
    throw new RangeError(
      `Cannot score RUL predictions: need equal non-zero lengths, got ${pred.length} and ${truth.length}`,
    );
  }
  let s2 = 0, score = 0;
  pred.forEach((p, i) => {
    const d = p - truth[i];
    s2 += d * d;
    score += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  });
  return { rmse: Math.sqrt(s2 / pred.length), nasa_score: score };
}

export interface EvaluateOptions {
  /** Model file; default `models/rul_fd001.json` under the repository root. */
  model?: string;
  /** true: train (and write `model`) even if the file exists; false: never train, fail if missing; default: train only if missing. */
  train?: boolean;
  /** C-MAPSS directory; default {@link cmapssDir}. */
  dir?: string;
  /** Evaluate only the first `units` test units (quick checks). */
  units?: number;
  onProgress?: TrainProgress;
}

export interface RulEvaluation {
  figure: "rul_fd001";
  rmse: number;
  nasa_score: number;
  units: number;
  trained: boolean;
  train_secs?: number;
  eval_secs: number;
  model: string;
  /** Per test unit: predicted and true RUL (cycles). */
  rows: { unit: number; cycles: number; predicted: number; truth: number }[];
}

/** Default model path: `models/rul_fd001.json` in the repository. */
export const DEFAULT_RUL_MODEL = new URL("../../models/rul_fd001.json", import.meta.url).pathname;

/**
 * Trains when asked or when the model file is missing, then evaluates on
 * test_FD001 by the standard protocol.
 *
 * @example
 * ```ts
 * const r = await evaluateRul();
 * console.log(r.rmse, r.nasa_score);
 * ```
 */
export async function evaluateRul(opts: EvaluateOptions = {}): Promise<RulEvaluation> {
  const dir = opts.dir ?? cmapssDir();
  const path = opts.model ?? DEFAULT_RUL_MODEL;
  let model: RulModel;
  let trained = false;
  let train_secs: number | undefined;
  const exists = await Deno.stat(path).then(() => true, () => false);
  if (opts.train || (!exists && opts.train === undefined)) {
    const t0 = performance.now();
    model = trainRulModel(await loadCmapss("train_FD001.txt", dir), {}, opts.onProgress);
    train_secs = (performance.now() - t0) / 1000;
    // Write then rename, so a concurrent reader never sees a partial file.
    await Deno.writeTextFile(`${path}.tmp`, serializeRulModel(model));
    await Deno.rename(`${path}.tmp`, path);
    trained = true;
  } else {
    model = await loadRulModel(path);
  }
  const t1 = performance.now();
  const test = await loadCmapss("test_FD001.txt", dir);
  const truth = await loadRulTruth("RUL_FD001.txt", dir);
  if (truth.length !== test.units.length) {
    throw new Error(
      `Cannot evaluate RUL: ${test.units.length} test units but ${truth.length} truth lines`,
    );
  }
  const cols = model.sensors.map((name) => {
    const j = CMAPSS_SENSORS.findIndex((s) => s.name === name);
    if (j < 0) throw new Error(`Cannot evaluate RUL model ${path}: unknown sensor "${name}"`);
    return j;
  });
  const units = test.units.slice(0, opts.units ?? test.units.length);
  const rows = units.map((u, i) => ({
    unit: u.unit,
    cycles: u.cycles.length,
    predicted: predictRul(model, cols.map((j) => u.sensors[j])),
    truth: truth[i],
  }));
  const s = rulScores(rows.map((r) => r.predicted), rows.map((r) => r.truth));
  return {
    figure: "rul_fd001",
    ...s,
    units: rows.length,
    trained,
    train_secs,
    eval_secs: (performance.now() - t1) / 1000,
    model: path,
    rows,
  };
}
