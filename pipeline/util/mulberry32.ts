/**
 * mulberry32: a tiny seeded generator of uniform numbers in [0, 1), for
 * training code and tests that must repeat exactly for a seed.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "./mulberry32.ts";
 * const r = mulberry32(42);
 * r() === mulberry32(42)(); // true
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
