/**
 * A checked topology: what the DSL produces and the engine runs. Inputs are
 * resolved to (component, port) pairs; configs are already parsed by each
 * component's zod schema.
 */
import type { AnyComponentDef, ComponentKind } from "./component.ts";
import type { Reading } from "./record.ts";

/** `clean.dlq` → { component: "clean", port: "dlq" }; `clean` → port "out". */
export interface InputRef {
  component: string;
  port: string;
}

export interface ComponentSpec {
  name: string;
  kind: ComponentKind;
  type: string;
  inputs: InputRef[];
  /** Parsed own options. */
  config: unknown;
  def: AnyComponentDef;
}

/** One `tests:` entry (SPEC §3), with its input already loaded. */
export interface TopologyTest {
  name: string;
  /** Recorded readings piped in place of the topology's sources. */
  input: Reading[];
  /** Components the input is inserted at: default, every component fed by a source. */
  insertAt?: string[];
  expect: TestExpectation[];
}

export interface TestExpectation {
  /** Component (optionally `name.port`) whose output is checked. */
  output: string;
  /** Some record contains all these fields (deep partial match). */
  contains?: Record<string, unknown>;
  /** No record contains all these fields. */
  not_contains?: Record<string, unknown>;
  /** Count bounds over matching records (matching `where`, or all). */
  where?: Record<string, unknown>;
  count?: { min?: number; max?: number; eq?: number };
}

export interface Topology {
  version: 1;
  name: string;
  /** Worker threads for keyed transforms; 0 runs everything inline (tests). */
  workers?: number;
  components: ComponentSpec[];
  tests: TopologyTest[];
  /** File it came from, for messages and relative paths. */
  file?: string;
}

export function parseInputRef(s: string): InputRef {
  const dot = s.lastIndexOf(".");
  if (dot > 0) return { component: s.slice(0, dot), port: s.slice(dot + 1) };
  return { component: s, port: "out" };
}

export function formatInputRef(r: InputRef): string {
  return r.port === "out" ? r.component : `${r.component}.${r.port}`;
}
