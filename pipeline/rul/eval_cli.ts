/**
 * `deno task rul:eval [--train] [--model FILE] [--units N] [--json]`
 *
 * Trains the learned RUL model on train_FD001 (when asked or when the model
 * file is missing) and evaluates it on test_FD001 by the standard protocol.
 * The last line printed is a JSON summary for the bench.
 */
import { DEFAULT_RUL_MODEL, evaluateRul, type RulEvaluation } from "./evaluate.ts";

export { evaluateRul } from "./evaluate.ts";

const HELP = `Usage: deno task rul:eval [options]

Trains (if needed) and evaluates the learned RUL model on NASA C-MAPSS FD001:
prediction at the last cycle of each test unit vs RUL_FD001.txt, RMSE and NASA score.

Options:
  --train          retrain on train_FD001 and overwrite the model file
  --model FILE     model file (default models/rul_fd001.json)
  --units N        evaluate only the first N test units
  --quiet          print only the JSON summary line
  -h, --help       show this help

Data: env CMAPSS_DIR, else ../shared/data/cmapss beside the repository.`;

/** A text progress bar on stderr, redrawn in place. */
function progressBar(): (phase: string, done: number, total: number) => void {
  const enc = new TextEncoder();
  let last = "";
  return (phase, done, total) => {
    const width = 30;
    const fill = Math.round((done / total) * width);
    const line = `\r${phase.padEnd(9)} [${"#".repeat(fill)}${
      "-".repeat(width - fill)
    }] ${done}/${total}`;
    if (line === last) return;
    last = line;
    Deno.stderr.writeSync(enc.encode(line + (done === total ? "\n" : "")));
  };
}

function table(r: RulEvaluation): string {
  const worst = [...r.rows].sort((a, b) =>
    Math.abs(b.predicted - b.truth) - Math.abs(a.predicted - a.truth)
  ).slice(0, 5);
  const lines = [
    `model       ${r.model}${r.trained ? ` (trained in ${r.train_secs?.toFixed(1)} s)` : ""}`,
    `test units  ${r.units}`,
    `RMSE        ${r.rmse.toFixed(2)} cycles`,
    `NASA score  ${r.nasa_score.toFixed(1)}`,
    `eval time   ${r.eval_secs.toFixed(2)} s`,
    ``,
    `largest errors:  unit  cycles  predicted  truth`,
    ...worst.map((w) =>
      `                ${String(w.unit).padStart(5)}  ${String(w.cycles).padStart(6)}  ${
        w.predicted.toFixed(1).padStart(9)
      }  ${String(w.truth).padStart(5)}`
    ),
  ];
  return lines.join("\n");
}

async function main(args: string[]): Promise<number> {
  let train: boolean | undefined, quiet = false, model = DEFAULT_RUL_MODEL;
  let units: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-h" || a === "--help") {
      console.log(HELP);
      return 0;
    } else if (a === "--train") train = true;
    else if (a === "--quiet") quiet = true;
    else if (a === "--model" && args[i + 1]) model = args[++i];
    else if (a === "--units" && args[i + 1]) {
      units = Number(args[++i]);
      if (!Number.isInteger(units) || units < 1) {
        console.error(`rul:eval: --units must be a positive integer, got ${args[i]}`);
        return 2;
      }
    } else {
      console.error(`rul:eval: unknown or incomplete option "${a}"\n\n${HELP}`);
      return 2;
    }
  }
  const r = await evaluateRul({
    model,
    train,
    units,
    onProgress: quiet ? undefined : progressBar(),
  });
  if (!quiet) console.log(table(r));
  console.log(JSON.stringify({
    figure: r.figure,
    rmse: Math.round(r.rmse * 1000) / 1000,
    nasa_score: Math.round(r.nasa_score * 10) / 10,
    units: r.units,
  }));
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
