/**
 * `deno task train [--if-only | --lstm-only] [--force] [--machine A] [--out models/]
 * [--window 5s] [--from FILE] [--topology FILE]`: trains the isolation forest
 * and the LSTM autoencoder from the readings in the store (`DATABASE_URL`, or
 * embedded PGlite in data/pglite) or from a recording, writes
 * `models/iforest.json` and `models/lstm/`, records each store run in the
 * `models` table. A running sluice picks the files up on
 * `POST /api/models/reload`.
 */
import { loadTopology, requireTopology } from "./dsl/load.ts";
import { readRecording } from "./quality/evaluate.ts";
import { openDatabase } from "./store/db.ts";
import { Progress } from "./training/progress.ts";
import { trainFromStore, trainModels, type TrainOptions } from "./training/train.ts";

const USAGE =
  `Usage: deno task train [--if-only | --lstm-only] [--force] [--machine A] [--out models/] [--window 5s]
                        [--from FILE] [--topology FILE]

Trains detector models from the readings in the store (DATABASE_URL, or embedded
PGlite in data/pglite — stop \`deno task start\` first when it uses the embedded store).
  --if-only     only the isolation forest (models/iforest.json)
  --lstm-only   only the LSTM autoencoder (models/lstm/)
  --force       replace existing model files
  --machine A   train on one machine's readings only
  --out DIR     where model files go (default models/)
  --window DUR  window size, as in the topology (default 5s)
  --from FILE   train on a recording (NDJSON/CSV) instead of the store; no models row
  --topology F  train the LSTM with the options of F's lstm_autoencoder component

The shipped models are made with:
  deno task train --if-only --force --from topology/recordings/normal-fleet.ndjson
  deno task train --lstm-only --force --from topology/recordings/normal-fleet.ndjson \\
    --topology topology/rig-alpha.yaml`;

/** Parsed command line. */
export type TrainArgs = TrainOptions & { help?: boolean; from?: string; topology?: string };

/** Parses the command line; throws with a message naming the bad argument. */
export function parseTrainArgs(args: string[]): TrainArgs {
  const o: TrainArgs = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--if-only" || a === "--lstm-only") {
      const only = a === "--if-only" ? "iforest" : "lstm";
      if (o.only && o.only !== only) {
        throw new Error("--if-only and --lstm-only exclude each other");
      }
      o.only = only;
    } else if (a === "--force") o.force = true;
    else if (a === "--machine") o.machine = value();
    else if (a === "--out") o.out = value().replace(/\/+$/, "") || "/";
    else if (a === "--window") o.window = value();
    else if (a === "--from") o.from = value();
    else if (a === "--topology") o.topology = value();
    else throw new Error(`unknown argument "${a}"`);
  }
  return o;
}

if (import.meta.main) {
  let opts: TrainArgs;
  try {
    opts = parseTrainArgs(Deno.args);
  } catch (e) {
    console.error(`train: ${(e as Error).message}\n\n${USAGE}`);
    Deno.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  let code = 0;
  const db = opts.from ? undefined : await openDatabase({ log: (m) => console.error(m) });
  try {
    const steps = 2 + (opts.only ? 2 : 4);
    const o: TrainOptions = {
      ...opts,
      lstm: opts.topology ? await lstmOptionsOf(opts.topology) : undefined,
      source: opts.from ? `in ${opts.from}` : undefined,
      progress: new Progress(steps),
      log: (l) => console.log(l),
    };
    const from = opts.from;
    const report = from
      ? await trainModels(() => readRecording(from), o)
      : await trainFromStore(db!.sql, o);
    console.log(
      `trained ${report.models.map((m) => `${m.name} v${m.version}`).join(", ") || "nothing"} ` +
        `from ${report.readings} readings (${report.windows} windows)`,
    );
    if (report.models.length > 0) {
      console.log(
        "a running sluice loads them on: curl -X POST http://localhost:8000/api/models/reload",
      );
    }
    if (report.models.length === 0) code = 1;
  } catch (e) {
    console.error((e as Error).message);
    code = 1;
  } finally {
    await db?.close();
  }
  Deno.exit(code);
}

/** The options of the (first) `lstm_autoencoder` component of a topology file. */
async function lstmOptionsOf(path: string): Promise<Record<string, unknown>> {
  const topology = requireTopology(await loadTopology(path));
  const c = topology.components.find((x) => x.type === "lstm_autoencoder");
  if (!c) throw new Error(`Cannot take LSTM options from ${path}: no lstm_autoencoder component`);
  const { model: _m, save_to: _s, ...options } = c.config as Record<string, unknown>;
  return options;
}
