/**
 * Camera control of the twin. Two modes:
 * - `overview` (default, no pointer lock needed): the camera circles the
 *   floor slowly; dragging turns and tilts it, the wheel zooms.
 * - `walk`: first person with three's PointerLockControls — mouse look,
 *   WASD (or arrows) to move at eye height, Esc leaves (back to overview
 *   from where you stand).
 */
import * as THREE from "three";
import { PointerLockControls } from "three/examples/jsm/controls/PointerLockControls.js";
import { doc, type Elem, type InputEvent } from "./dom.ts";
import { FLOOR_D, FLOOR_W } from "./floor.ts";

const EYE_M = 1.7;
const WALK_M_S = 4.5;
const TARGET = new THREE.Vector3(0, 1.6, 0);

export type CameraMode = "overview" | "walk";

/** Drives `camera` from the input on `element`; call {@link CameraControls.update} every frame. */
export class CameraControls {
  mode: CameraMode = "overview";
  #camera: THREE.PerspectiveCamera;
  #lock: PointerLockControls;
  #keys = new Set<string>();
  #azimuth = 0.35;
  #elevation = 0.42;
  #radius = 15;
  #drag: { x: number; y: number } | undefined;
  #userTurned = false;
  #off: (() => void)[] = [];

  /** `onMode` hears every mode change (for the "click to walk" overlay). */
  constructor(camera: THREE.PerspectiveCamera, element: Elem, onMode: (m: CameraMode) => void) {
    this.#camera = camera;
    this.#lock = new PointerLockControls(camera, element);
    this.#lock.addEventListener("lock", () => {
      this.mode = "walk";
      this.#camera.position.y = EYE_M;
      onMode("walk");
    });
    this.#lock.addEventListener("unlock", () => {
      this.#fromCamera();
      this.mode = "overview";
      this.#keys.clear();
      onMode("overview");
    });
    const on = (target: Elem | typeof doc, type: string, fn: (e: InputEvent) => void) => {
      target.addEventListener(type, fn);
      this.#off.push(() => target.removeEventListener(type, fn));
    };
    on(doc, "keydown", (e) => e.code && this.#keys.add(e.code));
    on(doc, "keyup", (e) => e.code && this.#keys.delete(e.code));
    on(element, "pointerdown", (e) => {
      if (this.mode !== "overview") return;
      this.#drag = { x: e.clientX ?? 0, y: e.clientY ?? 0 };
      if (e.pointerId !== undefined) element.setPointerCapture?.(e.pointerId);
    });
    on(element, "pointermove", (e) => {
      if (!this.#drag || this.mode !== "overview") return;
      const x = e.clientX ?? 0, y = e.clientY ?? 0;
      this.#azimuth -= (x - this.#drag.x) * 0.006;
      this.#elevation = clamp(this.#elevation + (y - this.#drag.y) * 0.004, 0.08, 1.35);
      this.#drag = { x, y };
      this.#userTurned = true;
    });
    on(element, "pointerup", () => this.#drag = undefined);
    on(element, "wheel", (e) => {
      e.preventDefault();
      this.#radius = clamp(this.#radius + (e.deltaY ?? 0) * 0.01, 5, 32);
    });
    this.update(0);
  }

  /** Enters walk mode (asks for pointer lock; the browser may refuse). */
  walk(): void {
    this.#lock.lock();
  }

  /** Moves the camera by `dt` seconds of input. */
  update(dt: number): void {
    const cam = this.#camera;
    if (this.mode === "walk") {
      const k = this.#keys;
      const fwd = (k.has("KeyW") || k.has("ArrowUp") ? 1 : 0) -
        (k.has("KeyS") || k.has("ArrowDown") ? 1 : 0);
      const right = (k.has("KeyD") || k.has("ArrowRight") ? 1 : 0) -
        (k.has("KeyA") || k.has("ArrowLeft") ? 1 : 0);
      const step = WALK_M_S * dt * (k.has("ShiftLeft") ? 2 : 1);
      if (fwd) this.#lock.moveForward(fwd * step);
      if (right) this.#lock.moveRight(right * step);
      cam.position.x = clamp(cam.position.x, -FLOOR_W / 2 + 1, FLOOR_W / 2 - 1);
      cam.position.z = clamp(cam.position.z, -FLOOR_D / 2 + 1, FLOOR_D / 2 - 1);
      cam.position.y = EYE_M;
      return;
    }
    if (!this.#drag && !this.#userTurned) this.#azimuth += dt * 0.05;
    const r = this.#radius;
    cam.position.set(
      TARGET.x + r * Math.sin(this.#azimuth) * Math.cos(this.#elevation),
      TARGET.y + r * Math.sin(this.#elevation),
      TARGET.z + r * Math.cos(this.#azimuth) * Math.cos(this.#elevation),
    );
    cam.lookAt(TARGET);
  }

  /** Overview parameters that keep the camera roughly where walking left it. */
  #fromCamera(): void {
    const p = this.#camera.position;
    this.#azimuth = Math.atan2(p.x - TARGET.x, p.z - TARGET.z);
    this.#radius = clamp(Math.hypot(p.x - TARGET.x, p.z - TARGET.z), 5, 32);
    this.#elevation = 0.3;
    this.#userTurned = true;
  }

  dispose(): void {
    for (const off of this.#off) off();
    this.#lock.dispose();
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
