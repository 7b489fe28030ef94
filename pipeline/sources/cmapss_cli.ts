/**
 * `deno task cmapss convert FILE [-o OUT]` — a C-MAPSS file as NDJSON readings.
 * `deno task cmapss generate --assets N --hours H [-o OUT]` — synthetic
 * run-to-failure engines with labelled degradation, as NDJSON readings.
 */
import { readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type { Reading } from "../engine/record.ts";
import { loadCmapss } from "../rul/cmapss.ts";
import { CmapssConfigSchema, cmapssSource } from "./cmapss.ts";
import { synthEngines, synthReadings } from "./cmapss_synth.ts";

const HELP = `Usage:
  deno task cmapss convert FILE [-o OUT] [--cycle-secs S] [--start ISO] [--all-sensors]
      C-MAPSS data file (e.g. train_FD001.txt; a bare name is looked up in CMAPSS_DIR
      or ../shared/data/cmapss) to NDJSON readings, units as engine_1, engine_2, …
  deno task cmapss generate [--assets N] [--hours H] [--cycle-secs S] [--seed N] [--start ISO] [-o OUT]
      synthetic run-to-failure engines (14 FD001 sensors, exponential HPC degradation,
      readings after the onset labelled hpc_degradation); engine summary on stderr

Defaults: convert --cycle-secs 3600; generate --assets 3 --hours 1 --cycle-secs 10 --seed 1;
--start 2024-01-01T00:00:00Z. Without -o, NDJSON goes to stdout.`;

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(args: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o") flags.set("out", args[++i] ?? "");
    else if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2);
      if (v !== undefined) flags.set(k, v);
      else if (k === "help" || k === "all-sensors") flags.set(k, true);
      else flags.set(k, args[++i] ?? "");
    } else if (a === "-h") flags.set("help", true);
    else positional.push(a);
  }
  return { positional, flags };
}

function num(a: Args, name: string, dflt: number): number {
  const v = a.flags.get(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v === true || v === "" || !Number.isFinite(n) || n <= 0) {
    throw new Error(`cmapss: --${name} must be a positive number, got "${v}"`);
  }
  return n;
}

function startTs(a: Args): number {
  const v = a.flags.get("start") ?? "2024-01-01T00:00:00Z";
  const t = typeof v === "string" ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new Error(`cmapss: --start must be an ISO-8601 time, got "${v}"`);
  return t;
}

/** Writes readings as NDJSON to `out` (a path) or stdout; returns the count. */
async function writeNdjson(readings: Iterable<Reading>, out: string | undefined): Promise<number> {
  const enc = new TextEncoder();
  const file = out ? await Deno.open(out, { write: true, create: true, truncate: true }) : null;
  const w = file ?? Deno.stdout;
  let n = 0, buf: string[] = [];
  const flush = async () => {
    const bytes = enc.encode(buf.join(""));
    for (let off = 0; off < bytes.length;) off += await w.write(bytes.subarray(off));
    buf = [];
  };
  for (const r of readings) {
    buf.push(JSON.stringify(r) + "\n");
    if (++n % 5000 === 0) await flush();
  }
  await flush();
  file?.close();
  return n;
}

async function convert(a: Args): Promise<number> {
  const file = a.positional[1];
  if (!file) throw new Error(`cmapss convert: missing FILE\n\n${HELP}`);
  const slash = file.lastIndexOf("/");
  const data = slash >= 0
    ? await loadCmapss(file.slice(slash + 1), file.slice(0, slash))
    : await loadCmapss(file);
  const config = CmapssConfigSchema.parse({
    path: file,
    cycle_secs: num(a, "cycle-secs", 3600),
    start_ts: startTs(a),
    sensors: a.flags.has("all-sensors") ? "all" : "informative",
  });
  const readings: Reading[] = [];
  await cmapssSource(data, config).run({
    name: "cmapss",
    clock: new ManualClock(0),
    signal: new AbortController().signal,
    reject: () => {},
    emit: (b) => {
      if (b.kind === "readings") readings.push(...readingsOf(b));
      return Promise.resolve();
    },
  });
  const n = await writeNdjson(readings, a.flags.get("out") as string | undefined);
  console.error(`cmapss: ${data.units.length} units, ${data.rows} cycles, ${n} readings`);
  return 0;
}

async function generate(a: Args): Promise<number> {
  const o = {
    assets: num(a, "assets", 3),
    hours: num(a, "hours", 1),
    cycle_secs: num(a, "cycle-secs", 10),
    seed: num(a, "seed", 1),
    start_ts: startTs(a),
  };
  const n = await writeNdjson(synthReadings(o), a.flags.get("out") as string | undefined);
  for (const e of synthEngines(o)) {
    console.error(
      `cmapss: ${e.machine} degrades from cycle ${e.onset_cycle}, fails at cycle ${e.failure_cycle}`,
    );
  }
  console.error(`cmapss: ${n} readings`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (a.flags.has("help") || a.positional.length === 0) {
    console.log(HELP);
    return a.flags.has("help") ? 0 : 2;
  }
  try {
    if (a.positional[0] === "convert") return await convert(a);
    if (a.positional[0] === "generate") return await generate(a);
    console.error(`cmapss: unknown command "${a.positional[0]}"\n\n${HELP}`);
    return 2;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
