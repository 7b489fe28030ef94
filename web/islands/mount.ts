/// <reference lib="dom" />
/**
 * Browser side of an island: finds the mount element rendered by `Island()`
 * (web/components/island.ts) and parses its JSON props.
 */

export interface IslandRoot<P> {
  el: HTMLElement;
  props: P;
}

/**
 * @example
 * ```ts
 * const { el, props } = islandRoot<{ machines: string[] }>("Dashboard");
 * render(() => h(App, props), el);
 * ```
 */
export function islandRoot<P>(name: string): IslandRoot<P> {
  const el = document.getElementById(`island-${name}`);
  const json = document.getElementById(`island-${name}-props`);
  if (!el || !json) {
    throw new Error(`Cannot mount island "${name}": its element is not on the page`);
  }
  el.textContent = "";
  return { el, props: JSON.parse(json.textContent || "null") as P };
}
