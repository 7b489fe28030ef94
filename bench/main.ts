/**
 * `deno task bench [--only NAME…]`: prints one JSON line per figure (SPEC §13).
 * Figures whose prerequisites are missing print {"figure":…, "skipped": reason}.
 */
type Figure = {
  name: string;
  run: () => Promise<Record<string, unknown> | Record<string, unknown>[]>;
};

const DATABASE_URL = Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/test";

/** Loads an optional bench module; figures of parts not built yet report themselves as skipped. */
async function optional(
  figure: string,
  path: string,
  fn: string,
): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(path);
  } catch (e) {
    return { figure, skipped: `no ${path}: ${e instanceof Error ? e.message : e}` };
  }
  const run = mod[fn] as () => Promise<Record<string, unknown> | Record<string, unknown>[]>;
  return await run();
}

const FIGURES: Figure[] = [
  { name: "engine", run: async () => (await import("./engine.ts")).benchEngine() },
  {
    name: "isolation_forest",
    run: async () => ({
      figure: "isolation_forest_vs_sklearn",
      ...(await (await import("./isolation_forest.ts")).benchIsolationForest()),
    }),
  },
  {
    name: "postgres_sink",
    run: async () => ({
      figure: "postgres_sink_vs_copy",
      ...(await (await import("./postgres_sink.ts")).benchPostgresSink(DATABASE_URL)),
    }),
  },
  { name: "rul", run: () => optional("rul_fd001", "../pipeline/rul/eval_cli.ts", "evaluateRul") },
  { name: "lstm", run: () => optional("lstm_windows_per_s", "./lstm.ts", "benchLstm") },
  { name: "detection", run: () => optional("detection_f1", "./detection.ts", "benchDetection") },
  { name: "kafka", run: () => optional("kafka_vs_kafkajs", "./kafka.ts", "benchKafka") },
  {
    name: "browser",
    run: () => optional("sensor_to_browser_p99", "./browser_latency.ts", "benchBrowserLatency"),
  },
];

const args = Deno.args;
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: deno task bench [--only NAME[,NAME…]]

Prints one JSON line per figure. Figures: ${FIGURES.map((f) => f.name).join(", ")}`);
  Deno.exit(0);
}
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]?.split(",")) : undefined;
let failed = false;
for (const f of FIGURES) {
  if (only && !only.has(f.name)) continue;
  try {
    const out = await f.run();
    for (const line of Array.isArray(out) ? out : [out]) console.log(JSON.stringify(line));
  } catch (e) {
    failed = true;
    console.log(
      JSON.stringify({ figure: f.name, error: e instanceof Error ? e.message : String(e) }),
    );
  }
}
Deno.exit(failed ? 1 : 0);
