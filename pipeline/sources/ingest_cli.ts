/**
 * `deno task ingest FILE [--realtime] [--speed N] [--url http://localhost:8000]
 * [--api-key K] [--batch 500]`: streams an NDJSON or CSV recording into a
 * running sluice through `POST /api/v1/ingest` (its topology needs an
 * `http_ingest` source), in batches, with progress on stderr.
 *
 * As fast as possible by default; `--realtime` keeps the recording's event-time
 * gaps, `--speed N` plays them N× faster. The key comes from `--api-key` or env
 * `SLUICE_INGEST_KEY`. Malformed lines are skipped and counted, like the
 * readings the server refuses.
 */
import type { Reading } from "../engine/record.ts";
import {
  type LineResult,
  lines,
  parseCsvHeader,
  parseCsvLine,
  parseJsonLine,
} from "./replay_parse.ts";

/** Options of {@link ingestFile}. */
export interface IngestOptions {
  url: string;
  apiKey?: string;
  /** Readings per request (default 500). */
  batch?: number;
  /** Event-time playback speed; undefined = as fast as possible. */
  speed?: number;
  fetch?: typeof fetch;
  /** Waits `ms` of wall time (default setTimeout); replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms for pacing (default performance.now); replaced in tests. */
  now?: () => number;
  progress?: (s: IngestStats) => void;
}

/** Running totals. */
export interface IngestStats {
  lines: number;
  sent: number;
  accepted: number;
  rejected: number;
  malformed: number;
  requests: number;
}

/** Streams `path` to the ingest endpoint; resolves with the totals, throws on an HTTP error. */
export async function ingestFile(path: string, o: IngestOptions): Promise<IngestStats> {
  const csv = path.toLowerCase().endsWith(".csv");
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? (() => performance.now());
  const size = o.batch ?? 500;
  const endpoint = `${o.url.replace(/\/+$/, "")}/api/v1/ingest`;
  const s: IngestStats = { lines: 0, sent: 0, accepted: 0, rejected: 0, malformed: 0, requests: 0 };
  let pending: Reading[] = [];
  let columns: string[] | undefined;
  let firstTs: number | undefined, startWall = 0;

  const send = async () => {
    if (pending.length === 0) return;
    const body = JSON.stringify(pending);
    const res = await doFetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(o.apiKey ? { "x-api-key": o.apiKey } : {}),
      },
      body,
    });
    const answer = await res.json().catch(() => ({})) as {
      accepted?: number;
      rejected?: unknown[];
      error?: string;
    };
    s.requests++;
    s.sent += pending.length;
    if (!res.ok && !(res.status === 400 && Array.isArray(answer.rejected))) {
      throw new Error(
        `Cannot ingest into ${endpoint}: HTTP ${res.status}: ${answer.error ?? res.statusText}`,
      );
    }
    s.accepted += answer.accepted ?? 0;
    s.rejected += answer.rejected?.length ?? 0;
    pending = [];
    o.progress?.(s);
  };

  using file = await Deno.open(path);
  for await (const [line, no] of lines(file.readable)) {
    if (line.trim() === "") continue;
    if (csv && columns === undefined) {
      const h = parseCsvHeader(line);
      if ("error" in h) throw new Error(`Cannot ingest ${path}:${no}: ${h.error}`);
      columns = h.columns;
      continue;
    }
    s.lines++;
    const r: LineResult = csv ? parseCsvLine(line, columns!) : parseJsonLine(line);
    if ("error" in r) {
      s.malformed++;
      continue;
    }
    if (o.speed !== undefined) {
      // Send what is due, then wait until this reading's (scaled) event time.
      if (firstTs === undefined) [firstTs, startWall] = [r.reading.ts, now()];
      const ahead = (r.reading.ts - firstTs) / o.speed - (now() - startWall);
      if (ahead > 0) {
        await send();
        await sleep(ahead);
      }
    }
    pending.push(r.reading);
    if (pending.length >= size) await send();
  }
  await send();
  return s;
}

/** Parses the command line. */
export function parseIngestArgs(args: string[]): IngestOptions & { file: string } {
  const o: IngestOptions & { file?: string } = {
    url: "http://localhost:8000",
    apiKey: Deno.env.get("SLUICE_INGEST_KEY"),
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${a} must be a number > 0, got "${v}"`);
      return n;
    };
    if (a === "--realtime") o.speed ??= 1;
    else if (a === "--speed") o.speed = positive(value());
    else if (a === "--url") o.url = value();
    else if (a === "--api-key") o.apiKey = value();
    else if (a === "--batch") o.batch = Math.floor(positive(value()));
    else if (a.startsWith("--")) throw new Error(`unknown option "${a}"`);
    else if (o.file === undefined) o.file = a;
    else throw new Error(`one file at a time, got "${o.file}" and "${a}"`);
  }
  if (o.file === undefined) throw new Error("which file? (an .ndjson or .csv recording)");
  return o as IngestOptions & { file: string };
}

const USAGE =
  "Usage: deno task ingest FILE [--realtime] [--speed N] [--url http://localhost:8000] " +
  "[--api-key K] [--batch 500]";

if (import.meta.main) {
  let opts: ReturnType<typeof parseIngestArgs>;
  try {
    opts = parseIngestArgs(Deno.args);
  } catch (e) {
    console.error(`ingest: ${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const tty = Deno.stderr.isTerminal();
  const show = (s: IngestStats) => {
    const text = `sent ${s.sent} (accepted ${s.accepted}, rejected ${s.rejected}, ` +
      `malformed lines ${s.malformed}) in ${s.requests} requests`;
    Deno.stderr.writeSync(new TextEncoder().encode(tty ? `\r\x1b[2K${text}` : `${text}\n`));
  };
  try {
    const s = await ingestFile(opts.file, { ...opts, progress: show });
    if (tty) console.error("");
    console.log(JSON.stringify(s));
    Deno.exit(s.rejected + s.malformed > 0 ? 1 : 0);
  } catch (e) {
    console.error(`\n${(e as Error).message}`);
    Deno.exit(1);
  }
}
