/**
 * How the DSL finds component definitions. The default is the real registry;
 * tests pass a lookup over a few fake definitions instead.
 */
import type { AnyComponentDef, ComponentKind } from "../engine/component.ts";

export interface ComponentLookup {
  /** The definition for a `type` under `sources`/`transforms`/`sinks`, if any. */
  componentDef(kind: ComponentKind, type: string): AnyComponentDef | undefined;
  /** Known types of one kind, sorted. */
  componentTypes(kind: ComponentKind): string[];
}

/** The section of a topology file holding components of `kind`. */
export const SECTION_OF: Record<ComponentKind, "sources" | "transforms" | "sinks"> = {
  source: "sources",
  transform: "transforms",
  sink: "sinks",
};

export const KIND_OF: Record<string, ComponentKind> = {
  sources: "source",
  transforms: "transform",
  sinks: "sink",
};

/**
 * A lookup over a fixed list of definitions.
 *
 * @example
 * ```ts
 * import { lookupOf } from "./lookup.ts";
 * const lookup = lookupOf([]);
 * lookup.componentTypes("source"); // []
 * ```
 */
export function lookupOf(defs: readonly AnyComponentDef[]): ComponentLookup {
  const byKey = new Map(defs.map((d) => [`${d.kind}:${d.type}`, d]));
  return {
    componentDef: (kind, type) => byKey.get(`${kind}:${type}`),
    componentTypes: (kind) => defs.filter((d) => d.kind === kind).map((d) => d.type).sort(),
  };
}

/** The real registry (imported lazily so that tests with fake definitions do not load it). */
export async function defaultLookup(): Promise<ComponentLookup> {
  const { componentDef, componentTypes } = await import("../registry.ts");
  return { componentDef, componentTypes };
}

/** Every definition of the real registry. */
export async function allComponents(): Promise<AnyComponentDef[]> {
  const { ALL_COMPONENTS } = await import("../registry.ts");
  return ALL_COMPONENTS;
}
