/**
 * The running `lstm_autoencoder`: collects frames, trains (or loads) the
 * model, then scores every new sequence. All sequences a batch completes, over
 * all machines of the partition, go through the model in one batched call;
 * `process` returns that promise and the runtime awaits it per batch. In
 * `training: background` mode training runs without holding up `process`:
 * frames keep arriving and are buffered until the model is ready.
 */
import { eventBatch } from "../engine/batch.ts";
import type { Batch } from "../engine/batch.ts";
import type { Operator, SourceCommand, TransformContext } from "../engine/component.ts";
import type { Anomaly } from "../engine/record.ts";
import { readModelDir, writeModelDir } from "../ml/model_file.ts";
import { type LstmAutoencoderConfig, trainOptionsOf } from "./lstm_autoencoder.ts";
import { type Frame, FrameAssembler, frameVector } from "./lstm_frames.ts";
import {
  anomalyMessage,
  type Forecast,
  forecastFor,
  forecastMessage,
  pushRecent,
  type RecentScores,
} from "./lstm_forecast.ts";
import { normalize, TrainedLstm } from "./lstm_trained.ts";

interface MachineState {
  carry: Map<string, number>;
  ring: Float32Array[];
  recent: RecentScores;
  last?: { ts: number; score: number; is_anomaly: boolean; forecast: Forecast | null };
}

/** What {@link LstmOperator.snapshot} returns (JSON-serialisable). */
export interface LstmSnapshot {
  last: Record<string, number>;
  model: { json: string; weights: string } | null;
  machines: Record<string, { carry: Record<string, number>; ring: number[][] }>;
  buffered: { machine: string; ts: number; label?: string; values: Record<string, number> }[];
}

interface Pending {
  machine: string;
  ts: number;
  label?: string;
  seq: Float32Array;
  z: Float32Array;
}

/** One replica of the detector (one partition's machines). */
export class LstmOperator implements Operator {
  readonly #c: LstmAutoencoderConfig;
  readonly #ctx: TransformContext;
  readonly #saveTo?: string;
  readonly #modelPath?: string;
  readonly #frames = new FrameAssembler();
  readonly #machines = new Map<string, MachineState>();
  #buffered = new Map<string, Frame[]>();
  #model?: TrainedLstm;
  #loading?: Promise<void>;
  #training?: Promise<void>;
  #error?: string;
  /** Why the configured model file could not be loaded (the detector then trains online). */
  #modelError?: string;
  /** The scoring call in flight: a replaced model is disposed only after it. */
  #scoring?: Promise<unknown>;

  constructor(
    c: LstmAutoencoderConfig,
    ctx: TransformContext,
    paths: { model?: string; saveTo?: string },
  ) {
    this.#c = c;
    this.#ctx = ctx;
    this.#saveTo = paths.saveTo;
    this.#modelPath = paths.model;
    if (paths.model) {
      this.#loading = readModelDir(paths.model).then(TrainedLstm.load).then(
        (m) => this.#useModel(m),
        (e) => {
          this.#modelError = e instanceof Error ? e.message : String(e);
        },
      );
    }
  }

  async process(batch: Batch): Promise<void> {
    if (this.#loading) await this.#ready();
    const frames = this.#frames.frames(batch);
    if (!this.#model) {
      this.#buffer(frames);
      if (this.#training && this.#c.training === "inline") await this.#training;
      return;
    }
    const pending: Pending[] = [];
    for (const f of frames) {
      const p = this.#step(f);
      if (p) pending.push(p);
    }
    if (pending.length === 0) return;
    const model = this.#model;
    const scoring = this.#score(pending);
    this.#scoring = scoring;
    const scores = await scoring;
    // A reload while scoring: these sequences were normalised for the old model.
    if (this.#model === model) this.#emit(pending, scores);
  }

  async flush(): Promise<void> {
    if (this.#loading) await this.#ready();
    await this.#training;
  }

  control(command: SourceCommand): unknown {
    if (command.action === "status") return this.status();
    if (command.action === "reload") return this.#reload();
    if (command.action === "save") {
      const path = typeof command.path === "string" ? command.path : this.#saveTo;
      if (!this.#model || !path) {
        throw new Error(
          `Cannot save "${this.#ctx.name}": ${!path ? "no path given" : "model not trained yet"}`,
        );
      }
      return writeModelDir(path, this.#model.files()).then(() => ({ saved: path }));
    }
    throw new Error(
      `Cannot run "${command.action}" on "${this.#ctx.name}": actions are status, save, reload`,
    );
  }

  /** Trained?, threshold, sequence, quality, and each machine's last score and forecast. */
  status(): Record<string, unknown> {
    const m = this.#model?.meta;
    const buffered = [...this.#buffered.values()].reduce(
      (n, f) => n + this.#sequencesOf(f.length),
      0,
    );
    return {
      detector: "lstm_autoencoder",
      trained: m !== undefined,
      training: this.#training !== undefined && !m,
      error: this.#error ?? null,
      model: this.#modelPath ?? null,
      model_error: this.#modelError ?? null,
      sequence: this.#c.sequence,
      threshold: m?.threshold ?? null,
      sensors: m?.sensors ?? [],
      quality: m?.quality ?? null,
      collected_sequences: m ? null : buffered,
      train_after: this.#c.train_after,
      machines: Object.fromEntries([...this.#machines].map(([k, s]) => [k, s.last ?? null])),
    };
  }

  /**
   * Checkpoint: the model files (base64), each machine's current sequence and
   * the frames still waiting for training. A training run in progress is not
   * saved; it restarts from the restored frames.
   */
  snapshot(): LstmSnapshot {
    const files = this.#model?.files();
    const frames: LstmSnapshot["buffered"] = [];
    for (const list of this.#buffered.values()) {
      for (const f of list) frames.push({ ...f, values: Object.fromEntries(f.values) });
    }
    return {
      last: this.#frames.lastTimes(),
      model: files ? { json: files.json, weights: toBase64(files.weights) } : null,
      machines: Object.fromEntries(
        [...this.#machines].map(([m, s]) => [m, {
          carry: Object.fromEntries([...s.carry].filter(([, v]) => Number.isFinite(v))),
          ring: s.ring.map((r) => Array.from(r)),
        }]),
      ),
      buffered: frames,
    };
  }

  restore(state: unknown): void {
    const s = state as LstmSnapshot;
    this.#frames.restore(s.last);
    this.#buffered = new Map();
    this.#buffer(s.buffered.map((f) => ({ ...f, values: new Map(Object.entries(f.values)) })));
    if (!s.model) return;
    const files = { json: s.model.json, weights: fromBase64(s.model.weights) };
    this.#loading = TrainedLstm.load(files).then((m) => {
      this.#useModel(m);
      for (const [name, ms] of Object.entries(s.machines)) {
        this.#machines.set(name, {
          carry: new Map(Object.entries(ms.carry)),
          ring: ms.ring.map((r) => Float32Array.from(r)),
          recent: { ts: [], stat: [], ratio: [], z: [] },
        });
      }
    });
  }

  close(): void {
    this.#model?.dispose();
  }

  /**
   * Reloads the `model` directory. On success the new model scores from the
   * next frames on (each machine's sequence restarts, as the normalisation may
   * differ); on error the current model stays and the answer says why.
   */
  async #reload(): Promise<
    { ok: true; model: string; threshold: number } | {
      ok: false;
      error: string;
    }
  > {
    const path = this.#modelPath;
    if (!path) return { ok: false, error: "no model directory configured (option model)" };
    let model: TrainedLstm;
    try {
      model = await TrainedLstm.load(await readModelDir(path));
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (this.#loading) await this.#ready();
    const old = this.#model;
    const inflight = this.#scoring;
    this.#modelError = undefined;
    this.#error = undefined;
    if (!old) {
      this.#useModel(model);
    } else {
      this.#model = model;
      for (const s of this.#machines.values()) [s.carry, s.ring] = [new Map(), []];
      await inflight?.catch(() => {});
      old.dispose();
    }
    return { ok: true, model: path, threshold: model.meta.threshold };
  }

  async #ready(): Promise<void> {
    try {
      await this.#loading;
    } finally {
      this.#loading = undefined;
    }
  }

  #sequencesOf(frames: number): number {
    return Math.max(0, frames - this.#c.sequence + 1);
  }

  #buffer(frames: Frame[]): void {
    const cap = this.#c.max_train_sequences + this.#c.sequence;
    for (const f of frames) {
      const list = this.#buffered.get(f.machine) ?? [];
      list.push(f);
      if (list.length > cap) list.shift();
      this.#buffered.set(f.machine, list);
    }
    if (this.#training || this.#error) return;
    let n = 0;
    for (const list of this.#buffered.values()) n += this.#sequencesOf(list.length);
    if (n >= this.#c.train_after) this.#training = this.#train();
  }

  async #train(): Promise<void> {
    const c = this.#c;
    const sensors = c.sensors ?? [
      ...new Set(
        [...this.#buffered.values()].flatMap((l) => l.flatMap((f) => [...f.values.keys()])),
      ),
    ].sort();
    const rows = new Map<string, Float64Array[]>();
    for (const [m, list] of this.#buffered) {
      const carry = new Map<string, number>();
      rows.set(m, list.map((f) => frameVector(f, sensors, carry)));
    }
    try {
      const model = await TrainedLstm.train(rows, sensors, trainOptionsOf(c));
      if (this.#saveTo) await writeModelDir(this.#saveTo, model.files());
      this.#useModel(model);
    } catch (e) {
      this.#error = `training failed: ${e instanceof Error ? e.message : e}`;
      this.#ctx.reject({ sequences: rows.size }, this.#error, this.#ctx.clock.now());
    }
  }

  /** Starts scoring with `model`; buffered frames seed each machine's sequence. */
  #useModel(model: TrainedLstm): void {
    this.#model?.dispose();
    this.#model = model;
    const buffered = this.#buffered;
    this.#buffered = new Map();
    for (const list of buffered.values()) for (const f of list) this.#step(f);
  }

  /** Adds a frame to its machine's sequence; returns the sequence to score once it is full. */
  #step(f: Frame): Pending | undefined {
    const model = this.#model!;
    const { sensors } = model.meta;
    let s = this.#machines.get(f.machine);
    if (!s) {
      s = { carry: new Map(), ring: [], recent: { ts: [], stat: [], ratio: [], z: [] } };
      this.#machines.set(f.machine, s);
    }
    const z = normalize(frameVector(f, sensors, s.carry), model.statsFor(f.machine));
    s.ring.push(z);
    const t = model.meta.shape.sequence;
    if (s.ring.length > t) s.ring.shift();
    if (s.ring.length < t) return undefined;
    const seq = new Float32Array(t * sensors.length);
    s.ring.forEach((row, i) => seq.set(row, i * sensors.length));
    return { machine: f.machine, ts: f.ts, label: f.label, seq, z };
  }

  async #score(pending: Pending[]): Promise<{ stat: Float32Array; ratio: Float32Array }> {
    const model = this.#model!;
    const size = pending[0].seq.length;
    const x = new Float32Array(pending.length * size);
    pending.forEach((p, i) => x.set(p.seq, i * size));
    return await model.score(x, pending.length);
  }

  #emit(pending: Pending[], scores: { stat: Float32Array; ratio: Float32Array }): void {
    const { meta } = this.#model!;
    const c = this.#c;
    const f = meta.sensors.length;
    const out: Anomaly[] = [];
    pending.forEach((p, i) => {
      const s = this.#machines.get(p.machine)!;
      const stat = scores.stat[i];
      const ratio = scores.ratio.slice(i * f, (i + 1) * f);
      pushRecent(s.recent, p.ts, stat, ratio, p.z, c.forecast_windows);
      const isAnomaly = stat >= meta.threshold;
      const forecast = isAnomaly ? undefined : forecastFor(s.recent, meta.sensors, meta.threshold, {
        minR2: c.forecast_min_r2,
        horizonMinutes: c.horizon_minutes,
        maxSensors: c.max_contributing,
        minPoints: Math.max(5, Math.ceil(c.forecast_windows / 2)),
      });
      const score = Math.min(1, stat / (2 * meta.threshold));
      s.last = { ts: p.ts, score, is_anomaly: isAnomaly, forecast: forecast ?? null };
      if (!isAnomaly && !forecast && c.emit !== "all") return;
      const top = Array.from(ratio, (r, j) => ({ sensor: meta.sensors[j], ratio: r }))
        .sort((a, b) => b.ratio - a.ratio).slice(0, c.max_contributing);
      const a: Anomaly = {
        kind: "anomaly",
        ts: p.ts,
        machine: p.machine,
        score,
        is_anomaly: isAnomaly,
        // The largest error, and any other sensor whose error alone crosses the threshold.
        contributing: isAnomaly
          ? top.filter((t, k) => k === 0 || t.ratio >= meta.threshold).map((t) => t.sensor)
          : [],
        detector: "lstm_autoencoder",
        severity: !isAnomaly ? "info" : stat >= 2 * meta.threshold ? "critical" : "warning",
        message: anomalyMessage(stat, meta.threshold, top) +
          (forecast ? `; ${forecastMessage(forecast)}` : ""),
      };
      if (p.label !== undefined) a.label = p.label;
      out.push(a);
    });
    if (out.length > 0) this.#ctx.emit(eventBatch(out));
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
