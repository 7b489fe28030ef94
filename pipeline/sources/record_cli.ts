/**
 * `deno task record`: (re)writes the seeded recordings in topology/recordings/.
 * Deterministic: running it twice gives identical files.
 */
import { RECORDINGS, renderRecording } from "./recordings.ts";

const HELP = `Usage: deno task record [--out DIR] [--check] [NAME...]

Writes the seeded simulator recordings (NDJSON/CSV) used by topology tests.

Options:
  --out DIR   directory to write into (default: topology/recordings)
  --check     write nothing; exit 1 if any file in DIR differs from what would be written
  --list      list the recordings and what they contain
  -h, --help  show this help

NAME...       only these recordings (file names, with or without extension)

Recordings:
${RECORDINGS.map((r) => `  ${r.file.padEnd(28)} ${r.description}`).join("\n")}
`;

interface Args {
  out: string;
  check: boolean;
  list: boolean;
  help: boolean;
  names: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: "topology/recordings", check: false, list: false, help: false, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") a.help = true;
    else if (arg === "--check") a.check = true;
    else if (arg === "--list") a.list = true;
    else if (arg === "--out") {
      if (argv[i + 1] === undefined) throw new Error("--out needs a directory");
      a.out = argv[++i];
    } else if (arg.startsWith("--out=")) a.out = arg.slice(6);
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg} (see --help)`);
    else a.names.push(arg);
  }
  return a;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`record: ${(e as Error).message}`);
    return 2;
  }
  if (args.help) return (console.log(HELP), 0);
  if (args.list) {
    for (const r of RECORDINGS) console.log(`${r.file}\t${r.description}`);
    return 0;
  }
  const wanted = RECORDINGS.filter((r) =>
    args.names.length === 0 || args.names.some((n) => r.file === n || r.file.startsWith(n + "."))
  );
  const unknown = args.names.filter((n) =>
    !RECORDINGS.some((r) => r.file === n || r.file.startsWith(n + "."))
  );
  if (unknown.length > 0) {
    console.error(`record: unknown recording ${unknown.join(", ")} (see --list)`);
    return 2;
  }
  await Deno.mkdir(args.out, { recursive: true });
  let differ = 0;
  for (const [i, r] of wanted.entries()) {
    const path = `${args.out}/${r.file}`;
    const prefix = `[${i + 1}/${wanted.length}] ${r.file}`;
    const enc = new TextEncoder();
    await Deno.stderr.write(enc.encode(`${prefix} …`));
    const t0 = performance.now();
    const text = await renderRecording(r);
    const lines = text.split("\n").length - 1;
    const kb = (enc.encode(text).length / 1024).toFixed(0);
    const ms = (performance.now() - t0).toFixed(0);
    if (args.check) {
      const old = await Deno.readTextFile(path).catch(() => undefined);
      const same = old === text;
      if (!same) differ++;
      await Deno.stderr.write(enc.encode(`\r${prefix}: ${same ? "up to date" : "DIFFERS"}\n`));
    } else {
      await Deno.writeTextFile(path, text);
      await Deno.stderr.write(enc.encode(`\r${prefix}: ${lines} lines, ${kb} KB (${ms} ms)\n`));
    }
  }
  if (differ > 0) console.error(`record: ${differ} recording(s) differ; run deno task record`);
  return differ > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
