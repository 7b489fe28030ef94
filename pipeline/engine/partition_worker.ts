/// <reference lib="deno.worker" />
/**
 * Worker entry: hosts one {@link PartitionRunner}. Definitions are looked up
 * in the registry here, since functions cannot cross the thread boundary.
 */
import { transferables } from "./batch.ts";
import { systemClock } from "./clock.ts";
import type { WorkerRequest, WorkerResponse } from "./partition.ts";
import type { OutboxItem } from "./partition_runner.ts";
import { PartitionRunner } from "./partition_runner.ts";
import type { ComponentSpec } from "./topology.ts";
import { componentDef } from "../registry.ts";

let runner: PartitionRunner | undefined;
// Requests are handled strictly one at a time so order per key is kept.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<WorkerRequest & { id: number }>) => {
  const req = e.data;
  queue = queue.then(() => handle(req));
};

async function handle(req: WorkerRequest & { id: number }): Promise<void> {
  try {
    const result = await dispatch(req);
    // A batch may leave on several ports; each buffer is transferred once.
    const transfer = Array.isArray(result)
      ? [
        ...new Set((result as OutboxItem[]).flatMap((i) => i?.batch ? transferables(i.batch) : [])),
      ]
      : [];
    self.postMessage({ id: req.id, ok: true, result } satisfies WorkerResponse, transfer);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    self.postMessage({ id: req.id, ok: false, error } satisfies WorkerResponse);
  }
}

function need(): PartitionRunner {
  if (!runner) throw new Error("partition worker used before init");
  return runner;
}

async function dispatch(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case "init": {
      const transforms: ComponentSpec[] = req.specs.map((s) => {
        const def = componentDef(s.kind, s.type);
        if (!def) throw new Error(`unknown ${s.kind} type "${s.type}" in worker`);
        return { ...s, def };
      });
      runner = await PartitionRunner.create({
        transforms,
        partition: req.partition,
        partitions: req.partitions,
        services: { baseDir: req.baseDir, env: req.env },
        clock: systemClock,
        exports: req.exports,
        restore: req.restore,
      });
      return null;
    }
    case "process":
      return await need().process(req.from, req.port, req.batch);
    case "processAt":
      return await need().processAt(req.target, req.from, req.batch);
    case "flush":
      return await need().flush();
    case "snapshot":
      return need().snapshot();
    case "control":
      return (await need().control(req.component, req.command)) ?? null;
    case "metrics":
      return need().metrics();
    case "exports":
      need().setExports(req.exports);
      return null;
    case "close":
      await runner?.close();
      return null;
  }
}
