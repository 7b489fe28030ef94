import assert from "node:assert/strict";
import { IsolationForestModel, matrixOf } from "../isolation_forest_model.ts";
import { loadModel, loadModelSync, modelFromJson, modelToJson, saveModel } from "./model_file.ts";
import { syntheticData } from "./synthetic.ts";

function trained(): IsolationForestModel {
  const data = syntheticData({ rows: 600, cols: 4, anomaly_rate: 0.02, seed: 3 });
  return IsolationForestModel.fit(data, {
    seed: 4,
    n_trees: 40,
    contamination: 0.02,
    features: ["rpm.mean", "vibration.mean", "bearing_temp.mean", "current.mean"],
    trained_at: 1_700_000_000_000,
  });
}

Deno.test("a saved model loads back and scores bit-for-bit the same", async () => {
  const model = trained();
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.json`;
    await saveModel(path, model);
    const loaded = await loadModel(path);
    const test = syntheticData({ rows: 2000, cols: 4, anomaly_rate: 0.05, seed: 99 });
    assert.deepEqual(loaded.scoreBatch(test.data), model.scoreBatch(test.data));
    assert.deepEqual(loaded.features, model.features);
    assert.equal(loaded.threshold, model.threshold);
    assert.deepEqual(loaded.training, model.training);
    const x = Array.from(test.data.subarray(0, 4));
    assert.deepEqual(loaded.contributions(x), model.contributions(x));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the model file carries format, version, features, params, threshold and training stats", () => {
  const json = modelToJson(trained());
  assert.equal(json.format, "sluice.isolation_forest");
  assert.equal(json.version, 1);
  assert.deepEqual(json.params, { n_trees: 40, sample_size: 256, seed: 4 });
  assert.equal(json.trees.length, 40);
  assert.equal(json.training.rows, 600);
  assert.equal(json.training.trained_at, 1_700_000_000_000);
  assert.ok(json.threshold > 0.4 && json.threshold < 1);
});

Deno.test("loading refuses a corrupt model file and names the problem", async () => {
  const good = JSON.parse(JSON.stringify(modelToJson(trained())));
  const cases: [(m: typeof good) => void, RegExp][] = [
    [(m) => m.version = 7, /version: /],
    [(m) => delete m.features, /features: /],
    [(m) => m.trees[2].threshold[0] = "x", /trees\.2\.threshold\.0: /],
    [(m) => m.trees[1].feature[0] = 9, /trees: tree 1: node 0 splits on feature 9 of 4/],
    [(m) => m.trees[0].feature.pop(), /trees: tree 0: feature, threshold and size lengths differ/],
    [(m) => m.trees.pop(), /params.n_trees is 40 but the file holds 39 trees/],
    [(m) => m.training.gain_baseline = [1], /training.gain_baseline has 1 values for 4 features/],
    [(m) => m.extra = 1, /Unrecognized key/],
  ];
  for (const [corrupt, message] of cases) {
    const m = structuredClone(good);
    corrupt(m);
    assert.throws(() => modelFromJson(m, "models/x.json"), (e: Error) => {
      assert.match(e.message, /^Cannot load isolation forest model "models\/x\.json": /);
      assert.match(e.message, message);
      return true;
    });
  }
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.json`, "{ not json");
    assert.throws(() => loadModelSync(`${dir}/bad.json`), /bad\.json": not JSON/);
    assert.throws(() => loadModelSync(`${dir}/missing.json`), /missing\.json": /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a tree whose child sizes do not add up is refused", () => {
  const m = modelToJson(IsolationForestModel.fit(
    matrixOf(
      Array.from({ length: 120 }, (_, i) => [i, (i * 7) % 13]),
    ),
    { n_trees: 2 },
  ));
  m.trees[0].size[1] += 1;
  assert.throws(() => modelFromJson(m), /children of node \d+ hold \d+ \+ \d+ ≠ \d+/);
});
