/**
 * The real-time WebSocket protocol (SPEC §8), shared by the hub, the routes,
 * the browser scripts and tests.
 *
 * Client → server (JSON text frames):
 * - `{"type":"subscribe","channels":["sensor_data","alerts","health_scores"]}`
 *   replaces the connection's channel set. On the first subscribe of a
 *   connection opened with `?since=<epoch>:<offset>`, the hub replays every
 *   message after that position (or answers `{type:"reload"}`).
 * - `{"type":"ping"}` → `{"type":"pong"}`; `{"type":"pong"}` answers the
 *   server's own `ping` (sent every 15 s).
 *
 * Server → client:
 * - Stream messages `{type, timestamp, position: {epoch, offset}, data}` of the
 *   types in {@link CHANNEL_OF_TYPE}. `timestamp` is the record's event time
 *   (ISO-8601). Offsets grow by one per message of the stream (all channels);
 *   a client sees them increasing, with holes only for channels it did not
 *   subscribe to and for sensor/health values superseded while it lagged.
 * - `{type:"batch", position, messages:[…]}`: the hub sends stream messages in
 *   batches, about 10 per second per client; `position` is the last message's.
 * - `{type:"subscribed", channels, position}`, `{type:"error", message}`,
 *   `{type:"reload", reason, position}` (resume impossible: reload a snapshot
 *   and reconnect without `since`), `{type:"ping"|"pong", timestamp}`.
 * - Close codes: {@link CLOSE_SLOW_CLIENT} (queue over its cap: reconnect with
 *   `?since=` the last position seen), {@link CLOSE_HEARTBEAT} (no pong),
 *   1009 (frame too large).
 */
import { z } from "zod";

export const CHANNELS = [
  "sensor_data",
  "alerts",
  "health_scores",
  "aggregates",
  "rul",
] as const;
export type Channel = typeof CHANNELS[number];

/** Which channel each stream message type travels on. */
export const CHANNEL_OF_TYPE = {
  sensor_update: "sensor_data",
  alert_triggered: "alerts",
  alert_state: "alerts",
  health_update: "health_scores",
  aggregate_update: "aggregates",
  rul_update: "rul",
} as const satisfies Record<string, Channel>;
export type StreamMessageType = keyof typeof CHANNEL_OF_TYPE;

/** Close code sent to a client whose queue passed its hard cap. */
export const CLOSE_SLOW_CLIENT = 4008;
/** Close code sent to a client that stopped answering pings. */
export const CLOSE_HEARTBEAT = 4001;

/** A place in the stream: `epoch` changes when the server restarts. */
export interface Position {
  epoch: number;
  offset: number;
}

export interface StreamMessage<D = Record<string, unknown>> {
  type: StreamMessageType;
  timestamp: string;
  position: Position;
  data: D;
}

export const ClientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("subscribe"),
    channels: z.array(z.string()).max(16),
  }).strict(),
  z.object({ type: z.literal("ping") }).strict(),
  z.object({ type: z.literal("pong") }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/**
 * Parses one client frame; returns the message or a human-readable refusal.
 *
 * @example
 * ```ts
 * parseClientMessage('{"type":"ping"}'); // { ok: true, message: { type: "ping" } }
 * ```
 */
export function parseClientMessage(
  text: string,
): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: `Cannot read message: not JSON, got ${JSON.stringify(text.slice(0, 80))}`,
    };
  }
  const r = ClientMessageSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join(".")}` : "";
    return {
      ok: false,
      error: `Cannot accept message${where}: ${issue.message} (expected subscribe, ping or pong)`,
    };
  }
  return { ok: true, message: r.data };
}

/** Checks channel names; unknown ones are refused with the list of valid ones. */
export function checkChannels(
  names: string[],
): { ok: true; channels: Channel[] } | { ok: false; error: string } {
  const bad = names.filter((n) => !(CHANNELS as readonly string[]).includes(n));
  if (bad.length > 0) {
    return {
      ok: false,
      error: `Cannot subscribe: unknown channel ${bad.map((b) => JSON.stringify(b)).join(", ")}` +
        ` (channels: ${CHANNELS.join(", ")})`,
    };
  }
  return { ok: true, channels: [...new Set(names)] as Channel[] };
}

/** `"1712345:42"` → `{epoch: 1712345, offset: 42}`; undefined when malformed. */
export function parsePosition(s: string | undefined | null): Position | undefined {
  if (!s) return undefined;
  const m = /^(\d{1,16}):(\d{1,16})$/.exec(s);
  if (!m) return undefined;
  return { epoch: Number(m[1]), offset: Number(m[2]) };
}

export function formatPosition(p: Position): string {
  return `${p.epoch}:${p.offset}`;
}
