/** Prometheus text exposition (format 0.0.4) of component metrics. */
import type { ComponentMetrics } from "./metrics.ts";

const COUNTERS: [keyof ComponentMetrics, string, string][] = [
  ["records_in", "sluice_records_in_total", "Records received by a component"],
  ["records_out", "sluice_records_out_total", "Records emitted by a component"],
  ["errors", "sluice_errors_total", "Failures of a component"],
  ["late", "sluice_late_total", "Records too late for any window"],
  ["dlq", "sluice_dlq_total", "Records rejected to the component's .dlq output"],
];

const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export function toPrometheus(pipeline: string, metrics: ComponentMetrics[]): string {
  const lines: string[] = [];
  const labels = (m: ComponentMetrics, extra = "") =>
    `{pipeline="${escape(pipeline)}",component="${escape(m.component)}",kind="${m.kind}",type="${
      escape(m.type)
    }"${extra}}`;
  for (const [field, name, help] of COUNTERS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const m of metrics) lines.push(`${name}${labels(m)} ${m[field]}`);
  }
  lines.push(
    "# HELP sluice_lag_ms Wall clock minus the newest event time seen",
    "# TYPE sluice_lag_ms gauge",
  );
  for (const m of metrics) lines.push(`sluice_lag_ms${labels(m)} ${m.lag_ms}`);
  lines.push(
    "# HELP sluice_batch_latency_ms Processing time per batch",
    "# TYPE sluice_batch_latency_ms summary",
  );
  for (const m of metrics) {
    lines.push(`sluice_batch_latency_ms${labels(m, ',quantile="0.5"')} ${m.p50_ms}`);
    lines.push(`sluice_batch_latency_ms${labels(m, ',quantile="0.99"')} ${m.p99_ms}`);
  }
  lines.push("# HELP sluice_rate Records per second", "# TYPE sluice_rate gauge");
  for (const m of metrics) {
    lines.push(`sluice_rate${labels(m, ',direction="in"')} ${m.in_rate.toFixed(3)}`);
    lines.push(`sluice_rate${labels(m, ',direction="out"')} ${m.out_rate.toFixed(3)}`);
  }
  return lines.join("\n") + "\n";
}
