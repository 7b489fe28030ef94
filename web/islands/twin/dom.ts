/**
 * The few browser types the twin island touches, declared here instead of
 * `/// <reference lib="dom" />` (which would change the global types of the
 * whole program under `deno check .`; see web/static/dom.ts).
 */

/** The fields of keyboard, pointer and wheel events the twin reads. */
export interface InputEvent {
  code?: string;
  clientX?: number;
  clientY?: number;
  movementX?: number;
  movementY?: number;
  deltaY?: number;
  pointerId?: number;
  button?: number;
  preventDefault(): void;
}

/** An element as far as the twin uses one. */
export interface Elem {
  readonly clientWidth: number;
  readonly clientHeight: number;
  textContent: string | null;
  addEventListener(type: string, listener: (e: InputEvent) => void, opts?: object): void;
  removeEventListener(type: string, listener: (e: InputEvent) => void): void;
  setPointerCapture?(id: number): void;
  focus?(): void;
}

/** A 2D canvas (for label textures). */
export interface Canvas2d {
  width: number;
  height: number;
  getContext(kind: "2d"): Ctx2d | null;
}

/** The 2D context calls the labels use. */
export interface Ctx2d {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  fill(): void;
}

interface Doc {
  getElementById(id: string): Elem | null;
  createElement(tag: "canvas"): Canvas2d;
  addEventListener(type: string, listener: (e: InputEvent) => void): void;
  removeEventListener(type: string, listener: (e: InputEvent) => void): void;
  pointerLockElement: unknown;
}

interface Win {
  readonly devicePixelRatio: number;
  requestAnimationFrame(cb: (ms: number) => void): number;
  cancelAnimationFrame(id: number): void;
  addEventListener(type: string, listener: (e: InputEvent) => void): void;
  removeEventListener(type: string, listener: (e: InputEvent) => void): void;
}

/** The page's document and window (typed as above). */
export const doc = (globalThis as unknown as { document: Doc }).document;
export const win = globalThis as unknown as Win;

/** Publishes a value on `window` under `name` (the test hook). */
export function publish(name: string, value: unknown): void {
  (globalThis as unknown as Record<string, unknown>)[name] = value;
}
