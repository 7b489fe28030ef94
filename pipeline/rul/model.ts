/**
 * The shipped RUL model file (`models/rul_fd001.json`): feature settings plus a
 * boosted tree ensemble, validated on load, and prediction from a unit's
 * sensor history.
 */
import { z } from "zod";
import { featureCount, lastFeatures, unitFeatures } from "./features.ts";
import { predictGbrt, type Tree } from "./gbrt.ts";

/**
 * A tree as one line of text (so the file stays small and `deno fmt`-stable):
 * nodes separated by `;`, a split node is `feature,threshold,left,right`, a
 * leaf is its value.
 */
export function encodeTree(t: Tree): string {
  return t.feature.map((f, i) =>
    f < 0 ? String(t.value[i]) : `${f},${t.threshold[i]},${t.left[i]},${t.right[i]}`
  ).join(";");
}

/** Inverse of {@link encodeTree}; null when the text is not a well-formed tree. */
export function decodeTree(text: string): Tree | null {
  const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const nodes = text.split(";");
  for (const node of nodes) {
    const p = node.split(",").map(Number);
    if (p.some((v) => !Number.isFinite(v))) return null;
    if (p.length === 1) t.feature.push(-1), t.threshold.push(0), t.left.push(-1), t.right.push(-1);
    else if (p.length === 4) {
      t.feature.push(p[0]), t.threshold.push(p[1]), t.left.push(p[2]), t.right.push(p[3]);
    } else return null;
    t.value.push(p.length === 1 ? p[0] : 0);
  }
  const ok = (c: number, i: number) => Number.isInteger(c) && c > i && c < nodes.length;
  return t.feature.every((f, i) => f < 0 || (ok(t.left[i], i) && ok(t.right[i], i))) ? t : null;
}

const TreeSchema = z.string().transform((text, ctx) => {
  const t = decodeTree(text);
  if (!t) {
    ctx.addIssue({ code: "custom", message: "is not a well-formed tree" });
    return z.NEVER;
  }
  return t;
});

/** Schema of a RUL model file. */
export const RulModelSchema = z.object({
  format: z.literal("sluice-rul-gbrt"),
  version: z.literal(1),
  dataset: z.string().meta({ description: "Training data, e.g. train_FD001" }),
  /** RUL targets were capped at this many cycles. */
  target_cap: z.number().positive(),
  /** Sensor names (C-MAPSS naming), in feature order. */
  sensors: z.array(z.string()).min(1),
  features: z.object({
    alpha: z.number().gt(0).lte(1),
    window: z.number().int().positive(),
    baseline_cycles: z.number().int().positive(),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
  }).strict(),
  gbrt: z.object({
    base: z.number(),
    rate: z.number().positive(),
    trees: z.array(TreeSchema),
  }).strict(),
  /** Standard deviation of validation residuals (cycles), for intervals. */
  residual_std: z.number().nonnegative(),
  /** Share of validation variance explained, 0..1: reported as the estimate's confidence. */
  validation_r2: z.number().min(0).max(1).optional(),
  /** Hyper-parameters and validation figures, for the record. */
  training: z.record(z.string(), z.unknown()).optional(),
}).strict();

export type RulModel = z.output<typeof RulModelSchema>;

/** The model as file text: 2-space JSON (as `deno fmt` writes it), one line per tree. */
export function serializeRulModel(m: RulModel): string {
  const file = { ...m, gbrt: { ...m.gbrt, trees: m.gbrt.trees.map(encodeTree) } };
  return JSON.stringify(file, null, 2) + "\n";
}

/** Parses and checks a model file's JSON text. */
export function parseRulModel(text: string, file = "<model>"): RulModel {
  const parsed = RulModelSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `Cannot load RUL model ${file}: ${first.path.join(".")} ${first.message}`,
    );
  }
  const m = parsed.data;
  const k = m.sensors.length;
  if (m.features.mean.length !== k || m.features.std.length !== k) {
    throw new Error(
      `Cannot load RUL model ${file}: features.mean/std must have ${k} entries (one per sensor), got ${m.features.mean.length}/${m.features.std.length}`,
    );
  }
  return m;
}

/** Reads a model file. */
export async function loadRulModel(path: string): Promise<RulModel> {
  return parseRulModel(await Deno.readTextFile(path), path);
}

const clip = (m: RulModel, v: number) => Math.max(0, Math.min(m.target_cap, v));

/**
 * Predicted RUL in cycles after the last cycle of `history`
 * (`history[j][i]`: sensor `m.sensors[j]` at cycle i).
 *
 * @example
 * ```ts
 * const model = await loadRulModel("models/rul_fd001.json");
 * predictRul(model, historyOfOneEngine); // e.g. 87.3
 * ```
 */
export function predictRul(m: RulModel, history: readonly ArrayLike<number>[]): number {
  const x = lastFeatures(history, m.features);
  return clip(m, predictGbrt(m.gbrt, x));
}

/** Predicted RUL after every cycle of `history` (one pass). */
export function predictRulSeries(m: RulModel, history: readonly ArrayLike<number>[]): number[] {
  const X = unitFeatures(history, m.features);
  const F = featureCount(history.length);
  const n = X.length / F;
  return Array.from({ length: n }, (_, i) => clip(m, predictGbrt(m.gbrt, X, F, i)));
}
