/**
 * `model.json` for isolation forests: the canonical trees plus everything
 * scoring and attribution need, validated with zod on load. Thresholds are
 * written as JSON numbers, which round-trip doubles exactly, so a loaded model
 * scores bit-for-bit like the one that was saved.
 */
import { z } from "zod";
import { IsolationForestModel } from "../isolation_forest_model.ts";

/** Value of the `format` field. */
export const MODEL_FORMAT = "sluice.isolation_forest";
/** Current `version`. */
export const MODEL_VERSION = 1;

const finite = z.number().refine(Number.isFinite, "must be a finite number");

const TreeSchema = z.object({
  feature: z.array(z.number().int().min(-1)).min(1),
  threshold: z.array(finite).min(1),
  size: z.array(z.number().int().min(1)).min(1),
}).strict();

/** Schema of a model file. */
export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  features: z.array(z.string().min(1)).min(1),
  params: z.object({
    n_trees: z.number().int().min(1),
    sample_size: z.number().int().min(2).max(4096),
    seed: z.number().int(),
  }).strict(),
  psi: z.number().int().min(2).max(4096),
  threshold: z.number().gt(0).lt(1),
  training: z.object({
    rows: z.number().int().min(1),
    trained_at: z.number().optional(),
    feature_mean: z.array(finite),
    feature_std: z.array(finite),
    gain_baseline: z.array(finite),
    score_p50: finite,
    score_p99: finite,
    score_max: finite,
  }).strict(),
  trees: z.array(TreeSchema).min(1),
}).strict();

/** A model file's content. */
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** The JSON form of a model. */
export function modelToJson(model: IsolationForestModel): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    features: [...model.features],
    params: { ...model.params },
    psi: model.psi,
    threshold: model.threshold,
    training: structuredClone(model.training),
    trees: model.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      size: Array.from(t.size),
    })),
  };
}

/**
 * Validates parsed JSON and builds the model; `source` names it in errors.
 * Throws `Cannot load isolation forest model "<source>": <every problem>`.
 */
export function modelFromJson(json: unknown, source = "model"): IsolationForestModel {
  const fail = (why: string): never => {
    throw new Error(`Cannot load isolation forest model "${source}": ${why}`);
  };
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  }
  const m = parsed.data!;
  const d = m.features.length;
  if (m.trees.length !== m.params.n_trees) {
    fail(`params.n_trees is ${m.params.n_trees} but the file holds ${m.trees.length} trees`);
  }
  for (const key of ["feature_mean", "feature_std", "gain_baseline"] as const) {
    if (m.training[key].length !== d) {
      fail(`training.${key} has ${m.training[key].length} values for ${d} features`);
    }
  }
  try {
    return new IsolationForestModel({
      features: m.features,
      params: m.params,
      psi: m.psi,
      threshold: m.threshold,
      training: m.training,
      trees: m.trees.map((t) => ({
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        size: Int32Array.from(t.size),
      })),
    });
  } catch (e) {
    return fail(`trees: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Writes `model` to `path` as JSON. */
export async function saveModel(path: string, model: IsolationForestModel): Promise<void> {
  await Deno.writeTextFile(path, JSON.stringify(modelToJson(model)));
}

/** Reads and validates a model file (synchronously: used by hot reload). */
export function loadModelSync(path: string): IsolationForestModel {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    throw new Error(
      `Cannot load isolation forest model "${path}": ${e instanceof Error ? e.message : e}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `Cannot load isolation forest model "${path}": not JSON (${
        e instanceof Error ? e.message : e
      })`,
    );
  }
  return modelFromJson(json, path);
}

/** Reads and validates a model file. */
export function loadModel(path: string): Promise<IsolationForestModel> {
  return Promise.resolve().then(() => loadModelSync(path));
}
