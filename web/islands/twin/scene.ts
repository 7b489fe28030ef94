/**
 * The twin's three.js scene and render loop: renderer with bloom
 * (UnrealBloomPass), floor, the three rigs, camera controls. Every frame the
 * loop reads the transient {@link TwinState} (written by the WebSocket
 * handler), animates the rigs and refreshes the test hook `window.__twin`.
 */
import * as THREE from "three";
import { EffectComposer } from "three/examples/jsm/postprocessing/EffectComposer.js";
import { OutputPass } from "three/examples/jsm/postprocessing/OutputPass.js";
import { RenderPass } from "three/examples/jsm/postprocessing/RenderPass.js";
import { UnrealBloomPass } from "three/examples/jsm/postprocessing/UnrealBloomPass.js";
import { CameraControls, type CameraMode } from "./controls.ts";
import { type Elem, publish, win } from "./dom.ts";
import { buildFloor, hazardFrame } from "./floor.ts";
import type { Rgb } from "./mapping.ts";
import { QualityGovernor } from "./quality.ts";
import { createRig, type Rig } from "./rig.ts";
import { RIGS, type TwinState } from "./state.ts";

/** Where the rigs stand (x, z), in {@link RIGS} order. */
const PLACES: [number, number][] = [[-8, 0], [0, 0], [8, 0]];
/** Longest frame step applied (s), so a background tab does not jump. */
const MAX_DT = 0.1;

/** Per-rig values of the test hook. */
export interface RigHook {
  rotorAngle: number;
  rpm: number;
  temperature: number;
  vibration: number;
  score: number;
  emissive: Rgb;
  shake: number;
  warning: number;
}

/** `window.__twin`: refreshed every frame, read by the browser tests. */
export interface TwinHook {
  rigs: Record<string, RigHook>;
  frames: number;
  /** Stream messages applied to the state so far. */
  messages: number;
  mode: CameraMode;
  /** Render quality chosen by the {@link QualityGovernor}. */
  quality: { pixelRatio: number; bloom: boolean };
}

/** A running scene; `stop()` ends the loop and frees the GPU resources. */
export interface TwinScene {
  controls: CameraControls;
  stop(): void;
}

/**
 * Starts the scene on `canvas` inside `host` (whose size it follows).
 *
 * @example
 * ```ts
 * const scene = startScene(canvas, host, state, (mode) => setMode(mode));
 * ```
 */
export function startScene(
  canvas: Elem,
  host: Elem,
  state: TwinState,
  onMode: (m: CameraMode) => void,
): TwinScene {
  const renderer = new THREE.WebGLRenderer({
    canvas,
    antialias: true,
    preserveDrawingBuffer: true,
  });
  const quality = new QualityGovernor(Math.min(win.devicePixelRatio || 1, 2));
  renderer.setPixelRatio(quality.pixelRatio);
  renderer.toneMapping = THREE.NeutralToneMapping; // keeps the heat colours' hue

  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(60, 16 / 9, 0.1, 200);
  buildFloor(scene);
  const rigs: Rig[] = RIGS.map((r, i) => {
    const [x, z] = PLACES[i];
    scene.add(hazardFrame(x, z, 4.4, 3.4));
    const rig = createRig(r.id, r.name, x, z);
    scene.add(rig.group);
    return rig;
  });

  const composer = new EffectComposer(renderer);
  composer.addPass(new RenderPass(scene, camera));
  const bloom = new UnrealBloomPass(new THREE.Vector2(256, 256), 0.75, 0.45, 0.8);
  composer.addPass(bloom);
  composer.addPass(new OutputPass());

  const controls = new CameraControls(camera, canvas, onMode);

  let width = 0, height = 0;
  const resize = (force: boolean) => {
    const w = Math.max(1, host.clientWidth), h = Math.max(1, host.clientHeight);
    if (w === width && h === height && !force) return;
    renderer.setPixelRatio(quality.pixelRatio);
    composer.setPixelRatio(quality.pixelRatio);
    width = w;
    height = h;
    renderer.setSize(w, h, false);
    composer.setSize(w, h);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
  };

  const hook: TwinHook = {
    rigs: {},
    frames: 0,
    messages: 0,
    mode: controls.mode,
    quality: { pixelRatio: quality.pixelRatio, bloom: quality.bloom },
  };
  publish("__twin", hook);

  let last = -1;
  let raf = 0;
  const frame = (ms: number) => {
    raf = win.requestAnimationFrame(frame);
    const dt = last < 0 ? 0 : Math.min(MAX_DT, (ms - last) / 1000);
    // The first frames compile shaders: judge the speed from the third on.
    if (hook.frames > 2) resize(quality.sample(ms - last));
    else resize(false);
    last = ms;
    controls.update(dt);
    rigs.forEach((rig, i) => {
      const values = state.rigs[RIGS[i].id];
      rig.update(values, dt, ms / 1000);
      const v = rig.view;
      hook.rigs[values.id] = {
        rotorAngle: v.rotorAngle,
        rpm: values.rpm,
        temperature: values.temperature,
        vibration: values.vibration,
        score: values.score,
        emissive: v.emissive,
        shake: v.shake,
        warning: v.warning,
      };
    });
    if (quality.bloom) composer.render(dt);
    else renderer.render(scene, camera);
    hook.frames++;
    hook.quality = { pixelRatio: quality.pixelRatio, bloom: quality.bloom };
    hook.messages = state.messages;
    hook.mode = controls.mode;
  };
  raf = win.requestAnimationFrame(frame);

  return {
    controls,
    stop() {
      win.cancelAnimationFrame(raf);
      controls.dispose();
      composer.dispose();
      renderer.dispose();
    },
  };
}
