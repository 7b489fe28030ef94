/**
 * The runtime's bookkeeping of component metrics: counters of the components
 * on the main thread (sources, sinks), the last counters reported by each
 * partition's transform replicas, and rates derived between polls.
 */
import { LatencyHistogram } from "./histogram.ts";
import type { ComponentMetrics } from "./metrics.ts";
import type { ReplicaMetrics } from "./partition_runner.ts";
import type { ComponentSpec } from "./topology.ts";

/** Counters of one main-thread component. */
export interface Counters {
  records_in: number;
  records_out: number;
  errors: number;
  late: number;
  dlq: number;
  max_event_ts: number;
  latency: LatencyHistogram;
}

interface Rate {
  in: number;
  out: number;
  at: number;
  inRate: number;
  outRate: number;
}

export class MetricsBook {
  #counters = new Map<string, Counters>();
  #rates = new Map<string, Rate>();
  /** Last metrics reported by each partition, by transform name. */
  replicas: Record<string, ReplicaMetrics>[] = [];

  /** The counters of `component`, created empty on first use. */
  counter(component: string): Counters {
    let c = this.#counters.get(component);
    if (!c) this.#counters.set(component, c = newCounters());
    return c;
  }

  /** Per-component metrics: main-thread counters plus the replicas' of transforms. */
  metrics(components: ComponentSpec[], now: number): ComponentMetrics[] {
    return components.map((spec) => {
      const c = this.#counters.get(spec.name) ?? newCounters();
      const m = { ...c, latency: new LatencyHistogram(c.latency.counts) };
      if (spec.kind === "transform") {
        for (const part of this.replicas) {
          const r = part[spec.name];
          if (!r) continue;
          m.records_in += r.records_in;
          m.records_out += r.records_out;
          m.errors += r.errors;
          m.late += r.late;
          m.dlq += r.dlq;
          m.max_event_ts = Math.max(m.max_event_ts, r.max_event_ts);
          m.latency.merge(r.latency);
        }
      }
      const rate = this.#rates.get(spec.name);
      return {
        component: spec.name,
        kind: spec.kind,
        type: spec.type,
        records_in: m.records_in,
        records_out: m.records_out,
        errors: m.errors,
        late: m.late,
        dlq: m.dlq,
        lag_ms: m.max_event_ts > 0 ? Math.max(0, now - m.max_event_ts) : 0,
        p50_ms: m.latency.quantile(0.5),
        p99_ms: m.latency.quantile(0.99),
        in_rate: rate?.inRate ?? 0,
        out_rate: rate?.outRate ?? 0,
      };
    });
  }

  /** Updates records/s from the counts since the previous call (`now` in ms, monotonic). */
  updateRates(metrics: ComponentMetrics[], now: number): void {
    for (const m of metrics) {
      const r = this.#rates.get(m.component);
      if (!r) {
        this.#rates.set(m.component, {
          in: m.records_in,
          out: m.records_out,
          at: now,
          inRate: 0,
          outRate: 0,
        });
        continue;
      }
      const dt = (now - r.at) / 1000;
      if (dt > 0) {
        r.inRate = (m.records_in - r.in) / dt;
        r.outRate = (m.records_out - r.out) / dt;
      }
      r.in = m.records_in;
      r.out = m.records_out;
      r.at = now;
    }
  }
}

function newCounters(): Counters {
  return {
    records_in: 0,
    records_out: 0,
    errors: 0,
    late: 0,
    dlq: 0,
    max_event_ts: 0,
    latency: new LatencyHistogram(),
  };
}
