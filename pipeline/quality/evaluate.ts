/**
 * Runs a topology's detectors over a labelled recording with the test driver
 * and scores their alarms ({@link scoreDetection}). Used by the detection
 * quality test and `bench/detection.ts`. Where rig-alpha's misses and false
 * alarms come from, per fault type and detector: docs/detection.md.
 */
import type { Anomaly, Reading } from "../engine/record.ts";
import type { Topology } from "../engine/topology.ts";
import { loadTopology, requireTopology } from "../dsl/load.ts";
import { parseRecording, recordingFormat } from "../dsl/recording.ts";
import { runWithInput } from "../testing/driver.ts";
import { type DetectionScore, scoreDetection, type ScoreOptions } from "./score.ts";

/**
 * The detectors whose alarms are scored: those that raise alerts — the inputs
 * of the topology's `alerts` components, which is what an operator is shown —
 * or, in a topology without alerts, every transform whose main output carries
 * detector verdicts (`anomaly` records). Detectors kept for their records only
 * (e.g. rig-alpha's informational `drift`) are thereby not counted.
 */
export function detectorNames(topology: Topology): string[] {
  const verdicts = new Set(
    topology.components.filter((c) => {
      if (c.kind !== "transform" || !c.def.outputs) return false;
      return c.def.outputs(c.config).out === "anomaly";
    }).map((c) => c.name),
  );
  const alerting = topology.components.filter((c) => c.kind === "transform" && c.type === "alerts");
  if (alerting.length === 0) return [...verdicts];
  const raising = new Set(
    alerting.flatMap((a) => a.inputs.map((i) => i.component)).filter((n) => verdicts.has(n)),
  );
  return [...verdicts].filter((n) => raising.has(n));
}

/** A detection evaluation: the score plus which detectors were counted. */
export interface Evaluation extends DetectionScore {
  topology: string;
  recording: string;
  detectors: string[];
  /** Alarms (is_anomaly) per detector. */
  alarms: Record<string, number>;
}

/** Options of {@link evaluateDetection}. */
export interface EvaluateOptions extends ScoreOptions {
  /** Detectors whose alarms count (default: every anomaly-emitting transform). */
  detectors?: string[];
}

/** Reads an NDJSON or CSV recording; refuses a file with malformed lines. */
export async function readRecording(path: string): Promise<Reading[]> {
  const format = recordingFormat(path);
  if (!format) throw new Error(`Cannot read recording ${path}: expected .ndjson or .csv`);
  const { readings, problems } = parseRecording(await Deno.readTextFile(path), format);
  if (problems.length > 0) {
    const p = problems[0];
    throw new Error(
      `Cannot score with recording ${path}: ${problems.length} malformed lines, first ` +
        `${p.line}:${p.column}: ${p.message}`,
    );
  }
  return readings;
}

/**
 * Loads `topologyPath`, pipes `recordingPath` through its transforms and
 * scores the alarms of its detectors against the recording's labels.
 *
 * @example
 * ```ts
 * const e = await evaluateDetection("topology/rig-alpha.yaml",
 *   "topology/recordings/all-faults.ndjson");
 * console.log(e.overall.f1);
 * ```
 */
export async function evaluateDetection(
  topologyPath: string,
  recordingPath: string,
  opts: EvaluateOptions = {},
): Promise<Evaluation> {
  const topology = requireTopology(await loadTopology(topologyPath));
  const readings = await readRecording(recordingPath);
  const outputs = await runWithInput(topology, readings);
  const detectors = opts.detectors ?? detectorNames(topology);
  const alarms: Anomaly[] = [];
  const perDetector: Record<string, number> = {};
  for (const name of detectors) {
    const records = (outputs.get(name) ?? []) as Anomaly[];
    const hits = records.filter((r) => r.kind === "anomaly" && r.is_anomaly);
    perDetector[name] = hits.length;
    alarms.push(...hits);
  }
  return {
    topology: topologyPath,
    recording: recordingPath,
    detectors,
    alarms: perDetector,
    ...scoreDetection(readings, alarms, opts),
  };
}
