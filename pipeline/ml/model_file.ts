/**
 * tfjs models on disk, in the standard tfjs-layers format: a directory with
 * `model.json` (topology, weights manifest, and sluice's own metadata under
 * `userDefinedMetadata.sluice`) and `weights.bin`. The same pair loads with
 * `tf.loadLayersModel` in a browser.
 *
 * The in-memory form ({@link ModelFiles}) is also what goes into checkpoints.
 */
import type * as tfjs from "@tensorflow/tfjs";

type Tf = typeof tfjs;

/** A saved model: the `model.json` text and the `weights.bin` bytes. */
export interface ModelFiles {
  json: string;
  weights: Uint8Array;
}

const WEIGHTS_FILE = "weights.bin";

/** Serialises `model` with `meta` stored as `userDefinedMetadata.sluice`. */
export async function modelToFiles(model: tfjs.LayersModel, meta: unknown): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save({
    save(artifacts: tfjs.io.ModelArtifacts): Promise<tfjs.io.SaveResult> {
      const data = artifacts.weightData;
      const bytes = data === undefined
        ? new Uint8Array(0)
        : new Uint8Array(Array.isArray(data) ? concat(data) : data);
      const json = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: { sluice: meta },
      };
      files = { json: JSON.stringify(json), weights: bytes };
      return Promise.resolve({
        modelArtifactsInfo: {
          dateSaved: new Date(0),
          modelTopologyType: "JSON",
          weightDataBytes: bytes.byteLength,
        },
      });
    },
  });
  return files!;
}

/** Loads a model and its sluice metadata from {@link ModelFiles}. */
export async function modelFromFiles(
  tf: Tf,
  files: ModelFiles,
): Promise<{ model: tfjs.LayersModel; meta: unknown }> {
  const json = JSON.parse(files.json) as {
    modelTopology: tfjs.io.ModelArtifacts["modelTopology"];
    weightsManifest: { weights: tfjs.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: { sluice?: unknown };
    format?: string;
  };
  const weights = files.weights.slice().buffer as ArrayBuffer;
  const model = await tf.loadLayersModel({
    load: () =>
      Promise.resolve({
        modelTopology: json.modelTopology,
        format: json.format,
        weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
        weightData: weights,
      }),
  });
  return { model, meta: json.userDefinedMetadata?.sluice };
}

/** Writes `model.json` and `weights.bin` into `dir` (created if missing). */
export async function writeModelDir(dir: string, files: ModelFiles): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(`${dir}/${WEIGHTS_FILE}`, files.weights);
  await Deno.writeTextFile(`${dir}/model.json`, files.json);
}

/** Reads a model directory, or a `model.json` path with `weights.bin` beside it. */
export async function readModelDir(path: string): Promise<ModelFiles> {
  const dir = path.endsWith(".json")
    ? path.slice(0, Math.max(0, path.lastIndexOf("/"))) || "."
    : path;
  const jsonPath = path.endsWith(".json") ? path : `${dir}/model.json`;
  try {
    const json = await Deno.readTextFile(jsonPath);
    return { json, weights: await Deno.readFile(`${dir}/${WEIGHTS_FILE}`) };
  } catch (e) {
    throw new Error(
      `Cannot read model "${path}": expected ${jsonPath} and ${dir}/${WEIGHTS_FILE} ` +
        `(${e instanceof Error ? e.message : e})`,
    );
  }
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}
