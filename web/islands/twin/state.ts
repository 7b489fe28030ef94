/**
 * The twin's transient state: a plain mutable object the WebSocket handler
 * writes into (about 10 times a second) and the render loop reads every frame.
 * Nothing here is reactive; writing a value re-renders nothing.
 */
import { anomalyScore } from "./mapping.ts";

/** The three rigs of the floor: machine id → display name. */
export const RIGS = [
  { id: "A", name: "Alpha" },
  { id: "B", name: "Beta" },
  { id: "C", name: "Gamma" },
] as const;

/** Latest values of one rig, as received. `NaN` until the first reading. */
export interface RigValues {
  readonly id: string;
  readonly name: string;
  rpm: number;
  temperature: number;
  vibration: number;
  /** Health 0..100 from `health_update`; 100 until told otherwise. */
  health: number;
  /** Anomaly score 0..1, derived from health (see mapping.ts). */
  score: number;
  /** Messages applied to this rig. */
  updates: number;
}

/** The whole transient state. */
export interface TwinState {
  rigs: Record<string, RigValues>;
  /** Stream messages applied, all rigs. */
  messages: number;
}

/** A stream message as the browser client hands it over. */
export interface TwinMessage {
  type: string;
  data: Record<string, unknown>;
}

/**
 * A fresh state with the three rigs and no readings.
 *
 * @example
 * ```ts
 * const state = createTwinState();
 * state.rigs.A.name; // "Alpha"
 * ```
 */
export function createTwinState(): TwinState {
  const rigs: Record<string, RigValues> = {};
  for (const r of RIGS) {
    rigs[r.id] = {
      id: r.id,
      name: r.name,
      rpm: NaN,
      temperature: NaN,
      vibration: NaN,
      health: 100,
      score: 0,
      updates: 0,
    };
  }
  return { rigs, messages: 0 };
}

/** Sensor name of a `sensor_update`: `sensor_type`, else the part after the machine in `sensor_id`. */
function sensorOf(d: Record<string, unknown>, machine: string): string {
  if (typeof d.sensor_type === "string") return d.sensor_type;
  const id = String(d.sensor_id ?? "");
  return id.startsWith(`${machine}-`) ? id.slice(machine.length + 1) : id;
}

/**
 * Writes a batch of stream messages into the state. Only the sensors the
 * twin draws (rpm, temperature, vibration) and `health_update` are kept;
 * machines other than the three rigs are ignored.
 * Returns the ids of the rigs that changed.
 *
 * @example
 * ```ts
 * applyMessages(state, [{ type: "sensor_update", data: { asset_id: "A", sensor_type: "rpm", value: 3000 } }]);
 * state.rigs.A.rpm; // 3000
 * ```
 */
export function applyMessages(state: TwinState, messages: readonly TwinMessage[]): Set<string> {
  const changed = new Set<string>();
  for (const m of messages) {
    const machine = String(m.data.asset_id ?? "");
    const rig = state.rigs[machine];
    if (!rig) continue;
    if (m.type === "sensor_update") {
      const value = m.data.value;
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      const sensor = sensorOf(m.data, machine);
      if (sensor === "rpm") rig.rpm = value;
      else if (sensor === "temperature") rig.temperature = value;
      else if (sensor === "vibration") rig.vibration = value;
      else continue;
    } else if (m.type === "health_update") {
      const health = m.data.score;
      if (typeof health !== "number" || !Number.isFinite(health)) continue;
      rig.health = health;
      rig.score = anomalyScore(health);
    } else {
      continue;
    }
    rig.updates++;
    state.messages++;
    changed.add(machine);
  }
  return changed;
}
