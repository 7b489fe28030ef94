/**
 * Turns zod issues into plain-language problems with a path into the YAML:
 * "unknown option", "missing option" or "bad value", each quoting the value.
 */
import type { z } from "zod";
import { didYouMean } from "./suggest.ts";

export interface OptionProblem {
  kind: "unknown" | "missing" | "value";
  /** Path relative to the validated object. */
  path: (string | number)[];
  message: string;
}

type Issue = z.core.$ZodIssue & { input?: unknown };
// deno-lint-ignore no-explicit-any
type AnySchema = any;

/** Renders a value for a message: strings quoted, objects as JSON, cut at 60 characters. */
export function show(v: unknown): string {
  let s: string;
  if (v === undefined) return "nothing";
  try {
    s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/** `a.b[2].c` */
export function dotted(path: readonly (string | number)[]): string {
  let s = "";
  for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : (s ? "." : "") + seg;
  return s;
}

/**
 * Validates `value` with `schema` (reporting inputs) and explains every issue.
 * `has(path)` says whether the path exists in the source, to tell "missing" from "null".
 */
export function explainIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  has: (path: (string | number)[]) => boolean,
  noun = "option",
): OptionProblem[] {
  const out: OptionProblem[] = [];
  const reported = new Set<string>();
  for (const raw of issues) {
    const issue = raw as Issue;
    const path = issue.path.map((p) => typeof p === "symbol" ? String(p) : p);
    // One problem per value: later checks on a value that already failed add only noise.
    const key = JSON.stringify(path);
    if (issue.code !== "unrecognized_keys") {
      if (reported.has(key)) continue;
      reported.add(key);
    }
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        out.push({
          kind: "unknown",
          path: [...path, key],
          message: `unknown ${noun} "${dotted([...path, key])}"${didYouMean(key, known)}` +
            (known.length > 0 && known.length <= 12 ? ` (${noun}s: ${known.join(", ")})` : ""),
        });
      }
      continue;
    }
    if (issue.input === undefined && !has(path)) {
      out.push({
        kind: "missing",
        path,
        message: `missing ${noun} "${dotted(path)}" (${expected(issue)})`,
      });
      continue;
    }
    out.push({
      kind: "value",
      path,
      message: path.length > 0
        ? `${noun} "${dotted(path)}": ${valueMessage(issue)}`
        : valueMessage(issue),
    });
  }
  return out;
}

function expected(issue: Issue): string {
  if (issue.code === "invalid_type") return `expected ${issue.expected}`;
  if (issue.code === "invalid_value") return valueMessage(issue).replace(/, got nothing$/, "");
  const alts = unionTypes(issue);
  if (alts) return `expected ${alts}`;
  return issue.message.replace(/, got nothing$/, "");
}

/** `string or array` when every branch of a union failed on the type alone. */
function unionTypes(issue: Issue & { errors?: Issue[][] }): string | undefined {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return undefined;
  if (!issue.message.startsWith("Invalid input")) return undefined;
  const types: string[] = [];
  for (const errs of issue.errors) {
    const e = errs[0];
    if (errs.length !== 1 || e.code !== "invalid_type" || e.path.length > 0) return undefined;
    types.push(e.expected);
  }
  return types.join(" or ");
}

/** The message for a bad value, always naming the value. */
export function valueMessage(issue: Issue): string {
  const got = `got ${show(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "never"
        ? `not allowed here, ${got}`
        : `expected ${issue.expected}, ${got}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `expected ${show(issue.values[0])}, ${got}`
        : `expected one of ${issue.values.map(show).join(", ")}, ${got}`;
    case "too_small":
    case "too_big":
      return `${bound(issue)}, ${got}`;
    case "invalid_union": {
      const branch = bestBranch(issue);
      if (branch) return valueMessage(branch);
      const alts = unionTypes(issue);
      if (alts) return `expected ${alts}, ${got}`;
      return withGot(issue.message, got);
    }
    default:
      return withGot(issue.message.replace(/^Invalid input: /, ""), got);
  }
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const word = small ? "at least" : "at most";
  switch (issue.origin) {
    case "array":
    case "set":
      return `expected ${word} ${limit} item${limit === 1 ? "" : "s"}`;
    case "string":
      return `expected ${word} ${limit} character${limit === 1 ? "" : "s"}`;
    case "number":
    case "int":
    case "bigint":
    case "date":
      return `expected a value ${
        small ? (inclusive ? "≥" : ">") : (inclusive ? "≤" : "<")
      } ${limit}`;
    default:
      return issue.message;
  }
}

function withGot(message: string, got: string): string {
  return /\bgot\b/.test(message) ? message : `${message}, ${got}`;
}

/** Of a union's failed branches, the one that got furthest (matched the type), if clear. */
function bestBranch(issue: Issue & { errors?: Issue[][] }): Issue | undefined {
  if (!issue.message.startsWith("Invalid input") || !issue.errors) return undefined;
  const typed = issue.errors.filter((errs) => !errs.every((e) => e.code === "invalid_type"));
  if (typed.length !== 1 || typed[0].length === 0) return undefined;
  return { ...typed[0][0], input: typed[0][0].input ?? issue.input } as Issue;
}

/** The option names of the object schema found at `path` inside `schema`. */
export function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let s: AnySchema = unwrap(schema);
  for (const seg of path) {
    if (!s) return [];
    const def = s._zod?.def;
    if (def?.type === "object" && typeof seg === "string") s = unwrap(def.shape[seg]);
    else if (def?.type === "array" && typeof seg === "number") s = unwrap(def.element);
    else if (def?.type === "record") s = unwrap(def.valueType);
    else return [];
  }
  const def = s?._zod?.def;
  if (def?.type === "object") return Object.keys(def.shape);
  if (def?.type === "union") {
    const keys = new Set<string>();
    for (const o of def.options) {
      const od = unwrap(o)?._zod?.def;
      if (od?.type === "object") { for (const k of Object.keys(od.shape)) keys.add(k); }
    }
    return [...keys];
  }
  return [];
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; s && i < 16; i++) {
    const def = s._zod?.def;
    if (!def) return s;
    if (def.innerType) s = def.innerType;
    else if (def.type === "pipe") s = def.in;
    else if (def.type === "lazy") s = def.getter();
    else return s;
  }
  return s;
}
