/**
 * Test helpers for the real-time path: a client sink that records frames, and
 * small batch builders. Used by the hub, route and sink tests.
 */
import { type EventBatch, eventBatch, readingBatchOf } from "../../pipeline/engine/batch.ts";
import type { ReadingBatch } from "../../pipeline/engine/batch.ts";
import type { Alert, Anomaly } from "../../pipeline/engine/record.ts";
import type { ClientSink } from "./hub.ts";
import type { StreamMessage } from "./protocol.ts";

/** A {@link ClientSink} that keeps every frame; `backlog` simulates a slow transport. */
export class RecordingSink implements ClientSink {
  frames: Record<string, unknown>[] = [];
  closedWith?: { code: number; reason: string };
  backlog = 0;

  send(text: string): void {
    this.frames.push(JSON.parse(text));
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }

  /** Close code sent by the server, if it closed the connection. */
  closeCode(): number | undefined {
    return this.closedWith?.code;
  }

  bufferedAmount(): number {
    return this.backlog;
  }

  /** Frames of one type. */
  ofType(type: string): Record<string, unknown>[] {
    return this.frames.filter((f) => f.type === type);
  }

  /** Every stream message received, in order, unpacked from `batch` frames. */
  messages(): StreamMessage[] {
    return this.ofType("batch").flatMap((f) => f.messages as StreamMessage[]);
  }

  offsets(): number[] {
    return this.messages().map((m) => m.position.offset);
  }
}

/** Readings of `machine`: one per sensor name, all at `ts`, values 1, 2, 3…. */
export function readings(machine: string, sensors: string[], ts = 1_000, base = 1): ReadingBatch {
  return readingBatchOf(
    sensors.map((sensor, i) => ({ ts, machine, sensor, value: base + i, unit: "u" })),
  );
}

export function anomaly(partial: Partial<Anomaly> & { machine: string }): EventBatch {
  return eventBatch([{
    kind: "anomaly",
    ts: 2_000,
    score: 0.9,
    is_anomaly: true,
    contributing: ["bearing_temp"],
    detector: "zscore",
    sensor: "bearing_temp",
    severity: "critical",
    value: 212,
    ...partial,
  }]);
}

export function alert(id: string, machine = "A"): EventBatch {
  const a: Alert = {
    kind: "alert",
    id,
    ts: 3_000,
    machine,
    severity: "critical",
    title: `Bearing overheating on ${machine}`,
    state: "open",
    value: 215,
  };
  return eventBatch([a]);
}
