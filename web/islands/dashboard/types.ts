/** Props of the Dashboard island (serialised by the `/` route) and shared view types. */
import type { SensorCategory, SensorSpec } from "../../../pipeline/catalog/types.ts";

export interface DashboardProps {
  /** Tenant of the real-time endpoint `/ws/dashboard/:tenant`. */
  tenant: string;
  /** Machines of the running topology, sorted. */
  machines: string[];
  /** The sensor catalog (thresholds drive colours and NOM/WRN/CRIT). */
  catalog: SensorSpec[];
  /** Fault types the simulator accepts. */
  faults: string[];
  /** Sampling rate the sources run at (readings/s per sensor), if known. */
  rate_hz: number | null;
}

/** The five sensor categories shown as health cards (plus the overall card). */
export const CARD_CATEGORIES: readonly SensorCategory[] = [
  "environmental",
  "mechanical",
  "thermal",
  "electrical",
  "fluid",
];

/** One alert as the dashboard keeps it. */
export interface AlertView {
  id: string;
  /** Event time, epoch ms. */
  ts: number;
  machine: string;
  sensor: string | null;
  category: SensorCategory | null;
  severity: string;
  title: string;
  value: number | null;
}
