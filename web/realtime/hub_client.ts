/**
 * One connected client of the {@link Hub}: its subscriptions, its bounded
 * queue, resume, heartbeat and limits. Frames go to a {@link ClientSink}.
 */
import type { ClientQueue } from "./client_queue.ts";
import type { ClientSink, ConnectOptions, Hub } from "./hub.ts";
import {
  type Channel,
  CHANNELS,
  checkChannels,
  CLOSE_HEARTBEAT,
  CLOSE_SLOW_CLIENT,
  formatPosition,
  parseClientMessage,
  type Position,
} from "./protocol.ts";
import type { Entry } from "./ring_buffer.ts";

/** What a client needs from its hub besides the public API. */
export interface HubLink {
  /** Up to `limit` history entries after `since`, or why resuming from it is impossible. */
  replay(since: Position, limit: number): { entries: Entry[] } | { reload: string };
  /** Latest state messages (health per machine) for a fresh subscriber. */
  snapshot(): Entry[];
  detach(): void;
}

export class HubClient {
  readonly channels = new Set<Channel>();
  /** Offset of the last stream message sent to this client. */
  lastOffset = 0;
  /** Stream messages sent. */
  sent = 0;
  /** Clock time of the last batch frame sent (0 before any). */
  lastFlushAt = 0;
  #hub: Hub;
  #sink: ClientSink;
  #opts: ConnectOptions;
  #queue: ClientQueue;
  #link: HubLink;
  #started = false;
  #closed = false;
  #lastSeen: number;
  #subscribes: number[] = [];
  /** While resuming: offset of the last history entry replayed; live entries wait in history. */
  #replayAfter: number | undefined;

  constructor(hub: Hub, sink: ClientSink, opts: ConnectOptions, queue: ClientQueue, link: HubLink) {
    this.#hub = hub;
    this.#sink = sink;
    this.#opts = opts;
    this.#queue = queue;
    this.#link = link;
    this.#lastSeen = hub.clock.now();
    if (opts.since) this.lastOffset = opts.since.offset;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Entries waiting for the next flush. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Values superseded in this client's queue while it lagged. */
  get coalesced(): number {
    return this.#queue.coalesced;
  }

  /** Called by the hub once attached: endpoints with fixed channels subscribe now. */
  start(): void {
    if (this.#opts.channels) this.#subscribe(this.#opts.channels);
  }

  /** Queues a freshly published entry if the client subscribed to its channel. */
  offer(e: Entry): void {
    if (this.#closed || this.#replayAfter !== undefined) return;
    if (!this.channels.has(e.channel as Channel)) return;
    if (!this.#queue.push(e)) this.#overflow();
  }

  /** Handles one frame from the client. */
  receive(text: string): void {
    if (this.#closed) return;
    this.#lastSeen = this.#hub.clock.now();
    if (text.length > this.#hub.options.maxFrameBytes) {
      this.close(1009, `frame over ${this.#hub.options.maxFrameBytes} bytes`);
      return;
    }
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return this.#send({ type: "error", message: parsed.error });
    const msg = parsed.message;
    if (msg.type === "ping") return this.#send({ type: "pong", timestamp: this.#now() });
    if (msg.type === "pong") return;
    const checked = checkChannels(msg.channels);
    if (!checked.ok) return this.#send({ type: "error", message: checked.error });
    this.#subscribe(checked.channels);
  }

  #subscribe(channels: Channel[]): void {
    const allowed = this.#opts.allowed ?? CHANNELS;
    const refused = channels.filter((c) => !allowed.includes(c));
    if (refused.length > 0) {
      return this.#send({
        type: "error",
        message: `Cannot subscribe: ${refused.join(", ")} not available on this endpoint` +
          ` (allowed: ${allowed.join(", ")})`,
      });
    }
    const now = this.#hub.clock.now();
    this.#subscribes = this.#subscribes.filter((t) => t > now - 60_000);
    if (this.#subscribes.length >= this.#hub.options.subscribesPerMinute) {
      return this.#send({
        type: "error",
        message: `Cannot subscribe: more than ${this.#hub.options.subscribesPerMinute}` +
          ` subscribe messages in a minute`,
      });
    }
    this.#subscribes.push(now);
    this.channels.clear();
    for (const c of channels) this.channels.add(c);
    const first = !this.#started;
    this.#started = true;
    this.#send({ type: "subscribed", channels, position: this.#hub.position() });
    if (first) this.#catchUp();
    this.flush();
  }

  /** First subscription: resume from `since`, or the latest health for a fresh client. */
  #catchUp(): void {
    if (this.#opts.since) {
      if (this.#opts.since.epoch === this.#hub.epoch) this.#replayAfter = this.#opts.since.offset;
      else {this.#reload(
          `stream epoch changed (client ${this.#opts.since.epoch}, server ${this.#hub.epoch})`,
        );}
      return;
    }
    for (const e of this.#link.snapshot()) this.offer(e);
  }

  #reload(reason: string): void {
    this.#replayAfter = undefined;
    this.lastOffset = this.#hub.position().offset;
    this.#send({ type: "reload", reason, position: this.#hub.position() });
  }

  #backedUp(): boolean {
    return (this.#sink.bufferedAmount?.() ?? 0) > this.#hub.options.maxBufferedBytes;
  }

  /**
   * Sends pending entries as one `batch` frame, unless the transport is backed
   * up. While resuming, sends history pages (each at most `queueCap` entries)
   * until caught up; the live queue takes over from there.
   */
  flush(): void {
    while (this.#replayAfter !== undefined && !this.#closed && !this.#backedUp()) {
      const r = this.#link.replay(
        { epoch: this.#hub.epoch, offset: this.#replayAfter },
        this.#hub.options.queueCap,
      );
      if ("reload" in r) return this.#reload(r.reload);
      if (r.entries.length === 0) {
        this.#replayAfter = undefined;
        break;
      }
      this.#replayAfter = r.entries[r.entries.length - 1].offset;
      this.#sendBatch(r.entries.filter((e) => this.channels.has(e.channel as Channel)));
    }
    if (this.#closed || this.#replayAfter !== undefined || this.#queue.length === 0) return;
    if (this.#backedUp()) return;
    this.#sendBatch(this.#queue.drain());
  }

  #sendBatch(entries: Entry[]): void {
    if (entries.length === 0) return;
    const last = entries[entries.length - 1].offset;
    this.lastOffset = last;
    this.sent += entries.length;
    this.lastFlushAt = this.#hub.clock.now();
    this.#sinkSend(
      `{"type":"batch","position":${
        JSON.stringify({ epoch: this.#hub.epoch, offset: last })
      },"messages":[${entries.map((e) => e.json).join(",")}]}`,
    );
  }

  /** Sends a ping, or closes the client when it has been silent for two periods. */
  heartbeat(): void {
    if (this.#closed) return;
    if (this.#hub.clock.now() - this.#lastSeen > 2 * this.#hub.options.heartbeatMs) {
      this.close(CLOSE_HEARTBEAT, "no pong for two heartbeat periods");
      return;
    }
    this.#send({ type: "ping", timestamp: this.#now() });
  }

  #overflow(): void {
    this.#hub.slowClosed++;
    const resume = formatPosition({ epoch: this.#hub.epoch, offset: this.lastOffset });
    this.close(
      CLOSE_SLOW_CLIENT,
      `slow client: over ${this.#hub.options.queueCap} queued; resume with since=${resume}`,
    );
  }

  /** Closes the connection from the server side. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.disconnect();
    try {
      this.#sink.close(code, reason);
    } catch {
      // The transport is already gone; nothing more to tell the client.
    }
  }

  /** The transport closed: stop queueing for this client. */
  disconnect(): void {
    this.#closed = true;
    this.#queue.drain();
    this.#link.detach();
  }

  #now(): string {
    return new Date(this.#hub.clock.now()).toISOString();
  }

  #send(msg: Record<string, unknown>): void {
    this.#sinkSend(JSON.stringify(msg));
  }

  #sinkSend(text: string): void {
    if (this.#closed) return;
    try {
      this.#sink.send(text);
    } catch {
      this.disconnect();
    }
  }
}
