/**
 * `isolation_forest`: multivariate anomaly detection per machine over window
 * features (SPEC §5). Aggregates of one machine and window are assembled into
 * a feature vector (`<sensor>.<aggregate>`, by default the mean of every
 * sensor) and scored by an isolation forest; every window gets a verdict with
 * the score (0..1), `is_anomaly`, the sensors that isolated it most, and the
 * window's fault label.
 *
 * The model comes from a file (`model`, shared by all machines, reloaded by
 * `control({action: "reload"})`) or is trained online per machine from its
 * first `train_after` (≥ 100) windows; with both, a missing file means online
 * training until a reload brings the file in.
 */
import { z } from "zod";
import { eventBatch, readingAt } from "../engine/batch.ts";
import type { Operator, TransformContext, TransformDef } from "../engine/component.ts";
import type { Anomaly } from "../engine/record.ts";
import { type IsolationForestModel, MIN_TRAINING_ROWS } from "./isolation_forest_model.ts";
import { ForestDetector } from "./iforest/forest_detector.ts";
import { loadModelSync } from "./iforest/model_file.ts";
import { FEATURE_AGGREGATES, MachineWindows } from "./iforest/window_features.ts";

const Config = z.object({
  model: z.string().min(1).optional().meta({
    description:
      "Model file (model.json) relative to the topology directory; shared by all machines",
  }),
  train_after: z.number().int().min(MIN_TRAINING_ROWS, {
    error: (iss) => `train_after must be ≥ ${MIN_TRAINING_ROWS}, got ${iss.input}`,
  }).optional().meta({
    description: "Train a model per machine online from its first N windows (N ≥ 100)",
  }),
  contamination: z.number().gt(0).lte(0.5).optional().meta({
    description: "Expected share of anomalous windows in online training; sets the threshold " +
      "(default 0.01)",
  }),
  threshold: z.number().gt(0).lt(1).optional().meta({
    description: "Score at or above which a window is anomalous (overrides the model's)",
  }),
  features: z.array(z.string().min(1)).min(1).optional().meta({
    description: "Sensors to use in online training (default: every sensor seen)",
  }),
  aggregates: z.array(z.enum(FEATURE_AGGREGATES)).min(1).default(["mean"]).meta({
    description: "Window aggregates per sensor used as features in online training",
  }),
  n_trees: z.number().int().min(1).max(1000).default(100).meta({
    description: "Trees per forest",
  }),
  sample_size: z.number().int().min(2).max(4096).default(256).meta({
    description: "Windows each tree is grown on (ψ)",
  }),
  seed: z.number().int().default(0).meta({ description: "Seed of the tree growth" }),
  range_sigmas: z.number().min(0).default(6).meta({
    description: "A feature this many training σ from its training mean makes the window " +
      "anomalous on its own (the forest saturates outside the training range); 0 disables",
  }),
  max_contributing: z.number().int().min(1).max(20).default(3).meta({
    description: "Most contributing sensors reported per verdict",
  }),
}).strict();

/** Parsed `isolation_forest` options. */
export type IsolationForestConfig = z.infer<typeof Config>;

/** The `isolation_forest` detector definition. */
export const isolationForest: TransformDef<IsolationForestConfig> = {
  kind: "transform",
  type: "isolation_forest",
  summary: "Scores each machine's window features with an isolation forest and names the " +
    "sensors behind an anomaly",
  config: Config,
  accepts: ["aggregate"],
  outputs: () => ({ out: "anomaly" }),
  examples: [
    {
      train_after: 200,
      contamination: 0.01,
      aggregates: ["mean"],
      n_trees: 100,
      sample_size: 256,
      seed: 0,
      range_sigmas: 6,
      max_contributing: 3,
    },
    {
      model: "models/iforest.json",
      train_after: 100,
      threshold: 0.6,
      features: ["rpm", "vibration", "bearing_temp"],
      aggregates: ["mean", "stddev"],
      n_trees: 100,
      sample_size: 256,
      seed: 7,
      range_sigmas: 0,
      max_contributing: 2,
    },
  ],
  build(config, ctx: TransformContext): Operator {
    const refuse = (why: string): never => {
      throw new Error(`Cannot build detector "${ctx.name}": ${why}`);
    };
    if (config.model === undefined && config.train_after === undefined) {
      refuse("set model (a model file) or train_after (online training), got neither");
    }
    if (config.contamination !== undefined && config.threshold !== undefined) {
      refuse(
        `set contamination or threshold, not both (contamination ${config.contamination}, ` +
          `threshold ${config.threshold})`,
      );
    }
    const path = config.model === undefined
      ? undefined
      : resolvePath(ctx.services.baseDir, config.model);
    let shared: IsolationForestModel | undefined;
    try {
      if (path !== undefined) shared = loadIfPresent(path, config.train_after !== undefined);
    } catch (e) {
      refuse(e instanceof Error ? e.message : String(e));
    }
    const detector = new ForestDetector(config, shared, () => ctx.clock.now());
    let windows = new Map<string, MachineWindows>();

    const score = (all: boolean, only?: Set<string>) => {
      const out: Anomaly[] = [];
      for (const [machine, w] of windows) {
        if (only && !only.has(machine)) continue;
        for (const v of w.take(detector.expected(machine), all)) {
          const a = detector.handle(v);
          if (a) out.push(a);
        }
      }
      if (out.length > 0) ctx.emit(eventBatch(out));
    };

    return {
      process(batch) {
        if (batch.kind !== "events") {
          for (let i = 0; i < batch.n; i++) {
            const why = "isolation_forest takes window aggregates, got a reading";
            ctx.reject(readingAt(batch, i), why, batch.ts[i]);
          }
          return;
        }
        const touched = new Set<string>();
        for (const r of batch.records) {
          if (r.kind !== "aggregate") {
            ctx.reject(r, `isolation_forest takes window aggregates, got kind "${r.kind}"`, r.ts);
            continue;
          }
          let w = windows.get(r.machine);
          if (!w) windows.set(r.machine, w = new MachineWindows(r.machine));
          if (!w.add(r)) {
            ctx.reject(
              r,
              `window ending ${r.window_end} of machine ${r.machine} was already closed`,
              r.ts,
            );
            continue;
          }
          touched.add(r.machine);
        }
        score(false, touched);
      },
      flush() {
        score(true);
      },
      control(command) {
        if (command.action !== "reload") {
          return { ok: false, error: `unknown action "${command.action}"; supported: reload` };
        }
        if (path === undefined) {
          return { ok: false, error: "no model file configured (option model)" };
        }
        try {
          const model = loadModelSync(path);
          detector.swap(model);
          return { ok: true, model: path, features: model.features, trees: model.params.n_trees };
        } catch (e) {
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      },
      snapshot(): OperatorState {
        return {
          windows: Object.fromEntries([...windows].map(([m, w]) => [m, w.snapshot()])),
          machines: detector.snapshot(),
        };
      },
      restore(state) {
        const s = state as OperatorState;
        windows = new Map(
          Object.entries(s.windows).map(([m, w]) => [m, MachineWindows.restore(m, w)]),
        );
        detector.restore(s.machines);
      },
    };
  },
};

interface OperatorState {
  windows: Record<string, ReturnType<MachineWindows["snapshot"]>>;
  machines: ReturnType<ForestDetector["snapshot"]>;
}

function resolvePath(baseDir: string, p: string): string {
  return p.startsWith("/") ? p : `${baseDir.replace(/\/+$/, "")}/${p}`;
}

/** Loads the model file; a missing file is fine only when online training can stand in. */
function loadIfPresent(path: string, canTrain: boolean): IsolationForestModel | undefined {
  try {
    Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound && canTrain) return undefined;
    const why = e instanceof Deno.errors.NotFound
      ? "file not found and train_after is not set"
      : String(e);
    throw new Error(`Cannot load isolation forest model "${path}": ${why}`);
  }
  return loadModelSync(path);
}
