import assert from "node:assert/strict";
import { averagePathLength } from "./iforest/compiled_forest.ts";
import { Prng } from "./iforest/prng.ts";
import { rocAuc } from "./iforest/roc_auc.ts";
import { syntheticData } from "./iforest/synthetic.ts";
import type { TreeNodes } from "./iforest/train.ts";
import { IsolationForestModel, matrixOf } from "./isolation_forest_model.ts";

/** Straight pre-order walk of the canonical trees: the definition the compiled layout must match. */
function referenceScore(model: IsolationForestModel, x: number[]): number {
  const pathLength = (t: TreeNodes, p: number, depth: number): number => {
    if (t.feature[p] < 0) return depth + averagePathLength(t.size[p]);
    let right = p + 1;
    for (let open = 1; open > 0; right++) open += t.feature[right] < 0 ? -1 : 1;
    return x[t.feature[p]] <= t.threshold[p]
      ? pathLength(t, p + 1, depth + 1)
      : pathLength(t, right, depth + 1);
  };
  const mean = model.trees.reduce((s, t) => s + pathLength(t, 0, 0), 0) / model.trees.length;
  return Math.pow(2, -mean / averagePathLength(model.psi));
}

function gaussianRows(n: number, d: number, seed: number): number[][] {
  const r = new Prng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => r.normal()));
}

Deno.test("isolation forest scores a planted outlier above every inlier", () => {
  const rows = gaussianRows(500, 4, 1);
  const model = IsolationForestModel.fit(matrixOf(rows), { seed: 3 });
  const outlier = model.score([6, -6, 6, 0]);
  const inliers = model.scoreBatch(matrixOf(rows).data);
  assert.ok(
    outlier > Math.max(...inliers),
    `outlier ${outlier} vs max inlier ${Math.max(...inliers)}`,
  );
  assert.ok(outlier > 0.6 && outlier < 1);
});

Deno.test("compiled scoring equals a plain walk of the trees, row by row and in batches", () => {
  const rows = gaussianRows(700, 5, 2);
  const model = IsolationForestModel.fit(matrixOf(rows.slice(0, 300)), { n_trees: 30, seed: 9 });
  const test = rows.slice(300); // 400 rows: blocks of four plus a remainder path
  const batch = model.scoreBatch(matrixOf(test).data);
  test.forEach((x, i) => {
    const want = referenceScore(model, x);
    assert.ok(Math.abs(batch[i] - want) < 1e-12, `row ${i}: ${batch[i]} vs ${want}`);
    assert.equal(model.score(x), batch[i]);
  });
});

Deno.test("isolation forest reaches ROC-AUC ≥ 0.9 on seeded correlated data with 3% anomalies", () => {
  const all = syntheticData({ rows: 12_000, cols: 10, anomaly_rate: 0.03, seed: 11 });
  const train = { data: all.data.subarray(0, 2000 * 10), rows: 2000, cols: 10 };
  const model = IsolationForestModel.fit(train, { seed: 5 });
  const scores = model.scoreBatch(all.data.subarray(2000 * 10), 10_000);
  const auc = rocAuc(scores, all.labels.subarray(2000));
  assert.ok(auc >= 0.9, `AUC ${auc}`);
});

Deno.test("the same seed grows the same forest", () => {
  const m = matrixOf(gaussianRows(300, 3, 4));
  const a = IsolationForestModel.fit(m, { seed: 8 }), b = IsolationForestModel.fit(m, { seed: 8 });
  assert.deepEqual(a.trees, b.trees);
  assert.notDeepEqual(a.trees, IsolationForestModel.fit(m, { seed: 9 }).trees);
});

Deno.test("training refuses fewer than 100 rows and non-finite values, saying which", () => {
  assert.throws(
    () => IsolationForestModel.fit(matrixOf(gaussianRows(99, 3, 1))),
    { message: "Cannot train isolation forest: needs at least 100 rows, got 99" },
  );
  const rows = gaussianRows(150, 3, 1);
  rows[42][1] = NaN;
  assert.throws(
    () => IsolationForestModel.fit(matrixOf(rows)),
    { message: "Cannot train isolation forest: row 42, column 1 is NaN" },
  );
});

Deno.test("contamination sets the threshold to that quantile of training scores", () => {
  const m = matrixOf(gaussianRows(1000, 4, 6));
  const model = IsolationForestModel.fit(m, { seed: 1, contamination: 0.05 });
  const flagged = model.scoreBatch(m.data).filter((s) => s >= model.threshold).length;
  assert.ok(flagged >= 49 && flagged <= 51, `flagged ${flagged} of 1000`);
  assert.equal(IsolationForestModel.fit(m, { seed: 1 }).threshold, 0.5);
});

Deno.test("contributions rank the perturbed feature first", () => {
  const data = syntheticData({ rows: 2000, cols: 8, anomaly_rate: 0, seed: 21 });
  const model = IsolationForestModel.fit(data, { seed: 2 });
  const sd = model.training.feature_std;
  for (let k = 0; k < 8; k++) {
    for (const row of [3, 500, 1200]) {
      const x = Array.from(data.data.subarray(row * 8, row * 8 + 8));
      x[k] += (k % 2 ? -6 : 6) * sd[k];
      const top = model.contributions(x)[0];
      assert.equal(top.index, k, `row ${row}, feature ${k}: top is ${top.feature}`);
      assert.equal(top.feature, `f${k}`);
    }
  }
});

Deno.test("contribution shares are positive and sum to 1", () => {
  const model = IsolationForestModel.fit(matrixOf(gaussianRows(400, 5, 3)), { seed: 4 });
  const c = model.contributions([0, 9, 0, -9, 0]);
  assert.ok(c.every((x) => x.share > 0));
  assert.ok(Math.abs(c.reduce((s, x) => s + x.share, 0) - 1) < 1e-12);
  assert.deepEqual(c.slice(0, 2).map((x) => x.index).sort(), [1, 3]);
});
