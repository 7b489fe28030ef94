/**
 * Stage 1: read `sources`, `transforms` and `sinks` into draft components —
 * names, `type` looked up in the registry, `inputs` kept as strings, and the
 * component's own options validated by its zod schema.
 */
import type { ComponentKind } from "../engine/component.ts";
import { parseInputRef } from "../engine/topology.ts";
import {
  describeComponent,
  type DraftComponent,
  type DraftInput,
  isRecord,
  type LoadContext,
  typeName,
} from "./context.ts";
import { KIND_OF, SECTION_OF } from "./lookup.ts";
import { didYouMean } from "./suggest.ts";
import { explainIssues } from "./zod_issues.ts";

export const SECTIONS = ["sources", "transforms", "sinks"] as const;

/** Component names: snake_case identifiers (a dot would clash with `name.port`). */
export const NAME_RE = /^[a-z][a-z0-9_]*$/;
const INPUT_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;
const SHARED = new Set(["type", "inputs"]);

/** Reads every component of the three sections, reporting problems as it goes. */
export function readComponents(ctx: LoadContext, root: Record<string, unknown>): DraftComponent[] {
  const out: DraftComponent[] = [];
  const seen = new Map<string, DraftComponent>();
  for (const section of SECTIONS) {
    const value = root[section];
    if (value === undefined || value === null) continue;
    if (!isRecord(value)) {
      ctx.report(
        [section],
        `"${section}" must be a map of component name to component, got ${typeName(value)}`,
      );
      continue;
    }
    for (const [name, body] of Object.entries(value)) {
      const kind = KIND_OF[section];
      const path = [section, name];
      if (!NAME_RE.test(name)) {
        ctx.report(
          path,
          `component name "${name}" must be a snake_case identifier (a-z, 0-9, _; starting with a letter)`,
          { at: "key", component: name },
        );
      }
      const first = seen.get(name);
      if (first) {
        const at = ctx.locate(first.path, "key");
        ctx.report(
          path,
          `duplicate component name "${name}": already defined as a ${first.kind} at line ${at.line}`,
          { at: "key", component: name },
        );
        continue;
      }
      const draft = readComponent(ctx, kind, name, path, body);
      draft.order = out.length;
      seen.set(name, draft);
      out.push(draft);
    }
  }
  return out;
}

function readComponent(
  ctx: LoadContext,
  kind: ComponentKind,
  name: string,
  path: (string | number)[],
  body: unknown,
): DraftComponent {
  const draft: DraftComponent = { name, kind, path, order: 0, configOk: false, inputs: [] };
  const who = () => describeComponent(draft);
  if (!isRecord(body)) {
    ctx.report(path, `${who()} must be a map with at least "type", got ${typeName(body)}`, {
      component: name,
    });
    return draft;
  }
  readType(ctx, draft, body);
  readInputs(ctx, draft, body);
  if (!draft.def) return draft;

  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!SHARED.has(k)) options[k] = v;
  draft.options = options;
  let result;
  try {
    result = draft.def.config.safeParse(options, { reportInput: true });
  } catch (e) {
    ctx.report(path, `${who()}: its options could not be checked: ${(e as Error).message}`, {
      at: "key",
      component: name,
    });
    return draft;
  }
  if (result.success) {
    draft.config = result.data;
    draft.configOk = true;
    return draft;
  }
  const problems = explainIssues(
    draft.def.config,
    result.error.issues,
    (p) => ctx.src.has([...path, ...p]),
  );
  for (const p of problems) {
    ctx.report([...path, ...p.path], `${who()}: ${p.message}`, {
      component: name,
      at: p.kind === "unknown" ? "key" : p.kind === "missing" ? "missing" : "value",
    });
  }
  return draft;
}

function readType(ctx: LoadContext, draft: DraftComponent, body: Record<string, unknown>): void {
  const { kind, name, path } = draft;
  const known = ctx.lookup.componentTypes(kind);
  const knownList = known.length > 0
    ? `known ${kind} types: ${known.join(", ")}`
    : `no ${kind} types are registered`;
  const type = body.type;
  if (type === undefined || type === null) {
    ctx.report([...path, "type"], `${describeComponent(draft)} has no "type"; ${knownList}`, {
      at: "missing",
      component: name,
    });
    return;
  }
  if (typeof type !== "string") {
    ctx.report(
      [...path, "type"],
      `${describeComponent(draft)}: "type" must be a string, got ${typeName(type)}`,
      {
        component: name,
      },
    );
    return;
  }
  draft.type = type;
  draft.def = ctx.lookup.componentDef(kind, type);
  if (draft.def) return;
  const elsewhere = (["source", "transform", "sink"] as const).find((k) =>
    k !== kind && ctx.lookup.componentDef(k, type)
  );
  const hint = elsewhere
    ? `; "${type}" is a ${elsewhere} type, declare it under "${SECTION_OF[elsewhere]}"`
    : `${didYouMean(type, known)} (${knownList})`;
  ctx.report([...path, "type"], `unknown ${kind} type "${type}" for "${name}"${hint}`, {
    component: name,
  });
}

function readInputs(ctx: LoadContext, draft: DraftComponent, body: Record<string, unknown>): void {
  const { kind, name, path } = draft;
  const inputsPath = [...path, "inputs"];
  const inputs = body.inputs;
  if (kind === "source") {
    if (inputs !== undefined) {
      ctx.report(inputsPath, `source "${name}" cannot have inputs; sources only produce records`, {
        at: "key",
        component: name,
      });
    }
    return;
  }
  if (inputs === undefined || inputs === null) {
    ctx.report(
      inputsPath,
      `${
        describeComponent(draft)
      } is missing "inputs": list the components it reads, e.g. inputs: [clean]`,
      { at: "missing", component: name },
    );
    return;
  }
  if (!Array.isArray(inputs)) {
    ctx.report(
      inputsPath,
      `"inputs" of ${kind} "${name}" must be a list like [clean, clean.dlq], got ${
        typeName(inputs)
      }`,
      {
        component: name,
      },
    );
    return;
  }
  if (inputs.length === 0) {
    ctx.report(inputsPath, `"inputs" of ${kind} "${name}" is empty; list at least one component`, {
      component: name,
    });
  }
  const seen = new Set<string>();
  inputs.forEach((raw, i) => {
    const itemPath = [...inputsPath, i];
    if (typeof raw !== "string" || !INPUT_RE.test(raw)) {
      ctx.report(
        itemPath,
        `input of ${kind} "${name}" must be a component name or "name.port" (e.g. clean, clean.dlq), got ${
          typeof raw === "string" ? JSON.stringify(raw) : typeName(raw)
        }`,
        { component: name },
      );
      return;
    }
    if (seen.has(raw)) {
      ctx.warn(itemPath, `input "${raw}" of ${kind} "${name}" is listed twice`, {
        component: name,
      });
      return;
    }
    seen.add(raw);
    const input: DraftInput = { raw, ref: parseInputRef(raw), path: itemPath };
    draft.inputs.push(input);
  });
}
