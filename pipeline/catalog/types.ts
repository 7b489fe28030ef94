/** The shape of a sensor definition (SPEC §6), shared by the simulator, validation, detectors and the web. */
import { z } from "zod";

export const SENSOR_CATEGORIES = [
  "environmental",
  "mechanical",
  "thermal",
  "electrical",
  "fluid",
  "custom",
] as const;
export type SensorCategory = typeof SENSOR_CATEGORIES[number];

export const SensorSpecSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/).meta({ description: "snake_case sensor id" }),
  label: z.string().meta({ description: "Human name" }),
  category: z.enum(SENSOR_CATEGORIES),
  unit: z.string(),
  /** Normal operating range. */
  min: z.number(),
  max: z.number(),
  /** Thresholds; a side may be absent (e.g. no low alarm for vibration). */
  warning_low: z.number().optional(),
  warning_high: z.number().optional(),
  critical_low: z.number().optional(),
  critical_high: z.number().optional(),
  /** Default sampling frequency in readings per second (1..20). */
  frequency_hz: z.number().min(0.1).max(20),
  description: z.string().optional(),
}).strict();

export type SensorSpec = z.infer<typeof SensorSpecSchema>;
