/// <reference lib="deno.worker" />
/**
 * Hosts embedded PGlite and its socket server on a worker thread. PGlite runs
 * queries synchronously in WASM; on the main thread a large insert would
 * stall the event loop (HTTP, WebSockets, sources) for its whole duration.
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type PgliteWorkerRequest =
  | { op: "start"; dataDir: string; schema?: string }
  | { op: "stop" };

export type PgliteWorkerResponse = { ok: true; conn?: string } | { ok: false; error: string };

let pg: PGlite | undefined;
let server: PGLiteSocketServer | undefined;

self.onmessage = async (e: MessageEvent<PgliteWorkerRequest>) => {
  try {
    if (e.data.op === "start") {
      pg = await PGlite.create({ dataDir: e.data.dataDir });
      if (e.data.schema) {
        // PGlite ignores startup parameters, but its one session outlives socket clients.
        await pg.exec(
          `create schema if not exists ${e.data.schema}; set search_path to ${e.data.schema}`,
        );
      }
      server = new PGLiteSocketServer({ db: pg, host: "127.0.0.1", port: 0, maxConnections: 1 });
      await server.start();
      self.postMessage({ ok: true, conn: server.getServerConn() } satisfies PgliteWorkerResponse);
    } else {
      await server?.stop();
      await pg?.close();
      self.postMessage({ ok: true } satisfies PgliteWorkerResponse);
    }
  } catch (err) {
    self.postMessage(
      {
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      } satisfies PgliteWorkerResponse,
    );
  }
};
