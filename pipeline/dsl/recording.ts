/**
 * Recorded readings for `tests:` blocks: NDJSON (one reading per line) or CSV
 * with a header row (`ts,machine,sensor,value[,unit,quality,label,id]`).
 * `ts` may be epoch milliseconds or an ISO-8601 timestamp; it becomes epoch ms.
 */
import { type Reading, ReadingSchema } from "../engine/record.ts";
import { show, valueMessage } from "./zod_issues.ts";

export interface RecordingProblem {
  /** 1-based line in the recording. */
  line: number;
  column: number;
  message: string;
}

export interface ParsedRecording {
  readings: Reading[];
  problems: RecordingProblem[];
}

/** Which parser a recording path needs, from its extension. */
export function recordingFormat(path: string): "ndjson" | "csv" | undefined {
  const ext = path.toLowerCase().split(".").pop();
  if (ext === "ndjson" || ext === "jsonl" || ext === "json") return "ndjson";
  if (ext === "csv") return "csv";
  return undefined;
}

/**
 * Validates one reading object; `ts` becomes epoch ms.
 * Returns the reading, or the problems (paths relative to the reading).
 *
 * @example
 * ```ts
 * import { toReading } from "./recording.ts";
 * toReading({ ts: "1970-01-01T00:00:01Z", machine: "A", sensor: "rpm", value: 1 });
 * // { reading: { ts: 1000, machine: "A", sensor: "rpm", value: 1 } }
 * ```
 */
export function toReading(
  value: unknown,
): { reading: Reading; problems?: undefined } | {
  reading?: undefined;
  problems: { path: (string | number)[]; message: string }[];
} {
  const r = ReadingSchema.safeParse(value, { reportInput: true });
  if (!r.success) {
    const ts = (value as { ts?: unknown } | null)?.ts;
    const badTs = typeof ts === "string" && parseTimestamp(ts) === undefined;
    return {
      problems: [
        ...r.error.issues.map((i) => ({
          path: i.path.map((p) => typeof p === "symbol" ? String(p) : p),
          message: i.code === "unrecognized_keys"
            ? `unknown field${i.keys.length > 1 ? "s" : ""} ${
              i.keys.map((k) => `"${k}"`).join(", ")
            }`
            : `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${valueMessage(i)}`,
        })),
        ...(badTs ? [tsProblem(ts)] : []),
      ],
    };
  }
  const ts = typeof r.data.ts === "number" ? r.data.ts : parseTimestamp(r.data.ts);
  if (ts === undefined || !Number.isFinite(ts)) return { problems: [tsProblem(r.data.ts)] };
  return { reading: { ...r.data, ts } as Reading };
}

function tsProblem(ts: unknown): { path: (string | number)[]; message: string } {
  return {
    path: ["ts"],
    message: `ts: expected epoch milliseconds or an ISO-8601 timestamp, got ${show(ts)}`,
  };
}

function parseTimestamp(s: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(s.trim())) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Parses a recording; every bad line is a problem, good lines still count. */
export function parseRecording(text: string, format: "ndjson" | "csv"): ParsedRecording {
  return format === "csv" ? parseCsv(text) : parseNdjson(text);
}

function parseNdjson(text: string): ParsedRecording {
  const readings: Reading[] = [];
  const problems: RecordingProblem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problems.push({ line: i + 1, column: 1, message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    const r = toReading(value);
    if (r.reading) readings.push(r.reading);
    else for (const p of r.problems) problems.push({ line: i + 1, column: 1, message: p.message });
  });
  return { readings, problems };
}

const NUMERIC = new Set(["value"]);

function parseCsv(text: string): ParsedRecording {
  const readings: Reading[] = [];
  const problems: RecordingProblem[] = [];
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  if (headerAt < 0) return { readings, problems };
  const header = splitCsvLine(lines[headerAt]).map((h) => h.trim());
  const missing = ["ts", "machine", "sensor", "value"].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.push({
      line: headerAt + 1,
      column: 1,
      message: `CSV header must name ts, machine, sensor and value; missing ${missing.join(", ")}`,
    });
    return { readings, problems };
  }
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      problems.push({
        line: i + 1,
        column: 1,
        message: `expected ${header.length} cells like the header, got ${cells.length}`,
      });
      continue;
    }
    const obj: Record<string, unknown> = {};
    header.forEach((h, j) => {
      const cell = cells[j];
      if (cell === "") return;
      obj[h] = NUMERIC.has(h) && cell.trim() !== "" && !Number.isNaN(Number(cell))
        ? Number(cell)
        : h === "ts" && /^-?\d+(\.\d+)?$/.test(cell.trim())
        ? Number(cell)
        : cell;
    });
    const r = toReading(obj);
    if (r.reading) readings.push(r.reading);
    else for (const p of r.problems) problems.push({ line: i + 1, column: 1, message: p.message });
  }
  return { readings, problems };
}

/** Splits one CSV line, honouring double quotes (`""` escapes a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
