/**
 * `deno task train`: trains the detector models from the readings in the
 * store, writes the model files, and records each run in `models`.
 */
import type { Sql } from "postgres";
import type { Reading } from "../engine/record.ts";
import { recordModel } from "./models_table.ts";
import { Progress } from "./progress.ts";
import { type TrainedModel, trainForest, trainLstm } from "./train_models.ts";
import { forestRows, lstmFrames, windowAggregates } from "./window_rows.ts";

/** Fewest readings a training run accepts (SPEC §5). */
export const MIN_READINGS = 100;

/** Options of {@link trainFromStore}. */
export interface TrainOptions {
  /** Which models: both, or only one. */
  only?: "iforest" | "lstm";
  /** Overwrite existing model files. */
  force?: boolean;
  machine?: string;
  /** Directory the model files go to (default `models`). */
  out?: string;
  /** Window size, as in the topology (default `5s`). */
  window?: string;
  /** Seed of the forest (default 0). */
  seed?: number;
  /** Where the readings come from, for messages (default "in the store"). */
  source?: string;
  /** `lstm_autoencoder` options to train with (e.g. a topology component's config). */
  lstm?: Record<string, unknown>;
  now?: () => number;
  log?: (line: string) => void;
  progress?: Progress;
}

/** What a run wrote. */
export interface TrainReport {
  readings: number;
  windows: number;
  models: (TrainedModel & { version: number })[];
  skipped: string[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Reads the training readings (one machine, or all) in event-time order. */
export async function readTrainingReadings(sql: Sql, machine?: string): Promise<Reading[]> {
  const rows = await sql<
    { machine: string; sensor: string; ts: Date; value: number; label: string | null }[]
  >`
    select machine, sensor, ts, value, label from readings
    ${machine === undefined ? sql`` : sql`where machine = ${machine}`}
    order by ts, machine, sensor`;
  return rows.map((r) => ({
    ts: new Date(r.ts).getTime(),
    machine: r.machine,
    sensor: r.sensor,
    value: r.value,
    ...(r.label ? { label: r.label } : {}),
  }));
}

/**
 * Trains from the store. Refuses below {@link MIN_READINGS} readings and, without
 * `force`, when a model file already exists.
 */
export function trainFromStore(sql: Sql, o: TrainOptions = {}): Promise<TrainReport> {
  return trainModels(
    () => readTrainingReadings(sql, o.machine),
    o,
    (m, w) => recordModel(sql, m, w),
  );
}

/**
 * Trains from `read()`'s readings (the store, or a recording file); each model
 * written is passed to `record` (the `models` table), when given.
 */
export async function trainModels(
  read: () => Promise<Reading[]>,
  o: TrainOptions = {},
  record?: (
    model: TrainedModel,
    window: { from: number; to: number },
  ) => Promise<{ version: number }>,
): Promise<TrainReport> {
  const out = o.out ?? "models";
  const log = o.log ?? (() => {});
  const wanted = o.only ? [o.only] : ["iforest", "lstm"] as const;
  const progress = o.progress ??
    new Progress(2 + wanted.length * 2, { writeSync: (b) => b.length });
  const paths = { iforest: `${out}/iforest.json`, lstm: `${out}/lstm` };
  if (!o.force) {
    for (const w of wanted) {
      if (await exists(paths[w])) {
        throw new Error(`Cannot train: ${paths[w]} exists; pass --force to replace it`);
      }
    }
  }
  progress.next("reading the training readings");
  const all = await read();
  const readings = o.machine === undefined ? all : all.filter((r) => r.machine === o.machine);
  if (readings.length < MIN_READINGS) {
    const whose = o.machine === undefined ? "" : ` for machine ${o.machine}`;
    throw new RangeError(
      `Cannot train: ${readings.length} readings${whose} ${o.source ?? "in the store"}, ` +
        `need at least ${MIN_READINGS}`,
    );
  }
  const window = { from: readings[0].ts, to: readings[readings.length - 1].ts };
  progress.next(`windowing ${readings.length} readings (${o.window ?? "5s"})`);
  const aggs = await windowAggregates(readings, o.window ?? "5s");
  const report: TrainReport = { readings: readings.length, windows: 0, models: [], skipped: [] };
  for (const w of wanted) {
    progress.next(`training ${w === "iforest" ? "isolation forest" : "LSTM autoencoder"}`);
    let model: TrainedModel;
    try {
      if (w === "iforest") {
        const data = forestRows(aggs, ["mean"]);
        report.windows = data.rows.length + data.faulty + data.incomplete;
        model = await trainForest(data, {
          out,
          n_trees: 100,
          sample_size: 256,
          contamination: 0.01,
          seed: o.seed ?? 0,
          trained_at: (o.now ?? Date.now)(),
        });
      } else {
        model = await trainLstm(lstmFrames(aggs).frames, out, o.lstm);
      }
    } catch (e) {
      // With both models asked for, one that cannot be trained is reported, not fatal.
      if (o.only || !(e instanceof RangeError)) throw e;
      report.skipped.push(e.message);
      log(`skipped: ${e.message}`);
      progress.next("skipped");
      continue;
    }
    progress.next(`recording ${model.name} in the models table`);
    const version = record ? (await record(model, window)).version : 0;
    report.models.push({ ...model, version });
    log(`${model.kind} v${version} → ${model.path} ${JSON.stringify(model.metrics)}`);
  }
  return report;
}
