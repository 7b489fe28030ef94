/**
 * The built-in sensor catalog (SPEC §6): 50 sensors, ten in each of the five
 * built-in categories. Temperatures are in °F. Normal ranges are what the
 * simulator produces without faults; warning and critical levels are what the
 * threshold detector alarms on.
 */
import type { SensorCategory, SensorSpec } from "./types.ts";

/** Machines the simulator and the dashboard use when nothing else is configured. */
export const MACHINES: readonly string[] = ["A", "B", "C"];

type Levels = [
  warningLow: number | null,
  warningHigh: number | null,
  criticalLow: number | null,
  criticalHigh: number | null,
];

function sensor(
  category: SensorCategory,
  name: string,
  label: string,
  unit: string,
  [min, max]: [number, number],
  [wl, wh, cl, ch]: Levels,
  frequency_hz: number,
  description: string,
): SensorSpec {
  const s: SensorSpec = { name, label, category, unit, min, max, frequency_hz, description };
  if (wl !== null) s.warning_low = wl;
  if (wh !== null) s.warning_high = wh;
  if (cl !== null) s.critical_low = cl;
  if (ch !== null) s.critical_high = ch;
  return s;
}

type Rest = Parameters<typeof sensor> extends [unknown, ...infer R] ? R : never;
const of = (category: SensorCategory) => (...a: Rest): SensorSpec => sensor(category, ...a);
const env = of("environmental");
const mech = of("mechanical");
const therm = of("thermal");
const elec = of("electrical");
const fluid = of("fluid");

/** Every built-in sensor, grouped by category. */
// deno-fmt-ignore: one sensor per line reads as a table
export const SENSOR_CATALOG: readonly SensorSpec[] = Object.freeze([
  // Environmental
  env("ambient_temp", "Ambient temperature", "°F", [60, 95], [50, 100, 40, 110], 1, "Air temperature around the machine"),
  env("humidity", "Relative humidity", "%RH", [30, 60], [20, 70, 10, 85], 1, "Relative humidity of the surrounding air"),
  env("dew_point", "Dew point", "°F", [35, 60], [null, 65, null, 70], 1, "Dew point of the surrounding air"),
  env("barometric_pressure", "Barometric pressure", "hPa", [990, 1030], [980, 1040, 960, 1050], 1, "Atmospheric pressure"),
  env("air_quality_index", "Air quality index", "AQI", [10, 80], [null, 100, null, 150], 1, "Air quality index near the machine"),
  env("co2_level", "CO₂ level", "ppm", [400, 1000], [null, 1200, null, 2000], 1, "Carbon dioxide concentration"),
  env("dust_concentration", "Dust concentration", "µg/m³", [5, 35], [null, 50, null, 100], 1, "Airborne particulate matter (PM2.5)"),
  env("noise_level", "Noise level", "dB(A)", [60, 85], [null, 90, null, 100], 2, "Sound pressure level at 1 m"),
  env("light_level", "Light level", "lux", [300, 700], [200, null, 100, null], 1, "Illuminance at the operator station"),
  env("voc_level", "VOC level", "ppb", [50, 300], [null, 500, null, 1000], 1, "Volatile organic compounds"),
  // Mechanical
  mech("rpm", "Shaft speed", "rpm", [1000, 3500], [null, 4000, null, 4500], 5, "Rotor speed, 0–5000 scale (drives the 3D twin)"),
  mech("vibration", "Vibration velocity", "mm/s", [0, 2], [null, 4.5, null, 7.1], 10, "Radial vibration velocity RMS (ISO 10816 zones)"),
  mech("axial_vibration", "Axial vibration", "mm/s", [0, 1.8], [null, 4.5, null, 7.1], 10, "Axial vibration velocity RMS"),
  mech("shaft_displacement", "Shaft displacement", "µm", [10, 60], [null, 90, null, 125], 5, "Peak-to-peak shaft displacement at the bearing"),
  mech("torque", "Shaft torque", "N·m", [50, 400], [null, 450, null, 500], 5, "Torque on the drive shaft"),
  mech("load", "Load", "%", [20, 90], [null, 95, null, 105], 2, "Mechanical load relative to rating"),
  mech("belt_tension", "Belt tension", "N", [400, 800], [350, 900, 300, 1000], 1, "Drive belt tension"),
  mech("gear_backlash", "Gear backlash", "mm", [0.05, 0.25], [null, 0.35, null, 0.5], 1, "Gearbox backlash"),
  mech("shaft_misalignment", "Shaft misalignment", "mm", [0, 0.1], [null, 0.15, null, 0.25], 1, "Coupling misalignment offset"),
  mech("acoustic_emission", "Acoustic emission", "dB", [20, 60], [null, 70, null, 80], 5, "Ultrasonic acoustic emission at the bearing"),
  // Thermal
  therm("temperature", "Casing temperature", "°F", [60, 100], [null, 100, null, 120], 2, "Rig casing temperature (drives the 3D twin glow)"),
  therm("bearing_temp", "Bearing temperature", "°F", [100, 170], [null, 185, null, 200], 2, "Drive-end bearing temperature"),
  therm("motor_temp", "Motor temperature", "°F", [120, 190], [null, 200, null, 220], 2, "Motor frame temperature"),
  therm("winding_temp", "Winding temperature", "°F", [140, 230], [null, 250, null, 280], 2, "Stator winding temperature"),
  therm("oil_temp", "Oil temperature", "°F", [100, 180], [null, 195, null, 210], 1, "Lubricating oil temperature"),
  therm("coolant_temp", "Coolant temperature", "°F", [70, 110], [null, 120, null, 135], 1, "Coolant outlet temperature"),
  therm("exhaust_temp", "Exhaust temperature", "°F", [200, 500], [null, 550, null, 600], 1, "Exhaust air temperature"),
  therm("heat_sink_temp", "Heat-sink temperature", "°F", [80, 140], [null, 155, null, 170], 1, "Drive electronics heat-sink temperature"),
  therm("gearbox_temp", "Gearbox temperature", "°F", [100, 170], [null, 185, null, 200], 1, "Gearbox housing temperature"),
  therm("cabinet_temp", "Cabinet temperature", "°F", [70, 105], [null, 115, null, 125], 1, "Control cabinet air temperature"),
  // Electrical
  elec("voltage", "Supply voltage", "V", [456, 504], [440, 515, 420, 530], 5, "Line-to-line voltage (480 V ±5%)"),
  elec("current", "Phase current", "A", [10, 150], [null, 165, null, 180], 5, "RMS phase current"),
  elec("power", "Active power", "kW", [5, 110], [null, 120, null, 135], 5, "Active power, √3·V·I·pf"),
  elec("power_factor", "Power factor", "", [0.8, 0.95], [0.75, null, 0.7, null], 1, "Displacement power factor"),
  elec("frequency", "Line frequency", "Hz", [59.8, 60.2], [59.5, 60.5, 59, 61], 1, "Supply frequency"),
  elec("thd", "Harmonic distortion", "%", [1, 5], [null, 8, null, 12], 1, "Total harmonic distortion of current"),
  elec("insulation_resistance", "Insulation resistance", "MΩ", [100, 1000], [50, null, 10, null], 1, "Winding-to-ground insulation resistance"),
  elec("ground_current", "Ground current", "mA", [0, 5], [null, 10, null, 30], 1, "Leakage current to ground"),
  elec("phase_imbalance", "Phase imbalance", "%", [0, 2], [null, 3, null, 5], 1, "Voltage imbalance between phases"),
  elec("reactive_power", "Reactive power", "kVAR", [3, 65], [null, 75, null, 90], 1, "Reactive power, P·tan φ"),
  // Fluid
  fluid("flow_rate", "Flow rate", "L/min", [80, 420], [60, 460, 40, 500], 5, "Pump discharge flow"),
  fluid("pressure", "Discharge pressure", "bar", [2, 9], [1.5, 10, 1, 11], 5, "Pump discharge pressure"),
  fluid("suction_pressure", "Suction pressure", "bar", [0.8, 2], [0.6, null, 0.4, null], 5, "Pump inlet pressure (cavitation below NPSH)"),
  fluid("return_flow", "Return flow", "L/min", [75, 415], [55, 460, 35, 500], 5, "Flow returning to the tank"),
  fluid("tank_level", "Tank level", "%", [40, 90], [30, 95, 20, 98], 1, "Reservoir fill level"),
  fluid("oil_viscosity", "Oil viscosity", "cSt", [32, 68], [28, 75, 25, 85], 1, "Kinematic viscosity of the hydraulic oil"),
  fluid("pump_efficiency", "Pump efficiency", "%", [65, 85], [60, null, 50, null], 1, "Hydraulic efficiency of the pump"),
  fluid("valve_position", "Valve position", "%", [20, 80], [10, 90, 5, 95], 1, "Control valve opening"),
  fluid("filter_dp", "Filter pressure drop", "bar", [0.1, 0.8], [null, 1, null, 1.5], 1, "Differential pressure across the filter"),
  fluid("coolant_flow", "Coolant flow", "L/min", [20, 60], [15, null, 10, null], 1, "Cooling water flow"),
]);

const BY_NAME = new Map(SENSOR_CATALOG.map((s) => [s.name, s]));

/**
 * The built-in spec of a sensor, or `undefined` for an unknown name.
 *
 * @example
 * ```ts
 * import { sensorSpec } from "./sensors.ts";
 * sensorSpec("vibration")?.critical_high; // 7.1
 * ```
 */
export function sensorSpec(name: string): SensorSpec | undefined {
  return BY_NAME.get(name);
}

/** Names of every built-in sensor, in catalog order. */
export const SENSOR_NAMES: readonly string[] = SENSOR_CATALOG.map((s) => s.name);
