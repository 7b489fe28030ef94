/**
 * The factory floor around the rigs: concrete floor with a faint grid, walls
 * with neon trim, pillars, overhead pipe runs, hazard frames on the floor
 * where the rigs stand, and the lights.
 */
import * as THREE from "three";
import { doc } from "./dom.ts";

/** Floor size (metres): x from -W/2 to W/2, z from -D/2 to D/2. */
export const FLOOR_W = 60;
export const FLOOR_D = 40;
const WALL_H = 9;

/** A speckled concrete texture drawn on a canvas (no image files to fetch). */
function concreteTexture(): THREE.CanvasTexture {
  const c = doc.createElement("canvas");
  c.width = c.height = 256;
  const g = c.getContext("2d")!;
  g.fillStyle = "#4a4d52";
  g.fillRect(0, 0, 256, 256);
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 2600; i++) {
    const v = 60 + Math.floor(rnd() * 40);
    g.fillStyle = `rgb(${v},${v + 2},${v + 5})`;
    g.fillRect(rnd() * 256, rnd() * 256, 1 + rnd() * 3, 1 + rnd() * 3);
  }
  g.strokeStyle = "#2c2f33";
  g.lineWidth = 2;
  g.strokeRect(0, 0, 256, 256); // slab joints
  const t = new THREE.CanvasTexture(c);
  t.wrapS = t.wrapT = THREE.RepeatWrapping;
  t.repeat.set(FLOOR_W / 5, FLOOR_D / 5);
  t.colorSpace = THREE.SRGBColorSpace;
  return t;
}

/** A square frame of yellow and black hazard stripes with a clear middle. */
function hazardTexture(): THREE.CanvasTexture {
  const c = doc.createElement("canvas");
  c.width = c.height = 256;
  const g = c.getContext("2d")!;
  g.fillStyle = "#e2b400";
  g.fillRect(0, 0, 256, 256);
  g.fillStyle = "#111111";
  for (let x = -256; x < 512; x += 32) {
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x + 16, 0);
    g.lineTo(x + 16 + 256, 256);
    g.lineTo(x + 256, 256);
    g.closePath();
    g.fill();
  }
  const t = new THREE.CanvasTexture(c);
  t.colorSpace = THREE.SRGBColorSpace;
  return t;
}

function box(
  w: number,
  h: number,
  d: number,
  mat: THREE.Material,
  x: number,
  y: number,
  z: number,
) {
  const m = new THREE.Mesh(new THREE.BoxGeometry(w, h, d), mat);
  m.position.set(x, y, z);
  return m;
}

/** A hazard frame (four striped strips) around a rig footprint centred at x, z. */
export function hazardFrame(x: number, z: number, w: number, d: number): THREE.Group {
  const g = new THREE.Group();
  const mat = new THREE.MeshStandardMaterial({ map: hazardTexture(), roughness: 0.7 });
  const strip = 0.35;
  const parts: [number, number, number, number][] = [
    [w + strip * 2, strip, 0, -(d + strip) / 2],
    [w + strip * 2, strip, 0, (d + strip) / 2],
    [strip, d, -(w + strip) / 2, 0],
    [strip, d, (w + strip) / 2, 0],
  ];
  for (const [pw, pd, px, pz] of parts) {
    const p = new THREE.Mesh(new THREE.PlaneGeometry(pw, pd), mat);
    p.rotation.x = -Math.PI / 2;
    p.position.set(px, 0.012, pz);
    g.add(p);
  }
  g.position.set(x, 0, z);
  return g;
}

/** Builds the floor, walls, pillars, pipes and lights into `scene`. */
export function buildFloor(scene: THREE.Scene): void {
  scene.background = new THREE.Color(0x090c11);
  scene.fog = new THREE.Fog(0x090c11, 28, 70);

  const floor = new THREE.Mesh(
    new THREE.PlaneGeometry(FLOOR_W, FLOOR_D),
    new THREE.MeshStandardMaterial({ map: concreteTexture(), roughness: 0.55, metalness: 0.15 }),
  );
  floor.rotation.x = -Math.PI / 2;
  scene.add(floor);
  const grid = new THREE.GridHelper(FLOOR_W, FLOOR_W / 2, 0x1d8a99, 0x1d8a99);
  grid.material.transparent = true;
  grid.material.opacity = 0.12;
  grid.position.y = 0.01;
  grid.scale.z = FLOOR_D / FLOOR_W;
  scene.add(grid);

  const wall = new THREE.MeshStandardMaterial({ color: 0x262a31, roughness: 0.9 });
  const neon = new THREE.MeshStandardMaterial({
    color: 0x0b1b1f,
    emissive: 0x19e0ff,
    emissiveIntensity: 2.2,
  });
  scene.add(box(FLOOR_W, WALL_H, 0.4, wall, 0, WALL_H / 2, -FLOOR_D / 2));
  scene.add(box(0.4, WALL_H, FLOOR_D, wall, -FLOOR_W / 2, WALL_H / 2, 0));
  scene.add(box(0.4, WALL_H, FLOOR_D, wall, FLOOR_W / 2, WALL_H / 2, 0));
  scene.add(box(FLOOR_W, 0.12, 0.1, neon, 0, 3.2, -FLOOR_D / 2 + 0.25));
  scene.add(box(0.1, 0.12, FLOOR_D, neon, -FLOOR_W / 2 + 0.25, 3.2, 0));
  scene.add(box(0.1, 0.12, FLOOR_D, neon, FLOOR_W / 2 - 0.25, 3.2, 0));

  const concrete = new THREE.MeshStandardMaterial({ color: 0x5a5e66, roughness: 0.85 });
  const stripe = new THREE.MeshStandardMaterial({ map: hazardTexture(), roughness: 0.7 });
  for (const x of [-20, -12, 12, 20]) {
    for (const z of [-12, 8]) {
      scene.add(box(0.9, WALL_H, 0.9, concrete, x, WALL_H / 2, z));
      scene.add(box(0.95, 1.2, 0.95, stripe, x, 0.6, z));
    }
  }

  const steel = new THREE.MeshStandardMaterial({
    color: 0x8a939e,
    metalness: 0.8,
    roughness: 0.35,
  });
  const copper = new THREE.MeshStandardMaterial({
    color: 0xb06a3b,
    metalness: 0.7,
    roughness: 0.4,
  });
  const runs: [THREE.Material, number, number, number][] = [
    [steel, 0.35, 7.2, -18.8],
    [copper, 0.25, 6.4, -18.6],
    [steel, 0.2, 5.8, -18.9],
  ];
  for (const [mat, r, y, z] of runs) {
    const p = new THREE.Mesh(new THREE.CylinderGeometry(r, r, FLOOR_W, 16), mat);
    p.rotation.z = Math.PI / 2;
    p.position.set(0, y, z);
    scene.add(p);
  }
  // A header pipe over the rigs that their riser pipes join.
  const header = new THREE.Mesh(new THREE.CylinderGeometry(0.22, 0.22, 26, 16), copper);
  header.rotation.z = Math.PI / 2;
  header.position.set(0, 5, -2.2);
  scene.add(header);

  // No point lights here: software WebGL pays for each one on every pixel;
  // the rigs' warning beacons are the only point lights of the scene.
  scene.add(new THREE.HemisphereLight(0x9fc4ff, 0x1a1a1a, 1.3));
  scene.add(new THREE.AmbientLight(0xffffff, 0.2));
  const key = new THREE.DirectionalLight(0xffffff, 1.6);
  key.position.set(8, 20, 12);
  scene.add(key);
  const fill = new THREE.DirectionalLight(0x7fdfff, 0.6);
  fill.position.set(-14, 10, -6);
  scene.add(fill);
}
