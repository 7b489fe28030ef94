/**
 * The topology DSL: YAML topology files with positions → checked topologies,
 * diagnostics, JSON Schema, component docs and graph export.
 *
 * @example
 * ```ts
 * import { formatDiagnostic, loadTopology } from "./mod.ts";
 * const { topology, diagnostics } = await loadTopology("topology/rig_alpha.yaml");
 * for (const d of diagnostics) console.error(formatDiagnostic(d));
 * ```
 */
export {
  compareDiagnostics,
  type Diagnostic,
  Diagnostics,
  formatDiagnostic,
  type Severity,
  TopologyError,
} from "./diagnostic.ts";
export {
  DURATION_PATTERN,
  durationMessage,
  durationMs,
  formatDuration,
  parseDuration,
} from "./duration.ts";
export {
  loadTopology,
  type ParseOptions,
  type ParseResult,
  parseTopology,
  requireTopology,
} from "./load.ts";
export { type ComponentLookup, defaultLookup, lookupOf } from "./lookup.ts";
export { componentSchema, SCHEMA_PATH, topologySchema, topologySchemaText } from "./json_schema.ts";
export { componentDocs } from "./docs.ts";
export { type GraphFormat, renderGraph, toDot, toMermaid } from "./graph.ts";
export { parseRecording, recordingFormat, toReading } from "./recording.ts";
