import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { DEFAULT_RUL_MODEL, evaluateRul, rulScores } from "./evaluate.ts";
import { decodeTree, encodeTree, parseRulModel } from "./model.ts";

/** RMSE of the shipped models/rul_fd001.json as measured by `deno task rul:eval` (NASA score 199.0). */
const MEASURED_RMSE = 11.551;

Deno.test("the shipped RUL model scores within 0.5 of its measured RMSE on FD001", async () => {
  const r = await evaluateRul({ model: DEFAULT_RUL_MODEL, train: false });
  equal(r.trained, false);
  equal(r.units, 100);
  ok(r.rmse <= MEASURED_RMSE + 0.5, `RMSE ${r.rmse} > ${MEASURED_RMSE} + 0.5`);
  const size = (await Deno.stat(DEFAULT_RUL_MODEL)).size;
  ok(size < 2_000_000, `model file is ${size} bytes`);
});

Deno.test("rulScores() computes RMSE and the asymmetric NASA score", () => {
  const s = rulScores([10, 30], [20, 20]);
  equal(s.rmse, 10);
  equal(s.nasa_score, Math.exp(10 / 13) - 1 + Math.exp(10 / 10) - 1);
});

Deno.test("parseRulModel() refuses a file of another format with the path", () => {
  throws(
    () => parseRulModel('{"format":"other"}', "m.json"),
    /Cannot load RUL model m\.json: format/,
  );
});

Deno.test("decodeTree() reads back encodeTree() and refuses dangling children", () => {
  const t = {
    feature: [0, -1, -1],
    threshold: [0.5, 0, 0],
    left: [1, -1, -1],
    right: [2, -1, -1],
    value: [0, -1.5, 2],
  };
  deepEqual(decodeTree(encodeTree(t)), t);
  equal(encodeTree(t), "0,0.5,1,2;-1.5;2");
  equal(decodeTree("0,0.5,1,7;1;2"), null);
});
