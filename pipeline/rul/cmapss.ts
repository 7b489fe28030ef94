/**
 * Reading NASA C-MAPSS turbofan files (train_FD00x, test_FD00x, RUL_FD00x).
 *
 * A data file has one row per engine per cycle: unit, cycle, 3 operational
 * settings and 21 sensors, space separated. Sensors get their usual names
 * (Saxena et al. 2008) in snake_case, so they can travel as sluice readings.
 */
import { fileURLToPath } from "node:url";

/** One C-MAPSS sensor: column name, sluice sensor name, unit and meaning. */
export interface CmapssSensor {
  /** `s1` … `s21`. */
  column: string;
  /** snake_case sluice sensor name, e.g. `t30`. */
  name: string;
  unit: string;
  label: string;
}

/** The 21 sensors in file order (columns 6–26). */
export const CMAPSS_SENSORS: readonly CmapssSensor[] = [
  ["t2", "°R", "fan inlet temperature"],
  ["t24", "°R", "LPC outlet temperature"],
  ["t30", "°R", "HPC outlet temperature"],
  ["t50", "°R", "LPT outlet temperature"],
  ["p2", "psia", "fan inlet pressure"],
  ["p15", "psia", "bypass-duct pressure"],
  ["p30", "psia", "HPC outlet pressure"],
  ["nf", "rpm", "physical fan speed"],
  ["nc", "rpm", "physical core speed"],
  ["epr", "ratio", "engine pressure ratio"],
  ["ps30", "psia", "HPC outlet static pressure"],
  ["phi", "pps/psi", "fuel flow to Ps30 ratio"],
  ["nrf", "rpm", "corrected fan speed"],
  ["nrc", "rpm", "corrected core speed"],
  ["bpr", "ratio", "bypass ratio"],
  ["far_b", "ratio", "burner fuel-air ratio"],
  ["ht_bleed", "enthalpy", "bleed enthalpy"],
  ["nf_dmd", "rpm", "demanded fan speed"],
  ["pcnfr_dmd", "rpm", "demanded corrected fan speed"],
  ["w31", "lbm/s", "HPT coolant bleed"],
  ["w32", "lbm/s", "LPT coolant bleed"],
].map(([name, unit, label], i) => ({ column: `s${i + 1}`, name, unit, label }));

/** Indexes (0-based into {@link CMAPSS_SENSORS}) of the 14 sensors that carry degradation in FD001. */
export const INFORMATIVE_SENSORS: readonly number[] = [
  1,
  2,
  3,
  6,
  7,
  8,
  10,
  11,
  12,
  13,
  14,
  16,
  19,
  20,
];

/** Names of the informative sensors, e.g. `["t24", "t30", …]`. */
export const INFORMATIVE_SENSOR_NAMES: readonly string[] = INFORMATIVE_SENSORS.map((i) =>
  CMAPSS_SENSORS[i].name
);

/** The cycles of one engine, columnar. */
export interface CmapssUnit {
  unit: number;
  /** Cycle numbers, 1, 2, … */
  cycles: number[];
  /** `settings[k][i]`: operational setting k+1 at cycle i. */
  settings: Float64Array[];
  /** `sensors[j][i]`: sensor j (index into {@link CMAPSS_SENSORS}) at cycle i. */
  sensors: Float64Array[];
}

/** A parsed data file: units in file order, plus the number of rows read. */
export interface CmapssData {
  units: CmapssUnit[];
  rows: number;
}

const COLUMNS = 26;

/**
 * Parses a C-MAPSS data file. Refuses malformed rows with the line number.
 *
 * @example
 * ```ts
 * const data = parseCmapss("1 1 0 0 100 " + "1 ".repeat(21), "x.txt");
 * data.units[0].sensors[2][0]; // t30 at cycle 1
 * ```
 */
export function parseCmapss(text: string, file = "<text>"): CmapssData {
  const byUnit = new Map<number, { cycles: number[]; values: number[][] }>();
  const order: number[] = [];
  let rows = 0;
  const lines = text.split("\n");
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === "") continue;
    const parts = line.split(/\s+/);
    const where = `${file}:${ln + 1}`;
    if (parts.length !== COLUMNS) {
      throw new SyntaxError(
        `Cannot parse C-MAPSS row at ${where}: expected ${COLUMNS} numbers, got ${parts.length}`,
      );
    }
    const nums = parts.map(Number);
    const bad = nums.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      throw new SyntaxError(
        `Cannot parse C-MAPSS row at ${where}: column ${bad + 1} is not a number, got "${
          parts[bad]
        }"`,
      );
    }
    const [unit, cycle] = nums;
    if (!Number.isInteger(unit) || unit < 1 || !Number.isInteger(cycle) || cycle < 1) {
      throw new SyntaxError(
        `Cannot parse C-MAPSS row at ${where}: unit and cycle must be positive integers, got ${unit} ${cycle}`,
      );
    }
    let u = byUnit.get(unit);
    if (!u) {
      byUnit.set(unit, u = { cycles: [], values: [] });
      order.push(unit);
    }
    const prev = u.cycles.at(-1) ?? 0;
    if (cycle !== prev + 1) {
      throw new SyntaxError(
        `Cannot parse C-MAPSS row at ${where}: unit ${unit} cycle ${cycle} does not follow cycle ${prev}`,
      );
    }
    u.cycles.push(cycle);
    u.values.push(nums.slice(2));
    rows++;
  }
  const units = order.map((unit): CmapssUnit => {
    const { cycles, values } = byUnit.get(unit)!;
    const col = (c: number) => Float64Array.from(values, (v) => v[c]);
    return {
      unit,
      cycles,
      settings: [0, 1, 2].map(col),
      sensors: CMAPSS_SENSORS.map((_, j) => col(3 + j)),
    };
  });
  return { units, rows };
}

/** Parses RUL_FD00x.txt: one true RUL (cycles) per test unit, in unit order. */
export function parseRulTruth(text: string, file = "<text>"): number[] {
  const out: number[] = [];
  text.split("\n").forEach((raw, ln) => {
    const line = raw.trim();
    if (line === "") return;
    const v = Number(line);
    if (!Number.isInteger(v) || v < 0) {
      throw new SyntaxError(
        `Cannot parse RUL truth at ${file}:${
          ln + 1
        }: expected a non-negative integer, got "${line}"`,
      );
    }
    out.push(v);
  });
  return out;
}

/**
 * Directory of the C-MAPSS files: env `CMAPSS_DIR`, else `../shared/data/cmapss`
 * relative to the repository root.
 */
export function cmapssDir(env: Record<string, string | undefined> = Deno.env.toObject()): string {
  return env.CMAPSS_DIR ?? fileURLToPath(new URL("../../../shared/data/cmapss", import.meta.url));
}

/** Reads and parses `name` (e.g. `train_FD001.txt`) from {@link cmapssDir}. */
export async function loadCmapss(name: string, dir = cmapssDir()): Promise<CmapssData> {
  const file = `${dir}/${name}`;
  return parseCmapss(await Deno.readTextFile(file), file);
}

/** Reads `RUL_FD00x.txt` from {@link cmapssDir}. */
export async function loadRulTruth(name: string, dir = cmapssDir()): Promise<number[]> {
  const file = `${dir}/${name}`;
  return parseRulTruth(await Deno.readTextFile(file), file);
}
