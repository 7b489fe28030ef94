/**
 * Loading a topology file: YAML with positions → checked {@link Topology}, or
 * every problem found, each pointing at a line and column.
 *
 * Stages (all run, all report): YAML syntax → top-level shape → components
 * (names, types, options) → wiring (inputs, ports, record types, cycles) →
 * tests (expectations, recordings).
 */
import type { ComponentSpec, Topology } from "../engine/topology.ts";
import { readComponents, SECTIONS } from "./components.ts";
import { isRecord, LoadContext, typeName } from "./context.ts";
import { type Diagnostic, Diagnostics, TopologyError } from "./diagnostic.ts";
import { type ComponentLookup, defaultLookup } from "./lookup.ts";
import { didYouMean } from "./suggest.ts";
import { readTests } from "./tests_block.ts";
import { checkWiring, topologicalOrder } from "./wiring.ts";
import { YamlSource } from "./yaml_source.ts";

export interface ParseOptions {
  /** Reads recordings named in `tests:` (default: `Deno.readTextFile`). */
  readFile?: (path: string) => Promise<string>;
  /** Where component types are looked up (default: `pipeline/registry.ts`). */
  registry?: ComponentLookup;
}

export interface ParseResult {
  /** Present when there are no errors (warnings allowed). */
  topology?: Topology;
  diagnostics: Diagnostic[];
}

export const TOP_LEVEL_KEYS = ["version", "name", "workers", ...SECTIONS, "tests"] as const;

/**
 * Parses and checks a topology from text.
 *
 * @example
 * ```ts
 * import { parseTopology } from "./load.ts";
 * const { topology, diagnostics } = await parseTopology("version: 1\nname: demo\n", "demo.yaml");
 * // diagnostics: "demo.yaml:1:1: a topology needs at least one source under \"sources\""
 * ```
 */
export async function parseTopology(
  text: string,
  file: string,
  opts: ParseOptions = {},
): Promise<ParseResult> {
  const diags = new Diagnostics(file);
  const src = new YamlSource(text);
  for (const e of src.syntaxErrors) diags.error({ ...e.at, message: `YAML: ${e.message}` });
  if (src.syntaxErrors.length > 0) return { diagnostics: diags.list() };
  const lookup = opts.registry ?? await defaultLookup();
  const ctx = new LoadContext(src, diags, lookup);
  for (const w of src.warnings) diags.warning({ ...w.at, message: `YAML: ${w.message}` });
  for (const p of src.problems) diags.error({ ...p.at, message: p.message });
  for (const d of src.duplicates) {
    const inSection = d.path.length === 1 && (SECTIONS as readonly unknown[]).includes(d.path[0]);
    diags.error({
      ...d.at,
      path: [...d.path, d.key],
      component: inSection ? d.key : undefined,
      message: inSection
        ? `duplicate component name "${d.key}": already defined at line ${d.first.line}`
        : `duplicate key "${d.key}" (first at line ${d.first.line}); the first one is used`,
    });
  }

  const root = src.value;
  if (!isRecord(root)) {
    diags.error({
      line: 1,
      column: 1,
      message: root === null || root === undefined
        ? "empty topology file; expected version, name, sources, transforms, sinks"
        : `a topology file must be a map (version, name, sources…), got ${typeName(root)}`,
    });
    return { diagnostics: diags.list() };
  }
  const header = readHeader(ctx, root);
  const drafts = readComponents(ctx, root);
  if (!drafts.some((d) => d.kind === "source")) {
    ctx.report(["sources"], `a topology needs at least one source under "sources"`, {
      at: "missing",
    });
  }
  if (!drafts.some((d) => d.kind === "sink")) {
    ctx.warn(["sinks"], `no sinks: records leave the pipeline nowhere`, { at: "missing" });
  }
  checkWiring(ctx, drafts);
  const tests = await readTests(ctx, root.tests, drafts, {
    file,
    readFile: opts.readFile ?? Deno.readTextFile,
  });

  if (diags.hasErrors()) return { diagnostics: diags.list() };
  const components: ComponentSpec[] = topologicalOrder(drafts).map((d) => ({
    name: d.name,
    kind: d.kind,
    type: d.type!,
    inputs: d.inputs.map((i) => i.ref),
    config: d.config,
    def: d.def!,
  }));
  const topology: Topology = { version: 1, name: header.name!, components, tests, file };
  if (header.workers !== undefined) topology.workers = header.workers;
  return { topology, diagnostics: diags.list() };
}

/**
 * Reads and checks a topology file.
 *
 * @example
 * ```ts
 * import { loadTopology } from "./load.ts";
 * const { topology, diagnostics } = await loadTopology("topology/rig_alpha.yaml");
 * ```
 */
export async function loadTopology(path: string, opts: ParseOptions = {}): Promise<ParseResult> {
  let text: string;
  try {
    text = await (opts.readFile ?? Deno.readTextFile)(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "file not found" : (e as Error).message;
    const diags = new Diagnostics(path);
    diags.error({ line: 1, column: 1, message: `cannot read topology file: ${why}` });
    return { diagnostics: diags.list() };
  }
  return await parseTopology(text, path, opts);
}

function readHeader(
  ctx: LoadContext,
  root: Record<string, unknown>,
): { name?: string; workers?: number } {
  for (const key of Object.keys(root)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      ctx.report(
        [key],
        `unknown top-level key "${key}"${didYouMean(key, TOP_LEVEL_KEYS)} (expected ${
          TOP_LEVEL_KEYS.join(", ")
        })`,
        { at: "key" },
      );
    }
  }
  if (root.version === undefined) {
    ctx.report(["version"], `missing "version: 1" at the top of the file`, { at: "missing" });
  } else if (root.version !== 1) {
    ctx.report(
      ["version"],
      `unsupported version ${JSON.stringify(root.version)}; this sluice reads version 1`,
    );
  }
  let name: string | undefined;
  if (root.name === undefined || root.name === null) {
    ctx.report(["name"], `missing "name" (the pipeline's name, e.g. name: rig-alpha)`, {
      at: "missing",
    });
  } else if (typeof root.name !== "string" || root.name.trim() === "" || root.name.length > 64) {
    ctx.report(
      ["name"],
      `"name" must be a non-empty string of at most 64 characters, got ${typeName(root.name)}`,
    );
  } else name = root.name;
  let workers: number | undefined;
  if (root.workers !== undefined && root.workers !== null) {
    if (typeof root.workers !== "number" || !Number.isInteger(root.workers) || root.workers < 0) {
      ctx.report(
        ["workers"],
        `"workers" must be a whole number ≥ 0 (0 runs everything inline), got ${
          typeName(root.workers)
        }`,
      );
    } else workers = root.workers;
  }
  return { name, workers };
}

/**
 * The topology of a result, or a {@link TopologyError} listing its errors.
 *
 * @example
 * ```ts
 * import { loadTopology, requireTopology } from "./load.ts";
 * const topology = requireTopology(await loadTopology("topology/rig_alpha.yaml"));
 * ```
 */
export function requireTopology(result: ParseResult): Topology {
  if (!result.topology) throw new TopologyError(result.diagnostics);
  return result.topology;
}
