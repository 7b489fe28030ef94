import assert from "node:assert/strict";
import { rocAuc } from "./roc_auc.ts";

Deno.test("rocAuc is 1 for a perfect ranking and 0 for a reversed one", () => {
  assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
});

Deno.test("rocAuc counts ties between classes as one half", () => {
  assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
  // One positive ties one negative, beats the other: (1 + 0.5) / 2.
  assert.equal(rocAuc([0.1, 0.5, 0.5], [0, 0, 1]), 0.75);
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
});

Deno.test("rocAuc refuses labels of a single class", () => {
  assert.throws(() => rocAuc([1, 2], [0, 0]), /needs both classes: 0 positives, 2 negatives/);
});
