/**
 * Test helpers for web/: a `scripted` source the test feeds batch by batch
 * and that answers control commands like a simulator (start/stop/inject/
 * rate/status per machine), and a tiny topology running it into the
 * `websocket` sink through the real engine.
 */
import { z } from "zod";
import type { Batch } from "../../pipeline/engine/batch.ts";
import type { SourceCommand, SourceContext, SourceDef } from "../../pipeline/engine/component.ts";
import type { Topology } from "../../pipeline/engine/topology.ts";
import { discard } from "../../pipeline/sinks/discard.ts";
import { websocket } from "../../pipeline/sinks/websocket.ts";

const ScriptedConfig = z.object({
  machines: z.array(z.string()).meta({ description: "Machines it answers for" }),
  rate_hz: z.number().meta({ description: "Nominal sampling rate" }),
}).strict();
type ScriptedConfig = z.infer<typeof ScriptedConfig>;

/** The source instance of a scripted topology: push batches, read the commands it got. */
export class ScriptedSource {
  commands: SourceCommand[] = [];
  running = new Map<string, boolean>();
  #queue: Batch[] = [];
  #wake: (() => void) | undefined;

  constructor(readonly config: ScriptedConfig) {
    for (const m of config.machines) this.running.set(m, true);
  }

  /** Queues a batch; the source emits it downstream as soon as it runs. */
  push(batch: Batch): void {
    this.#queue.push(batch);
    this.#wake?.();
  }

  async run(ctx: SourceContext): Promise<void> {
    while (!ctx.signal.aborted) {
      while (this.#queue.length > 0) await ctx.emit(this.#queue.shift()!);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  control(cmd: SourceCommand): unknown {
    this.commands.push(cmd);
    const machine = typeof cmd.machine === "string" ? cmd.machine : undefined;
    switch (cmd.action) {
      case "start":
      case "stop":
        if (machine) this.running.set(machine, cmd.action === "start");
        return { machine, running: machine ? this.running.get(machine) : undefined };
      case "status":
        return {
          machines: Object.fromEntries([...this.running].map(([m, running]) => [m, { running }])),
        };
      default:
        return { ok: true, action: cmd.action };
    }
  }
}

/** A `scripted` source def; every build returns the same instance, kept in `instances`. */
export function scriptedDef(): SourceDef<ScriptedConfig> & { instances: ScriptedSource[] } {
  const instances: ScriptedSource[] = [];
  return {
    kind: "source",
    type: "scripted",
    summary: "Emits the batches a test pushes; answers simulator-like commands.",
    config: ScriptedConfig,
    outputs: () => ({ out: "reading" }),
    examples: [{ machines: ["A"], rate_hz: 5 }],
    instances,
    build(config) {
      const s = new ScriptedSource(config);
      instances.push(s);
      return s;
    },
  };
}

/** `sim` (scripted, machines A B C) → `live` (websocket sink) and `sink` (discard). */
export function scriptedTopology(def: ReturnType<typeof scriptedDef>): Topology {
  return {
    version: 1,
    name: "web-test",
    workers: 0,
    tests: [],
    components: [
      {
        name: "sim",
        kind: "source",
        type: "scripted",
        inputs: [],
        config: { machines: ["A", "B", "C"], rate_hz: 5 },
        def,
      },
      {
        name: "live",
        kind: "sink",
        type: "websocket",
        inputs: [{ component: "sim", port: "out" }],
        config: {},
        def: websocket,
      },
      {
        name: "sink",
        kind: "sink",
        type: "discard",
        inputs: [{ component: "sim", port: "out" }],
        config: {},
        def: discard,
      },
    ],
  };
}
