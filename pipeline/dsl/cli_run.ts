/** `deno task topology run`: a topology against the database until its sources end or Ctrl-C. */
import { dirname } from "node:path";
import type { Topology } from "../engine/topology.ts";
import type { CliIO } from "./cli.ts";

// Imported on demand: `check`, `docs` and `schema` need neither the engine nor the database.
export function importDriver() {
  return import("../testing/driver.ts");
}

function importStore() {
  return import("../store/db.ts");
}

export async function runPipeline(
  topology: Topology,
  file: string,
  workers: number | undefined,
  io: CliIO,
): Promise<number> {
  const { runTopology } = await import("../engine/run.ts");
  const db = await (await importStore()).openDatabase();
  try {
    const pipeline = await runTopology(topology, {
      services: {
        sql: db.sql,
        baseDir: dirname(file),
        env: Deno.env.toObject(),
      },
      workers,
      onError: (component, error) => io.err(`${component}: ${(error as Error)?.message ?? error}`),
    });
    io.out(`running ${topology.name}: ${topology.components.length} components (Ctrl-C to stop)`);
    let stopping = false;
    const stop = () => {
      if (stopping) Deno.exit(130); // a second Ctrl-C does not wait for the flush
      stopping = true;
      io.err("stopping: flushing buffered records to the sinks (Ctrl-C again to quit at once)");
      void pipeline.stop();
    };
    Deno.addSignalListener("SIGINT", stop);
    try {
      await pipeline.done;
    } finally {
      Deno.removeSignalListener("SIGINT", stop);
    }
    io.out("component            kind       records_in  records_out  dlq  errors  late");
    for (const m of pipeline.metrics()) {
      io.out(
        [
          m.component.padEnd(20),
          m.kind.padEnd(9),
          String(m.records_in).padStart(11),
          String(m.records_out).padStart(12),
          String(m.dlq).padStart(4),
          String(m.errors).padStart(7),
          String(m.late).padStart(5),
        ].join(" "),
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
