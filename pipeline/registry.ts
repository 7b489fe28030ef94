/** Every component type sluice knows, by `type` tag. */
import type { AnyComponentDef, ComponentKind } from "./engine/component.ts";
import { components as sources } from "./sources/mod.ts";
import { components as transforms } from "./transforms/mod.ts";
import { components as windows } from "./windows/mod.ts";
import { components as detectors } from "./detectors/mod.ts";
import { components as rul } from "./rul/mod.ts";
import { components as sinks } from "./sinks/mod.ts";

export const ALL_COMPONENTS: AnyComponentDef[] = [
  ...sources,
  ...transforms,
  ...windows,
  ...detectors,
  ...rul,
  ...sinks,
];

const byKindAndType = new Map<string, AnyComponentDef>(
  ALL_COMPONENTS.map((d) => [`${d.kind}:${d.type}`, d]),
);

/** The definition for a `type` under `sources`/`transforms`/`sinks`, if any. */
export function componentDef(kind: ComponentKind, type: string): AnyComponentDef | undefined {
  return byKindAndType.get(`${kind}:${type}`);
}

export function componentTypes(kind: ComponentKind): string[] {
  return ALL_COMPONENTS.filter((d) => d.kind === kind).map((d) => d.type).sort();
}
