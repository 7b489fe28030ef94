/**
 * Turns pipeline batches into protocol messages (without positions: the hub
 * assigns those).
 *
 * Mapping:
 * - reading → `sensor_update {asset_id, sensor_id: "<machine>-<sensor>",
 *   sensor_type: <sensor>, value, unit, quality}`
 * - aggregate → `aggregate_update` (channel `aggregates`)
 * - rul estimate → `rul_update` (channel `rul`)
 * - alert record, state `open` → `alert_triggered {id, asset_id, title,
 *   severity, metric_value}`; other states → `alert_state {id, asset_id, state}`
 * - anomaly with `is_anomaly` and severity `warning` or `critical` (a missing
 *   severity counts as `warning`) → `alert_triggered` with id
 *   `<detector>:<machine>:<sensor>:<ts>`; `info` anomalies never alert.
 * - every anomaly also feeds the machine's health ({@link HealthTracker}); a
 *   `health_update` is sent when the machine's score changes.
 */
import type { Batch } from "../../pipeline/engine/batch.ts";
import { QUALITY_NAMES } from "../../pipeline/engine/batch.ts";
import type { Anomaly } from "../../pipeline/engine/record.ts";
import type { StreamMessageType } from "./protocol.ts";

/** A message before the hub gives it a position. */
export interface Unpositioned {
  type: StreamMessageType;
  /** Event time, epoch ms. */
  ts: number;
  data: Record<string, unknown>;
  /** Messages with the same key supersede each other in a lagging client's queue. */
  key?: string;
}

export type RiskLevel = "low" | "medium" | "high" | "critical";

/** Health 0..100 → risk level: ≥80 low, ≥60 medium, ≥30 high, else critical. */
export function riskLevel(score: number): RiskLevel {
  return score >= 80 ? "low" : score >= 60 ? "medium" : score >= 30 ? "high" : "critical";
}

/**
 * Health score per machine from anomaly scores: it keeps each detector's
 * latest score per machine and sensor, and health = round(100 × (1 − max)).
 */
export class HealthTracker {
  #scores = new Map<string, Map<string, number>>();
  #health = new Map<string, number>();

  /** Feeds one anomaly; returns the new score when the machine's health changed. */
  update(a: Anomaly): number | undefined {
    let m = this.#scores.get(a.machine);
    if (!m) this.#scores.set(a.machine, m = new Map());
    const score = Number.isFinite(a.score) ? Math.min(1, Math.max(0, a.score)) : 0;
    m.set(`${a.detector}\u0000${a.sensor ?? ""}`, score);
    let max = 0;
    for (const s of m.values()) max = Math.max(max, s);
    const health = Math.round(100 * (1 - max));
    if (this.#health.get(a.machine) === health) return undefined;
    this.#health.set(a.machine, health);
    return health;
  }

  /** Current health per machine. */
  current(): Map<string, number> {
    return new Map(this.#health);
  }
}

/** Translates one batch into protocol messages, in record order. */
export function translate(batch: Batch, health: HealthTracker): Unpositioned[] {
  const out: Unpositioned[] = [];
  if (batch.kind === "readings") {
    for (let i = 0; i < batch.n; i++) {
      const k = batch.keys[batch.series[i]];
      out.push({
        type: "sensor_update",
        ts: batch.ts[i],
        key: `s\u0000${k.machine}\u0000${k.sensor}`,
        data: {
          asset_id: k.machine,
          sensor_id: `${k.machine}-${k.sensor}`,
          sensor_type: k.sensor,
          value: batch.value[i],
          unit: k.unit ?? null,
          quality: QUALITY_NAMES[batch.quality[i]] ?? "good",
        },
      });
    }
    return out;
  }
  for (const r of batch.records) {
    switch (r.kind) {
      case "aggregate":
        out.push({
          type: "aggregate_update",
          ts: r.ts,
          key: `a\u0000${r.machine}\u0000${r.sensor}`,
          data: {
            asset_id: r.machine,
            sensor_id: `${r.machine}-${r.sensor}`,
            sensor_type: r.sensor,
            unit: r.unit ?? null,
            window_start: r.window_start,
            window_end: r.window_end,
            count: r.count,
            mean: r.mean,
            min: r.min,
            max: r.max,
            stddev: r.stddev,
            last: r.last,
            slope: r.slope,
          },
        });
        break;
      case "rul":
        out.push({
          type: "rul_update",
          ts: r.ts,
          key: `r\u0000${r.machine}`,
          data: {
            asset_id: r.machine,
            hours: r.hours,
            lower: r.lower,
            upper: r.upper,
            confidence: r.confidence,
            method: r.method,
          },
        });
        break;
      case "alert":
        out.push(
          r.state === "open"
            ? {
              type: "alert_triggered",
              ts: r.ts,
              data: {
                id: r.id,
                asset_id: r.machine,
                title: r.title,
                severity: r.severity,
                metric_value: r.value ?? null,
                sensor: r.sensor ?? null,
                detector: r.detector ?? null,
              },
            }
            : {
              type: "alert_state",
              ts: r.ts,
              data: { id: r.id, asset_id: r.machine, state: r.state },
            },
        );
        break;
      case "anomaly": {
        const severity = r.severity ?? "warning";
        if (r.is_anomaly && severity !== "info") {
          const sensor = r.sensor ?? r.contributing[0];
          out.push({
            type: "alert_triggered",
            ts: r.ts,
            data: {
              id: `${r.detector}:${r.machine}:${sensor ?? "*"}:${r.ts}`,
              asset_id: r.machine,
              title: r.message ??
                `${r.detector}: anomaly on ${r.machine}${sensor ? "/" + sensor : ""}`,
              severity,
              metric_value: r.value ?? r.score,
              sensor: sensor ?? null,
              detector: r.detector,
            },
          });
        }
        const score = health.update(r);
        if (score !== undefined) {
          out.push({
            type: "health_update",
            ts: r.ts,
            key: `h\u0000${r.machine}`,
            data: { asset_id: r.machine, score, risk_level: riskLevel(score) },
          });
        }
        break;
      }
      default:
        // Rejected records are not part of the live protocol.
        break;
    }
  }
  return out;
}
