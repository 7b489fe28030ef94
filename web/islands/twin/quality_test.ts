import { equal, throws } from "node:assert/strict";
import { QualityGovernor } from "./quality.ts";

function feed(g: QualityGovernor, ms: number, frames: number): number {
  let changes = 0;
  for (let i = 0; i < frames; i++) if (g.sample(ms)) changes++;
  return changes;
}

Deno.test("QualityGovernor keeps full quality while frames are fast", () => {
  const g = new QualityGovernor(2);
  equal(feed(g, 16.7, 100), 0);
  equal(g.pixelRatio, 2);
  equal(g.bloom, true);
});

Deno.test("QualityGovernor lowers the pixel ratio step by step, then drops the bloom", () => {
  const g = new QualityGovernor(1, 0.35);
  feed(g, 60, 3);
  equal(g.pixelRatio, 0.7);
  feed(g, 60, 6);
  equal(g.pixelRatio, 0.35);
  equal(g.bloom, true);
  feed(g, 60, 3);
  equal(g.bloom, false);
  equal(feed(g, 60, 50), 0);
});

Deno.test("QualityGovernor jumps to the lowest ratio when frames take far too long", () => {
  const g = new QualityGovernor(2, 0.5);
  feed(g, 400, 3);
  equal(g.pixelRatio, 0.5);
});

Deno.test("QualityGovernor raises the ratio again when frames get fast", () => {
  const g = new QualityGovernor(1, 0.49);
  feed(g, 500, 3);
  equal(g.pixelRatio, 0.49);
  feed(g, 10, 3);
  equal(g.pixelRatio, 0.7);
  feed(g, 10, 3);
  equal(g.pixelRatio, 1);
});

Deno.test("QualityGovernor refuses a minimum above the maximum", () => {
  throws(() => new QualityGovernor(0.5, 1), /need 0 < minRatio <= maxRatio, got 1 and 0.5/);
});
