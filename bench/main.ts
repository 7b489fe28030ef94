/**
 * `deno task bench [--only NAME…]`: prints one JSON line per figure (SPEC §13).
 * Figures whose prerequisites are missing print {"figure":…, "skipped": reason}.
 */
type Figure = {
  name: string;
  run: () => Promise<Record<string, unknown> | Record<string, unknown>[]>;
};

const FIGURES: Figure[] = [
  { name: "engine", run: async () => (await import("./engine.ts")).benchEngine() },
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
