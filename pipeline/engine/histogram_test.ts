import { ok } from "node:assert/strict";
import { LatencyHistogram } from "./histogram.ts";

Deno.test("LatencyHistogram quantiles bound the recorded values within one bucket", () => {
  const h = new LatencyHistogram();
  for (let i = 1; i <= 1000; i++) h.record(i / 100); // 0.01 .. 10 ms
  const p50 = h.quantile(0.5), p99 = h.quantile(0.99);
  ok(p50 >= 5 && p50 <= 5 * 1.25, `p50 ${p50}`);
  ok(p99 >= 9.9 && p99 <= 9.9 * 1.25, `p99 ${p99}`);
});

Deno.test("LatencyHistogram merges replicas by adding counts", () => {
  const a = new LatencyHistogram(), b = new LatencyHistogram();
  for (let i = 0; i < 99; i++) a.record(1);
  b.record(1000);
  a.merge(b.counts);
  ok(a.quantile(0.5) <= 1.25);
  ok(a.quantile(1) >= 1000);
});
