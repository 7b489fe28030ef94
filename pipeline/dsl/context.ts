/**
 * What every validation stage shares: the positioned source, the diagnostics
 * list and the component lookup, plus helpers to report at a YAML path.
 */
import type { AnyComponentDef, ComponentKind } from "../engine/component.ts";
import type { InputRef } from "../engine/topology.ts";
import type { Diagnostics, Severity } from "./diagnostic.ts";
import type { ComponentLookup } from "./lookup.ts";
import type { Position, YamlSource } from "./yaml_source.ts";

export type Path = (string | number)[];

/** Where in the source a report points: the value (default), its key, or where it is missing. */
export type Anchor = "value" | "key" | "missing";

export interface ReportOptions {
  component?: string;
  at?: Anchor;
  severity?: Severity;
}

/** One component as read from the file, before the graph is resolved. */
export interface DraftComponent {
  name: string;
  kind: ComponentKind;
  /** `[section, name]`. */
  path: Path;
  /** Declaration index across sections (sources, transforms, sinks). */
  order: number;
  type?: string;
  def?: AnyComponentDef;
  /** Own options as written (everything but `type` and `inputs`). */
  options?: Record<string, unknown>;
  /** Parsed own options, when they validated. */
  config?: unknown;
  configOk: boolean;
  inputs: DraftInput[];
}

export interface DraftInput {
  raw: string;
  ref: InputRef;
  path: Path;
}

export class LoadContext {
  readonly src: YamlSource;
  readonly diags: Diagnostics;
  readonly lookup: ComponentLookup;

  constructor(src: YamlSource, diags: Diagnostics, lookup: ComponentLookup) {
    this.src = src;
    this.diags = diags;
    this.lookup = lookup;
  }

  /** Where a report about `path` points. */
  locate(path: Path, at: Anchor = "value"): Position {
    if (at === "key") return this.src.keyPosition(path);
    if (at === "missing") {
      let p = path;
      while (p.length > 0 && !this.src.has(p)) p = p.slice(0, -1);
      return p.length > 0 ? this.src.keyPosition(p) : { line: 1, column: 1 };
    }
    return this.src.position(path);
  }

  report(path: Path, message: string, opts: ReportOptions = {}): void {
    const { line, column } = this.locate(path, opts.at);
    this.diags.add({
      severity: opts.severity ?? "error",
      component: opts.component,
      path,
      line,
      column,
      message,
    });
  }

  warn(path: Path, message: string, opts: ReportOptions = {}): void {
    this.report(path, message, { ...opts, severity: "warning" });
  }
}

/** `transform "win" (window)` — how messages name a component. */
export function describeComponent(c: { kind: ComponentKind; name: string; type?: string }): string {
  return `${c.kind} "${c.name}"${c.type ? ` (${c.type})` : ""}`;
}

/** Plain JS objects only (not arrays, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `number`, `string`, `list`, `map`, `null`… for "expected X, got Y" messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}
