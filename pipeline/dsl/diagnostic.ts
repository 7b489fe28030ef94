/**
 * Diagnostics: what topology validation says about a file. Every stage appends
 * to one {@link Diagnostics} list so that all problems are reported together,
 * each with the file, line and column of the offending value.
 */

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  file: string;
  /** Component the diagnostic is about, when it is about one. */
  component?: string;
  /** Path of the offending value inside the document, e.g. `["transforms", "win", "size"]`. */
  path: (string | number)[];
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/**
 * `file:line:col: message` (warnings get `warning: ` before the message).
 *
 * @example
 * ```ts
 * import { formatDiagnostic } from "./diagnostic.ts";
 * formatDiagnostic({
 *   severity: "error", file: "t.yaml", path: ["name"], line: 2, column: 7, message: "expected a string",
 * }); // "t.yaml:2:7: expected a string"
 * ```
 */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === "warning" ? "warning: " : "";
  return `${d.file}:${d.line}:${d.column}: ${prefix}${d.message}`;
}

/** Orders diagnostics by file, line, column (stable otherwise). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** Position and context of one diagnostic, minus what the collector knows. */
export interface DiagnosticInit {
  severity?: Severity;
  component?: string;
  path?: (string | number)[];
  line: number;
  column: number;
  message: string;
  /** Defaults to the collector's file. */
  file?: string;
}

/**
 * Collects diagnostics for one file.
 *
 * @example
 * ```ts
 * import { Diagnostics } from "./diagnostic.ts";
 * const d = new Diagnostics("t.yaml");
 * d.error({ line: 1, column: 1, message: "missing version" });
 * d.hasErrors(); // true
 * d.format(); // ["t.yaml:1:1: missing version"]
 * ```
 */
export class Diagnostics {
  readonly file: string;
  readonly #list: Diagnostic[] = [];

  constructor(file: string) {
    this.file = file;
  }

  add(init: DiagnosticInit): void {
    const d: Diagnostic = {
      severity: init.severity ?? "error",
      file: init.file ?? this.file,
      path: init.path ?? [],
      line: init.line,
      column: init.column,
      message: init.message,
    };
    if (init.component !== undefined) d.component = init.component;
    this.#list.push(d);
  }

  error(init: Omit<DiagnosticInit, "severity">): void {
    this.add({ ...init, severity: "error" });
  }

  warning(init: Omit<DiagnosticInit, "severity">): void {
    this.add({ ...init, severity: "warning" });
  }

  hasErrors(): boolean {
    return this.#list.some((d) => d.severity === "error");
  }

  get errorCount(): number {
    return this.#list.filter((d) => d.severity === "error").length;
  }

  /** All diagnostics, sorted by position. */
  list(): Diagnostic[] {
    return [...this.#list].sort(compareDiagnostics);
  }

  format(): string[] {
    return this.list().map(formatDiagnostic);
  }
}

/** The errors of a topology that did not load, as an exception (see `requireTopology`). */
export class TopologyError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(
      `Cannot load topology: ${errors.length} error(s)\n` + errors.map(formatDiagnostic).join("\n"),
    );
    this.name = "TopologyError";
    this.diagnostics = diagnostics;
  }
}
