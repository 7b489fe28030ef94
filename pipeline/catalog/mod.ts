/** The sensor catalog: the {@link SensorSpec} shape and the built-in sensors. */
export * from "./types.ts";
export * from "./sensors.ts";
