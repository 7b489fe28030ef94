/**
 * The HUD's NOM/WRN/CRIT verdict for a rig, from the catalog's warning and
 * critical levels of the sensors the twin shows and from the anomaly score
 * (text as well as colour, so colour is not the only carrier of state).
 */
import { sensorSpec } from "../../../pipeline/catalog/sensors.ts";
import { isAnomalous } from "./mapping.ts";
import type { RigValues } from "./state.ts";

export type Level = "NOM" | "WRN" | "CRIT";

const SHOWN = ["rpm", "temperature", "vibration"] as const;

function sensorLevel(name: string, v: number): 0 | 1 | 2 {
  const s = sensorSpec(name);
  if (!s || !Number.isFinite(v)) return 0;
  if (
    (s.critical_high !== undefined && v >= s.critical_high) ||
    (s.critical_low !== undefined && v <= s.critical_low)
  ) return 2;
  if (
    (s.warning_high !== undefined && v >= s.warning_high) ||
    (s.warning_low !== undefined && v <= s.warning_low)
  ) return 1;
  return 0;
}

/**
 * CRIT when a shown sensor is at its critical level or the anomaly score is
 * above 0.5; WRN at a warning level; NOM otherwise.
 *
 * @example
 * ```ts
 * rigLevel({ ...values, temperature: 105 }); // "WRN" (warning 100 °F)
 * ```
 */
export function rigLevel(values: RigValues): Level {
  let worst = isAnomalous(values.score) ? 2 : 0;
  for (const name of SHOWN) worst = Math.max(worst, sensorLevel(name, values[name]));
  return worst === 2 ? "CRIT" : worst === 1 ? "WRN" : "NOM";
}
