/**
 * The dashboard's state, fed by protocol messages and API polls. Plain
 * mutable data (no Solid): the island bumps one signal after each change and
 * views read from here, so 150 series updating at 10 Hz cost one signal.
 */
import type { SensorCategory, SensorSpec } from "../../../pipeline/catalog/types.ts";
import { healthOf, type Level, levelOf, levelOfHealth, levelOfRisk, worse } from "./levels.ts";
import type { AlertView } from "./types.ts";

/** Points kept per series for the sparkline and the average. */
export const HISTORY = 60;
/** An alert counts as active this long after its latest repeat, ms. */
export const ALERT_ACTIVE_MS = 60_000;

/** One machine × sensor series. */
export interface Series {
  value: number;
  ts: number;
  quality: string;
  /** Last {@link HISTORY} values and their times (seconds), oldest first. */
  values: number[];
  times: number[];
}

/** A stream message as the client receives it (see web/realtime/protocol.ts). */
export interface Message {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface MachineStatus {
  running: boolean;
  rate_hz: number | null;
  uptime_secs: number;
  faults: { type: string; active: boolean }[];
  /** Local time of the poll, ms. */
  polledAt: number;
}

export interface CardView {
  health: number | null;
  level: Level;
  anomalies: AlertView[];
}

export class DashboardState {
  readonly specs = new Map<string, SensorSpec>();
  readonly series = new Map<string, Series>();
  /** Newest first, at most 200. */
  readonly alerts: AlertView[] = [];
  readonly health = new Map<string, { score: number; risk: string }>();
  readonly rul = new Map<string, { hours: number; confidence: number | null; at: number }>();
  readonly status = new Map<string, MachineStatus>();
  #active = new Map<string, { at: number; severity: string; id: string }>();
  /** Stream messages applied. */
  received = 0;

  constructor(catalog: readonly SensorSpec[]) {
    for (const s of catalog) this.specs.set(s.name, s);
  }

  /** Applies a batch of stream messages; `now` is local time (ms). */
  apply(messages: readonly Message[], now: number): void {
    for (const m of messages) {
      this.received++;
      const d = m.data;
      if (m.type === "sensor_update") this.#reading(d, Date.parse(m.timestamp));
      else if (m.type === "alert_triggered") this.#alert(d, Date.parse(m.timestamp), now);
      else if (m.type === "alert_state" && d.state === "cleared") this.#clear(String(d.id));
      else if (m.type === "health_update") {
        this.health.set(String(d.asset_id), { score: Number(d.score), risk: String(d.risk_level) });
      } else if (m.type === "rul_update") {
        this.rul.set(String(d.asset_id), {
          hours: Number(d.hours),
          confidence: d.confidence == null ? null : Number(d.confidence),
          at: now,
        });
      }
    }
  }

  #reading(d: Record<string, unknown>, ts: number): void {
    const key = `${d.asset_id}/${d.sensor_type}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, s = { value: NaN, ts: 0, quality: "good", values: [], times: [] });
    s.value = Number(d.value);
    s.ts = ts;
    s.quality = String(d.quality ?? "good");
    s.values.push(s.value);
    s.times.push(ts / 1000);
    if (s.values.length > HISTORY) {
      s.values.shift();
      s.times.shift();
    }
  }

  #alert(d: Record<string, unknown>, ts: number, now: number): void {
    const sensor = d.sensor == null ? null : String(d.sensor);
    const a: AlertView = {
      id: String(d.id),
      ts,
      machine: String(d.asset_id),
      sensor,
      category: sensor ? this.specs.get(sensor)?.category ?? null : null,
      severity: String(d.severity),
      title: String(d.title ?? ""),
      value: d.metric_value == null ? null : Number(d.metric_value),
    };
    this.alerts.unshift(a);
    if (this.alerts.length > 200) this.alerts.length = 200;
    // Repeats of one condition (detector anomalies per reading, the deduped alert) count once.
    this.#active.set(`${a.machine}/${sensor ?? a.title}`, {
      at: now,
      severity: a.severity,
      id: a.id,
    });
  }

  #clear(id: string): void {
    for (const [k, v] of this.#active) if (v.id === id) this.#active.delete(k);
  }

  /** Conditions alerted within the last {@link ALERT_ACTIVE_MS}. */
  activeAlerts(now: number): number {
    let n = 0;
    for (const [k, v] of this.#active) {
      if (now - v.at > ALERT_ACTIVE_MS) this.#active.delete(k);
      else n++;
    }
    return n;
  }

  /** Series of one machine and sensor, if any reading arrived. */
  get(machine: string, sensor: string): Series | undefined {
    return this.series.get(`${machine}/${sensor}`);
  }

  /** Mean of the kept values (the "AVG" of a sensor card). */
  average(machine: string, sensor: string): number | undefined {
    const s = this.get(machine, sensor);
    if (!s || s.values.length === 0) return undefined;
    return s.values.reduce((a, b) => a + b, 0) / s.values.length;
  }

  /** Level of the latest reading of a sensor. */
  level(machine: string, sensor: string): Level {
    const s = this.get(machine, sensor);
    const spec = this.specs.get(sensor);
    return s && spec ? levelOf(spec, s.value) : "nom";
  }

  /** Newest alerts of a machine (and category), at most `n`. */
  recentAlerts(machine: string, category: SensorCategory | null, n: number): AlertView[] {
    const out: AlertView[] = [];
    for (const a of this.alerts) {
      if (a.machine !== machine || (category !== null && a.category !== category)) continue;
      out.push(a);
      if (out.length === n) break;
    }
    return out;
  }

  /**
   * Health card of one category: worst reading health, level from the
   * readings raised by alerts on its sensors in the last 30 s.
   */
  category(machine: string, category: SensorCategory, now: number): CardView {
    let health: number | null = null;
    let level: Level = "nom";
    for (const spec of this.specs.values()) {
      if (spec.category !== category) continue;
      const s = this.get(machine, spec.name);
      if (!s) continue;
      const h = healthOf(spec, s.value);
      health = health === null ? h : Math.min(health, h);
      level = worse(level, levelOf(spec, s.value));
    }
    const anomalies = this.recentAlerts(machine, category, 3);
    for (const a of anomalies) {
      if (now - a.ts > 30_000) continue;
      level = worse(level, a.severity === "critical" ? "crit" : "wrn");
    }
    if (health !== null) level = worse(level, levelOfHealth(health));
    return { health, level, anomalies };
  }

  /** The overall card: detector health of the machine (or the worst category's). */
  overall(machine: string, categories: readonly SensorCategory[], now: number): CardView {
    const h = this.health.get(machine);
    const cards = categories.map((c) => this.category(machine, c, now));
    let level: Level = h ? levelOfRisk(h.risk) : "nom";
    let health = h?.score ?? null;
    for (const c of cards) {
      level = worse(level, c.level);
      if (h === undefined && c.health !== null) health = Math.min(health ?? 100, c.health);
    }
    return { health, level, anomalies: this.recentAlerts(machine, null, 3) };
  }

  /** Hours of life left now: the last estimate minus the time since it came. */
  rulHours(machine: string, now: number): number | undefined {
    const r = this.rul.get(machine);
    return r ? r.hours - (now - r.at) / 3_600_000 : undefined;
  }

  setStatus(machine: string, s: Omit<MachineStatus, "polledAt">, now: number): void {
    this.status.set(machine, { ...s, polledAt: now });
  }

  /** Uptime that counts only while the machine runs (interpolated between polls). */
  uptime(machine: string, now: number): number | undefined {
    const s = this.status.get(machine);
    if (!s) return undefined;
    return s.uptime_secs + (s.running ? Math.max(0, now - s.polledAt) / 1000 : 0);
  }
}
