/**
 * The real-time fan-out hub: the `websocket` sink publishes batches into it,
 * it gives every message a stream position, keeps a bounded history for
 * resume, and feeds each connected client's bounded queue, flushed as one
 * `batch` frame: at once for a client idle for `minFlushGapMs` (20 ms),
 * coalesced to `flushMs` (100 ms, 10 Hz) when more than `fastClientLimit`
 * clients are connected. Sockets stay outside: a client is any
 * {@link ClientSink}, so the protocol is tested without a network.
 */
import type { Batch } from "../../pipeline/engine/batch.ts";
import { type Clock, systemClock } from "../../pipeline/engine/clock.ts";
import { ClientQueue } from "./client_queue.ts";
import { HubClient } from "./hub_client.ts";
import { type Channel, CHANNEL_OF_TYPE, type Position } from "./protocol.ts";
import { ReadingEncoder } from "./reading_encoder.ts";
import { type Entry, RingBuffer } from "./ring_buffer.ts";
import { StreamStats } from "./stream_stats.ts";
import { HealthTracker, translate } from "./translate.ts";

/** Where a client's frames go: a WebSocket in production, an array in tests. */
export interface ClientSink {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes the transport has not sent yet; a client over `maxBufferedBytes` is not flushed. */
  bufferedAmount?(): number;
}

export interface HubOptions {
  clock?: Clock;
  /** Stream epoch; default the clock's time at construction (changes on restart). */
  epoch?: number;
  /** Messages kept for resume. Default 50,000. */
  historySize?: number;
  /** Per-client live entries above which sensor/health values are coalesced. Default 1,000. */
  coalesceAbove?: number;
  /** Per-client live entries past which the client is closed with 4008. Default 5,000. */
  queueCap?: number;
  /** Transport backlog above which a client is considered slow and not flushed. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Largest client frame accepted, bytes. Default 4096. */
  maxFrameBytes?: number;
  /** Subscribe messages allowed per client per minute. Default 30. */
  subscribesPerMinute?: number;
  /**
   * Longest spacing of frames to one client under load, ms. Default 100
   * (10 Hz): with more than `fastClientLimit` clients, frames are coalesced
   * to this period.
   */
  flushMs?: number;
  /**
   * Shortest spacing of frames to one client, ms, when the hub is lightly
   * loaded. Default 20. A message for a client idle that long goes out at
   * once (after the publishing batch), so latency stays low at any rate.
   */
  minFlushGapMs?: number;
  /** Clients above which frames are spaced `flushMs` instead of `minFlushGapMs`. Default 64. */
  fastClientLimit?: number;
  /** Server ping period, ms. Default 15,000; a client silent for two periods is closed. */
  heartbeatMs?: number;
}

export interface ConnectOptions {
  /** Resume position from `?since=`. */
  since?: Position;
  /** Channels subscribed from the start (e.g. the alerts endpoint). */
  channels?: Channel[];
  /** Channels this endpoint may subscribe to (default all). */
  allowed?: readonly Channel[];
}

/**
 * @example
 * ```ts
 * const hub = new Hub();
 * const stop = hub.start();               // 10 Hz flush + 15 s heartbeat timers
 * hub.publish(batch, "clean", "live");    // from the websocket sink
 * stop();
 * ```
 */
export class Hub {
  readonly epoch: number;
  readonly clock: Clock;
  readonly options: Required<Omit<HubOptions, "clock" | "epoch">>;
  readonly stats: StreamStats;
  #history: RingBuffer;
  #health = new HealthTracker();
  #readings = new ReadingEncoder();
  #lastHealth = new Map<string, Entry>();
  #offset = 0;
  #clients = new Set<HubClient>();
  /** Clients closed because their queue passed the cap. */
  slowClosed = 0;
  #started = false;
  #flushQueued = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  constructor(opts: HubOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.epoch = opts.epoch ?? Math.floor(this.clock.now());
    this.options = {
      historySize: opts.historySize ?? 50_000,
      coalesceAbove: opts.coalesceAbove ?? 1_000,
      queueCap: opts.queueCap ?? 5_000,
      maxBufferedBytes: opts.maxBufferedBytes ?? 1 << 20,
      maxFrameBytes: opts.maxFrameBytes ?? 4096,
      subscribesPerMinute: opts.subscribesPerMinute ?? 30,
      flushMs: opts.flushMs ?? 100,
      minFlushGapMs: opts.minFlushGapMs ?? 10,
      fastClientLimit: opts.fastClientLimit ?? 64,
      heartbeatMs: opts.heartbeatMs ?? 15_000,
    };
    this.#history = new RingBuffer(this.options.historySize);
    this.stats = new StreamStats(this.clock);
  }

  /** Position of the last message published (offset 0 before any). */
  position(): Position {
    return { epoch: this.epoch, offset: this.#offset };
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Called by the `websocket` sink; never blocks, never throws on slow clients. */
  publish(batch: Batch, _input: string, _sink: string): void {
    this.stats.add(batch);
    if (batch.kind === "readings") {
      for (let i = 0; i < batch.n; i++) {
        this.#fanOut(this.#readings.entry(batch, i, this.epoch, ++this.#offset));
      }
    } else this.#publishEvents(batch);
    if (this.#started && !this.#flushQueued) {
      // Flush idle clients once the publishing code is done (coalesces one publish burst).
      this.#flushQueued = true;
      queueMicrotask(() => {
        this.#flushQueued = false;
        this.flushDue();
      });
    }
  }

  #fanOut(entry: Entry): void {
    this.#history.push(entry);
    for (const c of this.#clients) c.offer(entry);
  }

  #publishEvents(batch: Batch): void {
    for (const m of translate(batch, this.#health)) {
      const offset = ++this.#offset;
      const position = { epoch: this.epoch, offset };
      const entry: Entry = {
        offset,
        channel: CHANNEL_OF_TYPE[m.type],
        json: JSON.stringify({
          type: m.type,
          timestamp: new Date(m.ts).toISOString(),
          position,
          data: m.data,
        }),
      };
      if (m.key !== undefined) entry.key = m.key;
      if (m.type === "health_update") this.#lastHealth.set(String(m.data.asset_id), entry);
      this.#fanOut(entry);
    }
  }

  /** Attaches a client; feed its frames to `receive` and call `disconnect` when it goes. */
  connect(sink: ClientSink, opts: ConnectOptions = {}): HubClient {
    const client = new HubClient(this, sink, opts, this.#newQueue(), {
      replay: (since, limit) => this.#replay(since, limit),
      snapshot: () => [...this.#lastHealth.values()].sort((a, b) => a.offset - b.offset),
      detach: () => this.#clients.delete(client),
    });
    this.#clients.add(client);
    client.start();
    return client;
  }

  #newQueue(): ClientQueue {
    return new ClientQueue({
      coalesceAbove: this.options.coalesceAbove,
      cap: this.options.queueCap,
    });
  }

  #replay(since: Position, limit: number): { entries: Entry[] } | { reload: string } {
    if (since.epoch !== this.epoch) {
      return { reload: `stream epoch changed (client ${since.epoch}, server ${this.epoch})` };
    }
    const entries = this.#history.after(since.offset, this.#offset, limit);
    if (!entries) {
      return {
        reload: since.offset > this.#offset
          ? `position ${since.offset} is ahead of the stream (${this.#offset})`
          : `position ${since.offset} is older than the history kept (from ${
            this.#history.oldest ?? this.#offset + 1
          })`,
      };
    }
    return { entries };
  }

  /** Sends each client its pending messages as one frame (called every `flushMs`). */
  tick(): void {
    for (const c of this.#clients) c.flush();
  }

  /** Current spacing of frames to one client: short when lightly loaded, `flushMs` under load. */
  frameGapMs(): number {
    return this.#clients.size > this.options.fastClientLimit
      ? this.options.flushMs
      : Math.min(this.options.minFlushGapMs, this.options.flushMs);
  }

  /**
   * Flushes the clients whose last frame is at least {@link frameGapMs} old;
   * when started, sets a timer for the earliest client still waiting.
   */
  flushDue(): void {
    const now = this.clock.now();
    const gap = this.frameGapMs();
    let next = Infinity;
    for (const c of this.#clients) {
      if (now - c.lastFlushAt >= gap) c.flush();
      else if (c.queued > 0) next = Math.min(next, c.lastFlushAt + gap);
    }
    if (!this.#started || next === Infinity) return;
    if (this.#timer !== undefined && this.#timerAt <= next) return;
    clearTimeout(this.#timer);
    this.#timerAt = next;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flushDue();
    }, Math.max(0, next - now));
  }

  /** Pings every client; closes those silent for two heartbeat periods. */
  heartbeat(): void {
    for (const c of this.#clients) c.heartbeat();
  }

  /**
   * Starts the flush and heartbeat timers and the adaptive flush on publish;
   * returns the function that stops them.
   */
  start(): () => void {
    this.#started = true;
    // Safety net (resume pages, transports that were backed up); publishes flush on their own.
    const flush = setInterval(() => this.flushDue(), this.options.flushMs);
    const beat = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    return () => {
      this.#started = false;
      clearInterval(flush);
      clearInterval(beat);
      clearTimeout(this.#timer);
      this.#timer = undefined;
    };
  }

  /** Closes every client (server shutdown). */
  closeAll(code = 1001, reason = "server shutting down"): void {
    for (const c of [...this.#clients]) c.close(code, reason);
  }
}
