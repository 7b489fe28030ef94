/**
 * `alerts`: turns detector verdicts into operator-facing alerts with a
 * lifecycle open → acknowledged → cleared.
 *
 * Dedupe: at most one live alert per (machine, subject), where the subject is
 * the anomaly's sensor, or its detector when it names no sensor. Repeated
 * anomalies refresh it silently; a higher severity re-emits it (same id,
 * state back to "open": an escalation needs attention even if acknowledged).
 * It clears when every detector that raised it reported `is_anomaly: false`,
 * or when nothing anomalous arrived for `clear_after` of event time. Ids are
 * deterministic — `${machine}:${subject}:${first ts}` — so replays and
 * restarts produce the same ids and sinks can upsert.
 */
import { z } from "zod";
import { eventBatch } from "../engine/batch.ts";
import type { TransformContext, TransformDef } from "../engine/component.ts";
import type { Alert, Anomaly, Severity } from "../engine/record.ts";
import { SEVERITIES } from "../engine/record.ts";
import { durationMs } from "../dsl/duration.ts";

const Config = z.object({
  clear_after: durationMs.prefault("30s").meta({
    description: "Clear an alert after this much event time without an anomaly for its key",
  }),
  min_severity: z.enum(SEVERITIES).default("warning").meta({
    description: "Anomalies below this severity do not open alerts",
  }),
}).strict();

/** Parsed `alerts` options. */
export type AlertsConfig = z.infer<typeof Config>;

interface Live {
  alert: Alert;
  /** Detectors currently reporting an anomaly for this key. */
  detectors: string[];
  last_seen: number;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Severity of an anomaly: its own, or from the score (≥ 0.8 critical, else warning). */
export function severityOf(a: Anomaly): Severity {
  return a.severity ?? (a.score >= 0.8 ? "critical" : "warning");
}

function titleOf(a: Anomaly, severity: Severity, subject: string): string {
  const what = a.message ?? `${a.detector} score ${Math.round(a.score * 100) / 100}`;
  return `${severity[0].toUpperCase()}${severity.slice(1)} ${subject} on ${a.machine}: ${what}`;
}

/** The `alerts` transform definition. */
export const alerts: TransformDef<AlertsConfig> = {
  kind: "transform",
  type: "alerts",
  summary: "Dedupes anomalies into alerts with severity escalation and open/acknowledged/cleared",
  config: Config,
  accepts: ["anomaly"],
  outputs: () => ({ out: "alert" }),
  examples: [
    { clear_after: 30_000, min_severity: "warning" },
    { clear_after: 300_000, min_severity: "critical" },
  ],
  build(config, ctx: TransformContext) {
    const { clear_after } = config;
    const minRank = RANK[config.min_severity];
    let live = new Map<string, Live>();
    let now = -Infinity;
    let out: Alert[] = [];

    const publish = (l: Live) => out.push({ ...l.alert });
    const clear = (key: string, l: Live, ts: number) => {
      l.alert = { ...l.alert, ts, state: "cleared" };
      publish(l);
      live.delete(key);
    };
    /** Clears alerts silent for clear_after as event time reaches `ts`. */
    const expire = (ts: number) => {
      if (ts <= now) return;
      now = ts;
      for (const [key, l] of live) {
        if (now - l.last_seen >= clear_after) clear(key, l, l.last_seen + clear_after);
      }
    };

    const onAnomaly = (a: Anomaly) => {
      expire(a.ts);
      const subject = a.sensor ?? a.detector;
      const key = `${a.machine}:${subject}`;
      const l = live.get(key);
      if (!a.is_anomaly) {
        if (!l) return;
        l.detectors = l.detectors.filter((d) => d !== a.detector);
        if (l.detectors.length === 0) clear(key, l, a.ts);
        return;
      }
      const severity = severityOf(a);
      if (l) {
        l.last_seen = Math.max(l.last_seen, a.ts);
        if (!l.detectors.includes(a.detector)) l.detectors.push(a.detector);
        if (RANK[severity] <= RANK[l.alert.severity]) return;
        l.alert = {
          ...l.alert,
          ts: a.ts,
          severity,
          state: "open",
          title: titleOf(a, severity, subject),
          detector: a.detector,
          ...(a.value !== undefined ? { value: a.value } : {}),
        };
        publish(l);
        return;
      }
      if (RANK[severity] < minRank) return;
      const alert: Alert = {
        kind: "alert",
        id: `${key}:${a.ts}`,
        ts: a.ts,
        machine: a.machine,
        severity,
        title: titleOf(a, severity, subject),
        state: "open",
        detector: a.detector,
      };
      if (a.sensor !== undefined) alert.sensor = a.sensor;
      if (a.value !== undefined) alert.value = a.value;
      const opened: Live = { alert, detectors: [a.detector], last_seen: a.ts };
      live.set(key, opened);
      publish(opened);
    };

    const flushOut = () => {
      if (out.length === 0) return;
      ctx.emit(eventBatch(out));
      out = [];
    };

    return {
      process(batch) {
        if (batch.kind !== "events") return;
        for (const r of batch.records) if (r.kind === "anomaly") onAnomaly(r);
        flushOut();
      },
      control(cmd) {
        if (cmd.action === "list") {
          return {
            ok: true,
            alerts: [...live.values()].map((l) => l.alert),
          };
        }
        if (cmd.action !== "acknowledge") {
          return { ok: false, error: `unknown action ${JSON.stringify(cmd.action)}` };
        }
        const l = [...live.values()].find((x) => x.alert.id === cmd.id);
        if (!l) return { ok: false, error: `no live alert with id ${JSON.stringify(cmd.id)}` };
        if (l.alert.state !== "acknowledged") {
          l.alert = { ...l.alert, state: "acknowledged" };
          publish(l);
          flushOut();
        }
        return { ok: true, alert: l.alert };
      },
      snapshot: () => ({ now, live: [...live] }),
      restore(state) {
        const s = state as { now: number | null; live: [string, Live][] };
        now = s.now ?? -Infinity;
        live = new Map(s.live);
      },
    };
  },
};
