/**
 * Spark particles thrown from a rig's rotor while it is anomalous: a fixed
 * pool of points, each respawned at the emitter with a random outward
 * velocity, pulled down by gravity and fading as it ages.
 */
import * as THREE from "three";

const COUNT = 90;
const LIFE_S = 0.9;
const GRAVITY = -6;

/** A pool of spark points; add `points` to the scene, call `update` each frame. */
export class Sparks {
  readonly points: THREE.Points;
  #pos: Float32Array;
  #vel = new Float32Array(COUNT * 3);
  #age = new Float32Array(COUNT).fill(LIFE_S);
  #material: THREE.PointsMaterial;

  constructor(color: number) {
    this.#pos = new Float32Array(COUNT * 3);
    const geom = new THREE.BufferGeometry();
    geom.setAttribute("position", new THREE.BufferAttribute(this.#pos, 3));
    this.#material = new THREE.PointsMaterial({
      color,
      size: 0.09,
      transparent: true,
      opacity: 0,
      depthWrite: false,
      blending: THREE.AdditiveBlending,
      toneMapped: false,
    });
    this.points = new THREE.Points(geom, this.#material);
    this.points.frustumCulled = false;
  }

  #spawn(i: number): void {
    const a = Math.random() * Math.PI * 2;
    const speed = 1.5 + Math.random() * 2.5;
    this.#pos.set([Math.cos(a) * 0.25, Math.sin(a) * 0.25, 0], i * 3);
    this.#vel.set(
      [Math.cos(a) * speed, Math.sin(a) * speed + 1.5, 0.5 + Math.random() * 1.5],
      i * 3,
    );
    this.#age[i] = Math.random() * 0.3;
  }

  /** Advances by `dt` seconds; `active` keeps spawning, otherwise the sparks die out. */
  update(dt: number, active: boolean): void {
    let alive = 0;
    for (let i = 0; i < COUNT; i++) {
      if (this.#age[i] >= LIFE_S) {
        if (!active) {
          this.#pos[i * 3 + 1] = -1000; // parked out of sight
          continue;
        }
        this.#spawn(i);
      }
      this.#age[i] += dt;
      this.#vel[i * 3 + 1] += GRAVITY * dt;
      for (let k = 0; k < 3; k++) this.#pos[i * 3 + k] += this.#vel[i * 3 + k] * dt;
      alive++;
    }
    this.#material.opacity = alive > 0 ? 1 : 0;
    this.points.visible = alive > 0;
    this.points.geometry.attributes.position.needsUpdate = true;
  }
}
