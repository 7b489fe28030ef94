/**
 * One rig of the floor: a steel base, a turbine housing that glows with the
 * casing temperature, a bladed rotor turning with the rpm, riser pipes, a
 * warning beacon and a spark emitter for anomalies, and a name plate.
 * {@link updateRig} applies the transient values every frame.
 */
import * as THREE from "three";
import { doc } from "./dom.ts";
import {
  emissiveColor,
  emissiveIntensity,
  isAnomalous,
  type Rgb,
  rotorSpeed,
  shakeLevel,
  warningPulse,
} from "./mapping.ts";
import type { RigValues } from "./state.ts";
import { Sparks } from "./sparks.ts";

/** Largest shake offset (metres) at shake level 1. */
const SHAKE_M = 0.07;

/** What the render loop reads back from a rig (the test hook copies it). */
export interface RigView {
  rotorAngle: number;
  emissive: Rgb;
  shake: number;
  warning: number;
}

/** The scene objects of one rig and its animation state. */
export interface Rig {
  group: THREE.Group;
  view: RigView;
  update(values: RigValues, dt: number, seconds: number): void;
}

function namePlate(title: string, sub: string): THREE.Mesh {
  const c = doc.createElement("canvas");
  c.width = 512;
  c.height = 128;
  const g = c.getContext("2d")!;
  g.fillStyle = "rgba(8,14,20,0.85)";
  g.fillRect(0, 0, 512, 128);
  g.strokeStyle = "#19e0ff";
  g.lineWidth = 6;
  g.strokeRect(3, 3, 506, 122);
  g.fillStyle = "#e8f6ff";
  g.font = "bold 64px sans-serif";
  g.textAlign = "center";
  g.textBaseline = "middle";
  g.fillText(title, 256, 52);
  g.fillStyle = "#7fd8e8";
  g.font = "28px sans-serif";
  g.fillText(sub, 256, 104);
  const tex = new THREE.CanvasTexture(c);
  tex.colorSpace = THREE.SRGBColorSpace;
  const plate = new THREE.Mesh(
    new THREE.PlaneGeometry(2.4, 0.6),
    new THREE.MeshBasicMaterial({ map: tex, transparent: true, toneMapped: false }),
  );
  return plate;
}

function pipe(mat: THREE.Material, r: number, from: THREE.Vector3, to: THREE.Vector3) {
  const len = from.distanceTo(to);
  const m = new THREE.Mesh(new THREE.CylinderGeometry(r, r, len, 12), mat);
  m.position.copy(from).add(to).multiplyScalar(0.5);
  m.quaternion.setFromUnitVectors(
    new THREE.Vector3(0, 1, 0),
    to.clone().sub(from).normalize(),
  );
  return m;
}

/** Builds the rig for machine `id` named `name`, standing at x, z. */
export function createRig(id: string, name: string, x: number, z: number): Rig {
  const group = new THREE.Group();
  group.position.set(x, 0, z);
  group.name = `rig-${id}`;

  const steel = new THREE.MeshStandardMaterial({ color: 0x39414b, metalness: 0.7, roughness: 0.4 });
  const light = new THREE.MeshStandardMaterial({
    color: 0x9aa5b1,
    metalness: 0.85,
    roughness: 0.3,
  });
  const base = new THREE.Mesh(new THREE.BoxGeometry(3.6, 0.45, 2.6), steel);
  base.position.y = 0.225;
  group.add(base);

  // Everything above the base shakes together.
  const body = new THREE.Group();
  body.position.y = 0.45;
  group.add(body);

  const housingMat = new THREE.MeshStandardMaterial({
    color: 0x2b3038,
    metalness: 0.6,
    roughness: 0.35,
    emissive: new THREE.Color(0, 0, 0),
  });
  const housing = new THREE.Mesh(new THREE.CylinderGeometry(0.95, 1.05, 1.8, 32), housingMat);
  housing.rotation.x = Math.PI / 2;
  housing.position.set(0, 1.25, 0);
  body.add(housing);
  for (const zz of [-0.85, 0.85]) {
    const ring = new THREE.Mesh(new THREE.TorusGeometry(1.05, 0.08, 10, 40), light);
    ring.position.set(0, 1.25, zz);
    body.add(ring);
  }
  const motor = new THREE.Mesh(new THREE.BoxGeometry(1.2, 1.0, 0.9), steel);
  motor.position.set(0, 0.9, -1.2);
  body.add(motor);
  for (const sx of [-0.7, 0.7]) {
    const foot = new THREE.Mesh(new THREE.BoxGeometry(0.3, 0.4, 1.6), steel);
    foot.position.set(sx, 0.2, 0);
    body.add(foot);
  }

  // Rotor on the front face: hub and six blades turning about the z axis.
  const rotor = new THREE.Group();
  rotor.position.set(0, 1.25, 0.98);
  const hub = new THREE.Mesh(new THREE.CylinderGeometry(0.22, 0.22, 0.25, 20), light);
  hub.rotation.x = Math.PI / 2;
  rotor.add(hub);
  const bladeMat = new THREE.MeshStandardMaterial({
    color: 0xd7dde4,
    metalness: 0.9,
    roughness: 0.25,
  });
  for (let i = 0; i < 6; i++) {
    const blade = new THREE.Mesh(new THREE.BoxGeometry(0.16, 0.72, 0.05), bladeMat);
    blade.position.set(0, 0.5, 0);
    blade.rotation.y = 0.5;
    const arm = new THREE.Group();
    arm.rotation.z = (i * Math.PI) / 3;
    arm.add(blade);
    rotor.add(arm);
  }
  body.add(rotor);

  const pipeMat = new THREE.MeshStandardMaterial({
    color: 0xb06a3b,
    metalness: 0.7,
    roughness: 0.4,
  });
  const v = (a: number, b: number, c: number) => new THREE.Vector3(a, b, c);
  for (const sx of [-0.75, 0.75]) {
    body.add(pipe(pipeMat, 0.12, v(sx, 1.9, -0.3), v(sx, 4.55, -0.3)));
    body.add(pipe(pipeMat, 0.12, v(sx, 4.55, -0.3), v(sx, 4.55, -2.2)));
  }
  body.add(pipe(light, 0.09, v(1.05, 1.0, 0.3), v(1.75, 1.0, 0.3)));
  body.add(pipe(light, 0.09, v(1.75, 1.0, 0.3), v(1.75, -0.45, 0.3)));

  // Warning beacon on a mast; its light pulses red on anomalies.
  const mast = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.05, 1.1, 8), steel);
  mast.position.set(-1.3, 2.3, 0.6);
  body.add(mast);
  const beaconMat = new THREE.MeshStandardMaterial({
    color: 0x3a0d0d,
    emissive: new THREE.Color(1, 0.05, 0.03),
    emissiveIntensity: 0,
  });
  const beacon = new THREE.Mesh(new THREE.SphereGeometry(0.18, 16, 12), beaconMat);
  beacon.position.set(-1.3, 2.95, 0.6);
  body.add(beacon);
  const beaconLight = new THREE.PointLight(0xff2010, 0, 9, 1.5);
  beaconLight.position.copy(beacon.position);
  body.add(beaconLight);

  const sparks = new Sparks(0xffb347);
  sparks.points.position.set(0, 1.25, 1.05);
  body.add(sparks.points);

  const plate = namePlate(name.toUpperCase(), `MACHINE ${id}`);
  plate.position.set(0, 5.3, 0.2);
  group.add(plate);

  const view: RigView = { rotorAngle: 0, emissive: [0, 0, 0], shake: 0, warning: 0 };
  return {
    group,
    view,
    update(values, dt, seconds) {
      view.rotorAngle += rotorSpeed(values.rpm) * dt;
      rotor.rotation.z = -(view.rotorAngle % (Math.PI * 2));

      const temp = Number.isNaN(values.temperature) ? 60 : values.temperature;
      view.emissive = emissiveColor(temp);
      housingMat.emissive.setRGB(view.emissive[0], view.emissive[1], view.emissive[2]);
      housingMat.emissiveIntensity = emissiveIntensity(temp);

      view.shake = shakeLevel(values.vibration);
      const a = view.shake * SHAKE_M;
      body.position.set(
        (Math.random() - 0.5) * 2 * a,
        0.45 + (Math.random() - 0.5) * a,
        (Math.random() - 0.5) * 2 * a,
      );

      const anomalous = isAnomalous(values.score);
      view.warning = anomalous ? warningPulse(seconds) : 0;
      beaconMat.emissiveIntensity = view.warning * 4;
      beaconLight.intensity = view.warning * 25;
      sparks.update(dt, anomalous);
    },
  };
}
