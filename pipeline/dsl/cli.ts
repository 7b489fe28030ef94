/**
 * `deno task topology <command>`: check, graph, docs, schema, test and run
 * topology files. Exit codes: 0 ok, 1 problems found, 2 usage error.
 */
import type { AnyComponentDef } from "../engine/component.ts";
import type { Topology } from "../engine/topology.ts";
import { formatDiagnostic } from "./diagnostic.ts";
import { componentDocs } from "./docs.ts";
import { GRAPH_FORMATS, type GraphFormat, renderGraph } from "./graph.ts";
import { SCHEMA_PATH, topologySchemaText } from "./json_schema.ts";
import { USAGE } from "./cli_usage.ts";
import { loadTopology, type ParseResult } from "./load.ts";
import { allComponents, type ComponentLookup, lookupOf } from "./lookup.ts";
import { importDriver, runPipeline } from "./cli_run.ts";

/** Where the CLI reads, writes and prints; tests swap these. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  /** Formats a written file the way `deno fmt` would (Markdown tables, wrapping). */
  formatFile(path: string): Promise<void>;
  /** Component definitions (default: the registry). */
  components(): Promise<readonly AnyComponentDef[]>;
}

export const denoIO: CliIO = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  readFile: (p) => Deno.readTextFile(p),
  writeFile: (p, t) => Deno.writeTextFile(p, t),
  formatFile: async (p) => {
    // Generated Markdown must pass `deno fmt --check`; a failure here only leaves it unformatted.
    await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", p],
      stdout: "null",
      stderr: "null",
    })
      .output().catch(() => undefined);
  },
  components: allComponents,
};

class UsageError extends Error {}

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[], valued: string[], booleans: string[]): Args {
  const args: Args = { positional: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      args.flags.set("help", true);
    } else if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (valued.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined || v.startsWith("--")) throw new UsageError(`--${name} needs a value`);
        args.flags.set(name, v);
      } else if (booleans.includes(name) && inline === undefined) {
        args.flags.set(name, true);
      } else throw new UsageError(`unknown option ${a}`);
    } else args.positional.push(a);
  }
  return args;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIO = denoIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    io.out(USAGE[topic ?? "main"] ?? USAGE.main);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`unknown command "${command}"\n\n${USAGE.main}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${command}: ${e.message}\n\n${USAGE[command]}`);
      return 2;
    }
    throw e;
  }
}

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  async check(argv, io) {
    const args = parseArgs(argv, [], []);
    if (args.flags.has("help")) return help(io, "check");
    if (args.positional.length === 0) throw new UsageError("name at least one topology file");
    let failed = false;
    for (const file of args.positional) {
      const r = await load(file, io);
      if (!r.topology) failed = true;
      else {
        const t = r.topology;
        io.out(
          `${file}: ok: ${plural(t.components.length, "component")}, ${
            plural(t.tests.length, "test")
          }`,
        );
      }
    }
    return failed ? 1 : 0;
  },

  async graph(argv, io) {
    const args = parseArgs(argv, ["format", "out"], []);
    if (args.flags.has("help")) return help(io, "graph");
    if (args.positional.length !== 1) throw new UsageError("name exactly one topology file");
    const format = (args.flags.get("format") ?? "mermaid") as GraphFormat;
    if (!GRAPH_FORMATS.includes(format)) {
      throw new UsageError(`--format must be ${GRAPH_FORMATS.join(" or ")}, got "${format}"`);
    }
    const r = await load(args.positional[0], io);
    if (!r.topology) return 1;
    return await emit(io, renderGraph(r.topology, format), args.flags.get("out"));
  },

  async docs(argv, io) {
    const args = parseArgs(argv, ["out"], []);
    if (args.flags.has("help")) return help(io, "docs");
    if (args.positional.length > 0) {
      throw new UsageError(`unexpected argument "${args.positional[0]}"`);
    }
    return await emit(io, componentDocs(await io.components()), args.flags.get("out"));
  },

  async schema(argv, io) {
    const args = parseArgs(argv, ["out"], ["check"]);
    if (args.flags.has("help")) return help(io, "schema");
    if (args.positional.length > 0) {
      throw new UsageError(`unexpected argument "${args.positional[0]}"`);
    }
    const out = (args.flags.get("out") as string | undefined) ?? SCHEMA_PATH;
    const text = topologySchemaText(await io.components());
    if (args.flags.has("check")) {
      const current = await io.readFile(out).catch(() => undefined);
      if (current === text) {
        io.out(`${out} is up to date`);
        return 0;
      }
      io.err(`${out} is stale: run \`deno task topology schema\``);
      return 1;
    }
    await io.writeFile(out, text);
    io.out(`wrote ${out}`);
    return 0;
  },

  async test(argv, io) {
    const args = parseArgs(argv, [], []);
    if (args.flags.has("help")) return help(io, "test");
    if (args.positional.length === 0) throw new UsageError("name at least one topology file");
    const topologies: Topology[] = [];
    let failed = false;
    for (const file of args.positional) {
      const r = await load(file, io);
      if (r.topology) topologies.push(r.topology);
      else failed = true;
    }
    if (topologies.length === 0) return 1;
    const { runTopologyTests } = await importDriver();
    let passed = 0, total = 0;
    for (const t of topologies) {
      if (t.tests.length === 0) io.out(`${t.file}: no tests`);
      for (const result of await runTopologyTests(t)) {
        total++;
        if (result.ok) {
          passed++;
          io.out(`ok   ${t.file}: ${result.name}`);
        } else {
          failed = true;
          io.out(`FAIL ${t.file}: ${result.name}`);
          for (const f of result.failures) io.out(`       ${f}`);
        }
      }
    }
    io.out(`${passed} passed, ${total - passed} failed`);
    return failed ? 1 : 0;
  },

  async run(argv, io) {
    const args = parseArgs(argv, ["workers"], []);
    if (args.flags.has("help")) return help(io, "run");
    if (args.positional.length !== 1) throw new UsageError("name exactly one topology file");
    const w = args.flags.get("workers");
    const workers = w === undefined ? undefined : Number(w);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) {
      throw new UsageError(`--workers must be a whole number ≥ 0, got "${w}"`);
    }
    const file = args.positional[0];
    const r = await load(file, io);
    if (!r.topology) return 1;
    return await runPipeline(r.topology, file, workers, io);
  },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function help(io: CliIO, command: string): number {
  io.out(USAGE[command]);
  return 0;
}

async function load(file: string, io: CliIO): Promise<ParseResult> {
  const registry: ComponentLookup = lookupOf(await io.components());
  const r = await loadTopology(file, { readFile: io.readFile, registry });
  for (const d of r.diagnostics) io.err(formatDiagnostic(d));
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) io.err(`${file}: ${errors} error${errors === 1 ? "" : "s"}`);
  return r;
}

async function emit(io: CliIO, text: string, out: string | true | undefined): Promise<number> {
  if (typeof out === "string") {
    await io.writeFile(out, text);
    if (out.endsWith(".md")) await io.formatFile(out);
    io.out(`wrote ${out}`);
  } else io.out(text.trimEnd());
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
