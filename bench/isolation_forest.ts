/**
 * Isolation forest benchmark (SPEC §13): our scorer against scikit-learn's
 * `IsolationForest` on the same seeded data, 100 trees, sample size 256.
 *
 * The data (correlated inliers + 2% anomalies, see
 * `pipeline/detectors/iforest/synthetic.ts`) is written to a temporary CSV;
 * `bench/isolation_forest_sklearn.py` fits and times scikit-learn on it, we
 * fit and time ours on the same rows. Both score the test split; throughput is
 * the best of several runs; ROC-AUC is computed on each side's scores and
averaged over 3 forest seeds per side.
 *
 * Run: `deno run -A bench/isolation_forest.ts` (needs `/usr/bin/python3` with
 * Debian `python3-sklearn`).
 */
import { rocAuc } from "../pipeline/detectors/iforest/roc_auc.ts";
import { syntheticData } from "../pipeline/detectors/iforest/synthetic.ts";
import { IsolationForestModel } from "../pipeline/detectors/isolation_forest_model.ts";

const TRAIN_ROWS = 20_000;
const TEST_ROWS = 100_000;
const COLS = 16;
const ANOMALY_RATE = 0.02;
const SEED = 42;
/** Forests per side: one forest's AUC varies by about ±0.005 with its seed, so AUCs are averaged. */
const SEEDS = 3;
const TREES = 100;
const SAMPLE_SIZE = 256;
const PYTHON = "/usr/bin/python3";

interface SklearnResult {
  points_per_s: number;
  auc: number;
  fit_s: number;
  rows: number;
}

async function runSklearn(csv: string): Promise<SklearnResult> {
  const script = new URL("./isolation_forest_sklearn.py", import.meta.url).pathname;
  const args = [script, csv, "--trees", `${TREES}`, "--sample-size", `${SAMPLE_SIZE}`];
  args.push("--seeds", `${SEEDS}`);
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(PYTHON, { args: [...args, "--seed", `${SEED}`] }).output();
  } catch (e) {
    throw new Error(`Cannot run the scikit-learn baseline: ${PYTHON} failed to start (${e})`);
  }
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(
      `Cannot run the scikit-learn baseline (install Debian python3-sklearn): ${stderr.trim()}`,
    );
  }
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as SklearnResult;
}

async function writeCsv(path: string, data: Float64Array, labels: Uint8Array): Promise<void> {
  const header = ["split", "label", ...Array.from({ length: COLS }, (_, f) => `f${f}`)];
  const lines = [header.join(",")];
  for (let i = 0; i < labels.length; i++) {
    const row = Array.from(data.subarray(i * COLS, (i + 1) * COLS), String);
    lines.push(`${i < TRAIN_ROWS ? 0 : 1},${labels[i]},${row.join(",")}`);
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
}

/**
 * Runs the comparison and returns the figures (also printed as JSON lines
 * when run directly).
 */
export async function benchIsolationForest(): Promise<Record<string, number>> {
  const all = syntheticData({
    rows: TRAIN_ROWS + TEST_ROWS,
    cols: COLS,
    anomaly_rate: ANOMALY_RATE,
    seed: SEED,
  });
  const dir = await Deno.makeTempDir({ prefix: "sluice_iforest_bench_" });
  try {
    const csv = `${dir}/data.csv`;
    await writeCsv(csv, all.data, all.labels);
    const sk = await runSklearn(csv);

    const train = { data: all.data.subarray(0, TRAIN_ROWS * COLS), rows: TRAIN_ROWS, cols: COLS };
    const test = all.data.subarray(TRAIN_ROWS * COLS);
    const testLabels = all.labels.subarray(TRAIN_ROWS);
    const scores = new Float64Array(TEST_ROWS);
    let best = Infinity, fitMs = Infinity, aucSum = 0;
    for (let seed = SEED; seed < SEED + SEEDS; seed++) {
      const t0 = performance.now();
      const model = IsolationForestModel.fit(train, {
        n_trees: TREES,
        sample_size: SAMPLE_SIZE,
        seed,
      });
      fitMs = Math.min(fitMs, performance.now() - t0);
      for (let run = 0; run < 4; run++) {
        const t = performance.now();
        model.scoreBatch(test, TEST_ROWS, scores);
        best = Math.min(best, performance.now() - t);
      }
      aucSum += rocAuc(scores, testLabels);
    }
    const ours = (TEST_ROWS * 1000) / best;
    return {
      ours_points_per_s: Math.round(ours),
      sklearn_points_per_s: Math.round(sk.points_per_s),
      ratio: Math.round((ours / sk.points_per_s) * 10) / 10,
      ours_auc: round4(aucSum / SEEDS),
      sklearn_auc: round4(sk.auc),
      ours_fit_ms: Math.round(fitMs),
      sklearn_fit_ms: Math.round(sk.fit_s * 1000),
      test_rows: TEST_ROWS,
      features: COLS,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

if (import.meta.main) {
  const r = await benchIsolationForest();
  console.log(JSON.stringify({
    figure: "isolation_forest",
    ours_points_per_s: r.ours_points_per_s,
    sklearn_points_per_s: r.sklearn_points_per_s,
    ratio: r.ratio,
    ours_auc: r.ours_auc,
    sklearn_auc: r.sklearn_auc,
  }));
  console.log(JSON.stringify({ figure: "isolation_forest_detail", ...r }));
}
