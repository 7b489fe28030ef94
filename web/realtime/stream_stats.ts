/**
 * Counts what the hub publishes: totals, per-machine counts and a
 * messages-per-second rate over the last few seconds of the injected clock.
 */
import type { Batch } from "../../pipeline/engine/batch.ts";
import type { Clock } from "../../pipeline/engine/clock.ts";

export interface MachineCounts {
  readings: number;
  anomalies: number;
  alerts: number;
  /** Event time of the newest record, epoch ms. */
  last_ts: number;
}

export interface StreamStatsSnapshot {
  total_readings: number;
  total_events: number;
  /** Readings per second over the last `windowSecs` seconds. */
  messages_per_sec: number;
  machines: Record<string, MachineCounts>;
}

export class StreamStats {
  #clock: Clock;
  #windowSecs: number;
  #buckets = new Map<number, number>();
  #machines = new Map<string, MachineCounts>();
  #readings = 0;
  #events = 0;

  constructor(clock: Clock, windowSecs = 5) {
    this.#clock = clock;
    this.#windowSecs = windowSecs;
  }

  /** Machines seen in the stream so far. */
  machines(): string[] {
    return [...this.#machines.keys()].sort();
  }

  #machine(id: string): MachineCounts {
    let m = this.#machines.get(id);
    if (!m) this.#machines.set(id, m = { readings: 0, anomalies: 0, alerts: 0, last_ts: 0 });
    return m;
  }

  add(batch: Batch): void {
    if (batch.kind === "readings") {
      this.#readings += batch.n;
      const sec = Math.floor(this.#clock.now() / 1000);
      this.#buckets.set(sec, (this.#buckets.get(sec) ?? 0) + batch.n);
      if (this.#buckets.size > this.#windowSecs * 2) this.#prune(sec);
      for (let i = 0; i < batch.n; i++) {
        const m = this.#machine(batch.keys[batch.series[i]].machine);
        m.readings++;
        if (batch.ts[i] > m.last_ts) m.last_ts = batch.ts[i];
      }
      return;
    }
    this.#events += batch.records.length;
    for (const r of batch.records) {
      if (!("machine" in r)) continue;
      const m = this.#machine(r.machine);
      if (r.kind === "anomaly" && r.is_anomaly) m.anomalies++;
      if (r.kind === "alert") m.alerts++;
      if (r.ts > m.last_ts) m.last_ts = r.ts;
    }
  }

  #prune(sec: number): void {
    for (const k of this.#buckets.keys()) if (k <= sec - this.#windowSecs) this.#buckets.delete(k);
  }

  snapshot(): StreamStatsSnapshot {
    const now = Math.floor(this.#clock.now() / 1000);
    this.#prune(now);
    // Full seconds only: the current second is still filling.
    let sum = 0;
    for (const [k, v] of this.#buckets) if (k < now) sum += v;
    return {
      total_readings: this.#readings,
      total_events: this.#events,
      messages_per_sec: Math.round((sum / (this.#windowSecs - 1)) * 10) / 10,
      machines: Object.fromEntries([...this.#machines].map(([k, v]) => [k, { ...v }])),
    };
  }
}
