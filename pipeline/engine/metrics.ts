/** Per-component counters the runtime keeps (operators never count themselves). */
export interface ComponentMetrics {
  component: string;
  kind: "source" | "transform" | "sink";
  type: string;
  records_in: number;
  records_out: number;
  errors: number;
  late: number;
  dlq: number;
  /** Event-time lag: wall clock minus the newest event time seen, ms. */
  lag_ms: number;
  /** Processing latency per batch, ms. */
  p50_ms: number;
  p99_ms: number;
  /** Records per second over the last few seconds. */
  in_rate: number;
  out_rate: number;
}
