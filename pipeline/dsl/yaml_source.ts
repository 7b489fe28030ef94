/**
 * A parsed YAML document that remembers where every node came from, so that
 * any path into the data (`["transforms", "win", "size"]`) maps back to a line
 * and column of the source text.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
} from "yaml";

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A key that appeared twice in one mapping (the second occurrence). */
export interface DuplicateKey {
  /** Path of the mapping holding the key. */
  path: (string | number)[];
  key: string;
  at: Position;
  first: Position;
}

export interface YamlProblem {
  message: string;
  at: Position;
}

const MAX_DEPTH = 64;

/**
 * Parses YAML keeping positions.
 *
 * @example
 * ```ts
 * import { YamlSource } from "./yaml_source.ts";
 * const src = new YamlSource("a:\n  b: [1, 2]\n");
 * src.value; // { a: { b: [1, 2] } }
 * src.position(["a", "b", 1]); // { line: 2, column: 10 }
 * ```
 */
export class YamlSource {
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** Syntax errors (the document is not trustworthy when there are any). */
  readonly syntaxErrors: YamlProblem[] = [];
  /** Unresolved aliases, non-scalar keys and the like. */
  readonly problems: YamlProblem[] = [];
  readonly warnings: YamlProblem[] = [];
  readonly duplicates: DuplicateKey[] = [];
  /** The document as plain data; for duplicate keys the first occurrence wins. */
  readonly value: unknown;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: false,
    });
    for (const e of this.doc.errors) {
      this.syntaxErrors.push({ message: firstLine(e.message), at: this.#at(e.pos[0]) });
    }
    for (const w of this.doc.warnings) {
      this.warnings.push({ message: firstLine(w.message), at: this.#at(w.pos[0]) });
    }
    this.value = this.syntaxErrors.length > 0
      ? undefined
      : this.#toJS(this.doc.contents as Node | null, [], 0);
  }

  /** Position of the value at `path`; of its key when the value is empty; else of the nearest ancestor. */
  position(path: readonly (string | number)[]): Position {
    const { node, key } = this.#find(path);
    if (node && !isEmpty(node) && node.range) return this.#at(node.range[0]);
    if (key?.range) return this.#at(key.range[0]);
    if (node?.range) return this.#at(node.range[0]);
    return { line: 1, column: 1 };
  }

  /** Position of the key of the last path segment (falls back to {@link position}). */
  keyPosition(path: readonly (string | number)[]): Position {
    const { key, depth } = this.#find(path);
    if (depth === path.length && key?.range) return this.#at(key.range[0]);
    return this.position(path);
  }

  /** Whether `path` names an existing node. */
  has(path: readonly (string | number)[]): boolean {
    return this.#find(path).depth === path.length;
  }

  /** The deepest node along `path`, its key, and how many segments matched. */
  #find(path: readonly (string | number)[]): { node?: Node; key?: Node; depth: number } {
    let node = this.#resolve(this.doc.contents as Node | null);
    let key: Node | undefined;
    let depth = 0;
    for (const seg of path) {
      if (!node) break;
      let next: Node | undefined;
      let nextKey: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyString(p.key) === String(seg));
        if (!pair) break;
        nextKey = pair.key as Node;
        next = this.#resolve(pair.value as Node | null) ?? undefined;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg] as Node | undefined;
        if (item === undefined) break;
        next = this.#resolve(item) ?? undefined;
      } else break;
      depth++;
      key = nextKey;
      if (!next) return { key, depth };
      node = next;
    }
    return { node: node ?? undefined, key, depth };
  }

  #resolve(node: Node | null | undefined): Node | undefined {
    let n = node ?? undefined;
    for (let i = 0; n && isAlias(n) && i < MAX_DEPTH; i++) n = n.resolve(this.doc) as Node;
    return n && isAlias(n) ? undefined : n;
  }

  #at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  #toJS(node: Node | null, path: (string | number)[], depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) {
      this.problems.push({ message: "document nests too deeply", at: this.#nodeAt(node) });
      return null;
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (!target) {
        this.problems.push({
          message: `unknown alias "*${node.source}" (define the anchor "&${node.source}" first)`,
          at: this.#nodeAt(node),
        });
        return null;
      }
      return this.#toJS(target, path, depth + 1);
    }
    if (isScalar(node)) return (node as Scalar).value;
    if (isSeq(node)) {
      return node.items.map((item, i) => this.#toJS(item as Node, [...path, i], depth + 1));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (keyNode && !isScalar(keyNode)) {
          this.problems.push({
            message: "mapping keys must be plain names",
            at: this.#nodeAt(keyNode),
          });
          continue;
        }
        const key = keyString(keyNode);
        const first = seen.get(key);
        if (first) {
          this.duplicates.push({
            path,
            key,
            at: this.#nodeAt(keyNode ?? node),
            first: this.#nodeAt(first),
          });
          continue;
        }
        seen.set(key, keyNode ?? node);
        Object.defineProperty(out, key, {
          value: this.#toJS(pair.value as Node | null, [...path, key], depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return null;
  }

  #nodeAt(node: Node): Position {
    return node.range ? this.#at(node.range[0]) : { line: 1, column: 1 };
  }
}

function keyString(key: unknown): string {
  if (key === null || key === undefined) return "";
  if (isScalar(key)) return String((key as Scalar).value);
  return String(key);
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && (node as Scalar).value === null &&
    (node.range ? node.range[0] === node.range[1] : true);
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
