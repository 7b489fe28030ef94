/**
 * The records that flow through a sluice topology.
 *
 * Readings travel in columnar {@link ReadingBatch}es (see `batch.ts`); every
 * other record is a plain object with a `kind` tag and travels in an
 * {@link EventBatch}. The same shapes are what sinks write and what the
 * WebSocket API serialises, so they are the contract between components.
 */
import { z } from "zod";

/** Data quality of a reading, as reported by the device or the validator. */
export const QUALITIES = ["good", "uncertain", "bad"] as const;
export type Quality = typeof QUALITIES[number];

/** One sensor reading at the JSON edges (ingest, replay, files, Kafka). */
export const ReadingSchema = z.object({
  ts: z.union([z.number(), z.string()]).meta({
    description: "Event time: epoch milliseconds, or an ISO-8601 timestamp",
  }),
  machine: z.string().min(1).max(64).meta({ description: "Machine (asset) id, e.g. A" }),
  sensor: z.string().min(1).max(64).meta({ description: "Sensor name from the catalog" }),
  value: z.number().meta({ description: "Measured value in the sensor's unit" }),
  unit: z.string().max(32).optional().meta({ description: "Unit of value" }),
  quality: z.enum(QUALITIES).optional().meta({ description: "Data quality" }),
  label: z.string().max(64).optional().meta({
    description: "Ground-truth fault label set by the simulator (e.g. overheating)",
  }),
  id: z.string().max(128).optional().meta({
    description: "Unique id of the reading at its origin, used for idempotent writes",
  }),
}).strict();

/** A reading as an object (after validation `ts` is epoch ms). */
export interface Reading {
  ts: number;
  machine: string;
  sensor: string;
  value: number;
  unit?: string;
  quality?: Quality;
  label?: string;
  id?: string;
}

/** Aggregate of one key over one event-time window. */
export interface Aggregate {
  kind: "aggregate";
  /** Window end (exclusive), epoch ms: the aggregate's event time. */
  ts: number;
  window_start: number;
  window_end: number;
  machine: string;
  sensor: string;
  unit?: string;
  count: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  last: number;
  /** Least-squares slope of value over time, in units per second. */
  slope: number;
  /** Most frequent fault label inside the window, if any reading carried one. */
  label?: string;
  /** True when this aggregate updates an already-emitted window (late data). */
  update?: boolean;
}

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = typeof SEVERITIES[number];

/** A detector's verdict (SPEC §5). */
export interface Anomaly {
  kind: "anomaly";
  ts: number;
  machine: string;
  /** The sensor the verdict is about, when it is about one. */
  sensor?: string;
  /** 0..1, higher is more anomalous. */
  score: number;
  is_anomaly: boolean;
  contributing: string[];
  detector: string;
  severity?: Severity;
  value?: number;
  /** Human-readable reason. */
  message?: string;
  /** Fault label carried over from the input (for scoring detection). */
  label?: string;
  /** Per-detector scores when several detectors were combined. */
  scores?: Record<string, number>;
}

/** Remaining-useful-life estimate for one machine. */
export interface RulEstimate {
  kind: "rul";
  ts: number;
  machine: string;
  hours: number;
  lower: number;
  upper: number;
  confidence: number;
  method: string;
}

export const ALERT_STATES = ["open", "acknowledged", "cleared"] as const;
export type AlertState = typeof ALERT_STATES[number];

/** An operator-facing alert with a lifecycle. */
export interface Alert {
  kind: "alert";
  id: string;
  ts: number;
  machine: string;
  sensor?: string;
  severity: Severity;
  title: string;
  state: AlertState;
  value?: number;
  detector?: string;
}

/** A record some component refused, with the reason (the `.dlq` outputs). */
export interface Rejected {
  kind: "rejected";
  ts: number;
  component: string;
  reason: string;
  record: unknown;
}

export type Event = Aggregate | Anomaly | RulEstimate | Alert | Rejected;
export type EventKind = Event["kind"];

/** What an edge carries; used to check wiring at topology-check time. */
export const RECORD_TYPES = [
  "reading",
  "aggregate",
  "anomaly",
  "rul",
  "alert",
  "rejected",
] as const;
export type RecordType = typeof RECORD_TYPES[number];
