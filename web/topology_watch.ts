/**
 * Hot reload: watches the topology file and swaps a changed, valid version
 * into the running pipeline. Components whose config did not change keep
 * their keyed state (see RunningPipeline.reload). A file with errors is
 * reported and the running topology stays as it is.
 */
import { formatDiagnostic } from "../pipeline/dsl/diagnostic.ts";
import { loadTopology } from "../pipeline/dsl/load.ts";
import type { RunningPipeline } from "../pipeline/engine/run.ts";

/** Reloads `path` into `pipeline` once; returns the diagnostics lines (empty when it reloaded clean). */
export async function reloadTopologyFile(
  path: string,
  pipeline: Pick<RunningPipeline, "reload">,
): Promise<{ reloaded: boolean; lines: string[] }> {
  const { topology, diagnostics } = await loadTopology(path);
  const lines = diagnostics.map(formatDiagnostic);
  if (!topology) return { reloaded: false, lines };
  await pipeline.reload(topology);
  return { reloaded: true, lines };
}

/** Watches `path` until `signal` aborts; debounces bursts of file events (editors write twice). */
export async function watchTopologyFile(
  path: string,
  pipeline: Pick<RunningPipeline, "reload">,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const watcher = Deno.watchFs(path);
  signal.addEventListener("abort", () => watcher.close(), { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  try {
    for await (const event of watcher) {
      if (event.kind !== "modify" && event.kind !== "create") continue;
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          try {
            const { reloaded, lines } = await reloadTopologyFile(path, pipeline);
            for (const l of lines) log(l);
            log(
              reloaded
                ? `sluice: reloaded ${path}`
                : `sluice: ${path} has errors; still running the previous topology`,
            );
          } catch (e) {
            log(`sluice: reload of ${path} failed: ${e instanceof Error ? e.message : e}`);
          }
        });
      }, 200);
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    await running;
  }
}
