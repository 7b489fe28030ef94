/**
 * Builds a {@link Topology} in code, for tests of the engine and of
 * components wired together without a YAML file.
 */
import type { AnyComponentDef, ComponentKind } from "../engine/component.ts";
import type { Topology } from "../engine/topology.ts";
import { parseInputRef } from "../engine/topology.ts";
import { componentDef } from "../registry.ts";

export interface ComponentInCode {
  name: string;
  kind: ComponentKind;
  /** A registered type, or give `def` directly (main-thread components only). */
  type?: string;
  def?: AnyComponentDef;
  inputs?: string[];
  config?: unknown;
}

export function topologyOf(
  name: string,
  components: ComponentInCode[],
  opts: { workers?: number } = {},
): Topology {
  return {
    version: 1,
    name,
    workers: opts.workers,
    tests: [],
    components: components.map((c) => {
      const def = c.def ?? componentDef(c.kind, c.type ?? "");
      if (!def) throw new Error(`topologyOf: unknown ${c.kind} type "${c.type}"`);
      return {
        name: c.name,
        kind: c.kind,
        type: def.type,
        inputs: (c.inputs ?? []).map(parseInputRef),
        config: def.config.parse(c.config ?? {}),
        def,
      };
    }),
  };
}
