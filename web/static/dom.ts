/**
 * The few DOM types the browser scripts use, declared here instead of
 * `/// <reference lib="dom" />`: a DOM lib reference would change the global
 * types of the whole program when `deno check .` checks server and browser
 * code together. Only what the scripts touch is declared.
 */

export interface El {
  textContent: string | null;
  className: string;
  innerHTML: string;
  dataset: Record<string, string | undefined>;
  readonly children: { readonly length: number };
  readonly lastElementChild: El | null;
  querySelector(selector: string): El | null;
  append(...nodes: El[]): void;
  prepend(...nodes: El[]): void;
  insertBefore(node: El, before: El | null): void;
  remove(): void;
  addEventListener(type: string, listener: () => void): void;
}

export interface Row extends El {
  readonly cells: ArrayLike<El>;
}

export interface Body extends El {
  readonly rows: ArrayLike<Row>;
}

interface Doc {
  querySelector(selector: string): El | null;
  getElementById(id: string): El | null;
  createElement(tag: string): El;
}

/** The page's document. */
export const doc = (globalThis as unknown as { document: Doc }).document;

/** The element with this id; throws naming it when the page lacks it. */
export function byId(id: string): El {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`Cannot find element #${id} on the page`);
  return el;
}

/** `CSS.escape` for attribute selectors. */
export function cssEscape(s: string): string {
  return (globalThis as unknown as { CSS: { escape(s: string): string } }).CSS.escape(s);
}
