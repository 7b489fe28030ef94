/**
 * Starts the whole product in one process: loads the topology, opens the
 * store, runs the pipeline with the real-time hub, and serves the web app.
 * `web/main.ts` adds flags, env and signals around it; tests call it directly.
 */
import { dirname, resolve } from "node:path";
import { formatDiagnostic } from "../pipeline/dsl/diagnostic.ts";
import { loadTopology } from "../pipeline/dsl/load.ts";
import { runTopology } from "../pipeline/engine/run.ts";
import { openDatabase } from "../pipeline/store/db.ts";
import { createApp } from "./app.ts";
import { Hub } from "./realtime/hub.ts";
import { watchTopologyFile } from "./topology_watch.ts";

export interface ServerOptions {
  topology: string;
  port: number;
  hostname?: string;
  /** Postgres server URL; absent = embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory (default `data/pglite`). */
  dataDir?: string;
  allowedOrigins?: string[];
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Reload the topology when its file changes (default true). */
  watch?: boolean;
}

export interface RunningServer {
  url: string;
  hub: Hub;
  /** Stops the pipeline (flushing sinks), closes sockets, the server and the store. */
  stop(): Promise<void>;
}

/** Thrown when the topology has errors; `lines` are `file:line:col: message`. */
export class TopologyLoadError extends Error {
  constructor(readonly lines: string[]) {
    super(`Cannot start: the topology has errors\n${lines.join("\n")}`);
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? console.log;
  const { topology, diagnostics } = await loadTopology(opts.topology);
  const lines = diagnostics.map(formatDiagnostic);
  if (!topology) throw new TopologyLoadError(lines);
  for (const l of lines) log(l);

  const db = await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, log });
  const hub = new Hub();
  const stopTimers = hub.start();
  const taps = new AbortController();
  let pipeline;
  try {
    pipeline = await runTopology(topology, {
      services: {
        sql: db.sql,
        hub,
        baseDir: dirname(resolve(opts.topology)),
        env: opts.env ?? Deno.env.toObject(),
      },
      onError: (component, error) =>
        log(`component "${component}" failed: ${error instanceof Error ? error.message : error}`),
    });
  } catch (e) {
    stopTimers();
    await db.close();
    throw e;
  }
  const app = createApp({
    pipeline,
    hub,
    sql: db.sql,
    allowedOrigins: opts.allowedOrigins,
    signal: taps.signal,
  });
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: opts.port,
      hostname: opts.hostname ?? "0.0.0.0",
      onListen: () => {},
    }, app.fetch);
  } catch (e) {
    taps.abort();
    await pipeline.stop();
    stopTimers();
    await db.close();
    throw e;
  }
  const url = `http://${
    opts.hostname && opts.hostname !== "0.0.0.0" ? opts.hostname : "localhost"
  }:${server.addr.port}/`;
  log(
    `sluice: topology "${topology.name}" running; ${
      db.embedded ? "embedded PGlite" : "Postgres"
    } store`,
  );
  log(`sluice: listening on ${url}`);
  const watching = opts.watch === false
    ? Promise.resolve()
    : watchTopologyFile(opts.topology, pipeline, log, taps.signal).catch((e) =>
      log(`sluice: not watching ${opts.topology}: ${e instanceof Error ? e.message : e}`)
    );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      taps.abort();
      await watching;
      await pipeline.stop();
      hub.closeAll();
      stopTimers();
      await server.shutdown();
      await db.close();
    })();
  return { url, hub, stop };
}
