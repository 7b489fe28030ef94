/**
 * How each catalog sensor follows the simulator's hidden machine state.
 *
 * Most sensors are a linear mix of the normalised hidden states (each in
 * [0, 1]) mapped onto the sensor's normal range: `min + (max − min) · (base +
 * Σ w·state + noise·u)`, u ∈ (−1, 1). The table keeps every mix inside
 * [0.05, 0.95] of the range (checked by a test), so a fault-free machine never
 * leaves its normal ranges. A few sensors follow physical formulas instead
 * (see `simulator_model.ts`): rpm, current, power, reactive power, voltage,
 * power factor and return flow.
 */

/** Hidden state variables of a simulated machine, all normalised to [0, 1] in normal operation. */
export const STATES = [
  "speed", // shaft speed setpoint tracking
  "load", // mechanical load
  "ambient", // ambient temperature
  "valve", // control valve opening
  "motor_heat", // motor/casing thermal state (first-order lag on load)
  "bearing_heat", // bearing thermal state (lag on speed and load)
  "fluid_heat", // fluid thermal state (slow lag on load and ambient)
  "humidity", // air humidity
  "character", // per-machine constant (machines differ slightly)
] as const;
export type StateName = typeof STATES[number];
export const N_STATES = STATES.length;

/** A sensor as a mix of hidden states. */
export interface SensorMix {
  base: number;
  weights: Partial<Record<StateName, number>>;
  /** Amplitude of bounded noise, as a fraction of the normal range. */
  noise: number;
}

const mix = (base: number, weights: SensorMix["weights"], noise: number): SensorMix => ({
  base,
  weights,
  noise,
});

/** Sensors computed by formula in the model rather than by a mix. */
export const FORMULA_SENSORS = [
  "rpm",
  "voltage",
  "power_factor",
  "current",
  "power",
  "reactive_power",
  "return_flow",
] as const;

/** Mix definitions for every catalog sensor not in {@link FORMULA_SENSORS}. */
export const SENSOR_MIXES: Record<string, SensorMix> = {
  // environmental
  ambient_temp: mix(0.2, { ambient: 0.6 }, 0.01),
  humidity: mix(0.2, { humidity: 0.6 }, 0.01),
  dew_point: mix(0.15, { ambient: 0.35, humidity: 0.35 }, 0.01),
  barometric_pressure: mix(0.3, { humidity: -0.15, character: 0.3 }, 0.005),
  air_quality_index: mix(0.2, { load: 0.3, ambient: 0.2 }, 0.02),
  co2_level: mix(0.2, { load: 0.4, character: 0.2 }, 0.01),
  dust_concentration: mix(0.2, { speed: 0.3, humidity: -0.05, character: 0.2 }, 0.02),
  noise_level: mix(0.15, { speed: 0.45, load: 0.2 }, 0.02),
  light_level: mix(0.4, { character: 0.3 }, 0.01),
  voc_level: mix(0.15, { ambient: 0.3, load: 0.3 }, 0.02),
  // mechanical
  vibration: mix(0.15, { speed: 0.45, load: 0.15, character: 0.1 }, 0.03),
  axial_vibration: mix(0.15, { speed: 0.4, load: 0.2, character: 0.1 }, 0.03),
  shaft_displacement: mix(0.15, { speed: 0.5, character: 0.15 }, 0.02),
  torque: mix(0.15, { load: 0.65 }, 0.02),
  load: mix(0.12, { load: 0.73 }, 0.01),
  belt_tension: mix(0.3, { load: 0.3, character: 0.2 }, 0.02),
  gear_backlash: mix(0.2, { character: 0.4 }, 0.01),
  shaft_misalignment: mix(0.15, { character: 0.3, speed: 0.1 }, 0.02),
  acoustic_emission: mix(0.15, { speed: 0.4, bearing_heat: 0.2 }, 0.02),
  // thermal
  temperature: mix(0.12, { motor_heat: 0.6, ambient: 0.1 }, 0.01),
  bearing_temp: mix(0.15, { bearing_heat: 0.65, ambient: 0.05 }, 0.01),
  motor_temp: mix(0.15, { motor_heat: 0.6, ambient: 0.1 }, 0.01),
  winding_temp: mix(0.15, { motor_heat: 0.65, ambient: 0.05 }, 0.01),
  oil_temp: mix(0.15, { fluid_heat: 0.4, bearing_heat: 0.2, ambient: 0.1 }, 0.01),
  coolant_temp: mix(0.15, { fluid_heat: 0.5, ambient: 0.2 }, 0.01),
  exhaust_temp: mix(0.15, { motor_heat: 0.4, load: 0.3 }, 0.01),
  heat_sink_temp: mix(0.15, { load: 0.35, ambient: 0.3 }, 0.01),
  gearbox_temp: mix(0.15, { bearing_heat: 0.4, fluid_heat: 0.3 }, 0.01),
  cabinet_temp: mix(0.15, { ambient: 0.5, motor_heat: 0.15 }, 0.01),
  // electrical
  frequency: mix(0.35, { character: 0.2, load: -0.1 }, 0.05),
  thd: mix(0.15, { load: 0.4, character: 0.15 }, 0.02),
  insulation_resistance: mix(0.3, { character: 0.4, humidity: -0.15 }, 0.01),
  ground_current: mix(0.15, { humidity: 0.3, character: 0.2 }, 0.02),
  phase_imbalance: mix(0.15, { character: 0.4, load: 0.1 }, 0.03),
  // fluid
  flow_rate: mix(0.15, { speed: 0.35, valve: 0.35 }, 0.015),
  pressure: mix(0.3, { speed: 0.45, valve: -0.15 }, 0.01),
  suction_pressure: mix(0.5, { fluid_heat: -0.1, speed: -0.2, ambient: 0.1 }, 0.01),
  tank_level: mix(0.4, { valve: -0.15, character: 0.2 }, 0.005),
  oil_viscosity: mix(0.7, { fluid_heat: -0.5 }, 0.01),
  pump_efficiency: mix(0.5, { valve: 0.2, speed: 0.1 }, 0.01),
  valve_position: mix(0.12, { valve: 0.75 }, 0.005),
  filter_dp: mix(0.15, { valve: 0.3, speed: 0.2, character: 0.15 }, 0.02),
  coolant_flow: mix(0.3, { motor_heat: 0.3, character: 0.1 }, 0.02),
};

/** The lowest and highest fraction of the normal range a mix can produce. */
export function mixBounds(m: SensorMix): [number, number] {
  let lo = m.base - m.noise;
  let hi = m.base + m.noise;
  for (const w of Object.values(m.weights)) {
    if (w! < 0) lo += w!;
    else hi += w!;
  }
  return [lo, hi];
}
