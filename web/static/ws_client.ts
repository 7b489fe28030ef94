/**
 * Browser client of the real-time protocol (web/realtime/protocol.ts):
 * subscribes, answers pings, unpacks `batch` frames, remembers the stream
 * position and reconnects with exponential backoff and jitter, resuming with
 * `?since=<epoch>:<offset>` (after a 4008 close too). A `reload` answer
 * clears the position and calls `onReload`.
 */

export interface StreamMessage {
  type: string;
  timestamp: string;
  position: { epoch: number; offset: number };
  data: Record<string, unknown>;
}

export interface RealtimeHandlers {
  onMessages(messages: StreamMessage[]): void;
  onStatus?(status: "connecting" | "open" | "closed", detail: string): void;
  onReload?(reason: string): void;
  onFrame?(frame: Record<string, unknown>): void;
}

export class RealtimeClient {
  #url: string;
  #channels: string[];
  #h: RealtimeHandlers;
  #ws: WebSocket | undefined;
  #since: string | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wanted = false;
  reconnects = 0;

  constructor(path: string, channels: string[], handlers: RealtimeHandlers) {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    this.#url = `${proto}//${location.host}${path}`;
    this.#channels = channels;
    this.#h = handlers;
  }

  get position(): string | undefined {
    return this.#since;
  }

  connect(): void {
    this.#wanted = true;
    this.#open();
  }

  disconnect(): void {
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#ws?.close(1000, "client disconnect");
  }

  #open(): void {
    const url = this.#since ? `${this.#url}?since=${this.#since}` : this.#url;
    this.#h.onStatus?.("connecting", url);
    const ws = new WebSocket(url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#attempt = 0;
      this.#h.onStatus?.("open", this.#since ? `resumed from ${this.#since}` : "connected");
      ws.send(JSON.stringify({ type: "subscribe", channels: this.#channels }));
    };
    ws.onmessage = (e) => this.#frame(ws, JSON.parse(String(e.data)));
    ws.onclose = (e) => {
      this.#h.onStatus?.("closed", `code ${e.code}${e.reason ? ": " + e.reason : ""}`);
      if (this.#wanted) this.#schedule();
    };
  }

  #frame(ws: WebSocket, f: Record<string, unknown>): void {
    this.#h.onFrame?.(f);
    if (f.type === "ping") return ws.send('{"type":"pong"}');
    if (f.type === "reload") {
      const p = f.position as StreamMessage["position"];
      this.#since = `${p.epoch}:${p.offset}`;
      return this.#h.onReload?.(String(f.reason));
    }
    if (f.type === "subscribed" && !this.#since) {
      const p = f.position as StreamMessage["position"];
      this.#since = `${p.epoch}:${p.offset}`;
    }
    if (f.type !== "batch") return;
    const p = f.position as StreamMessage["position"];
    this.#since = `${p.epoch}:${p.offset}`;
    this.#h.onMessages(f.messages as StreamMessage[]);
  }

  #schedule(): void {
    const base = Math.min(30_000, 500 * 2 ** this.#attempt++);
    const delay = base / 2 + Math.random() * base / 2;
    this.reconnects++;
    this.#timer = setTimeout(() => this.#open(), delay);
  }
}
