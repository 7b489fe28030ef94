/**
 * Parsing recorded readings line by line, NDJSON or CSV, with messages that
 * say which field was refused and what it held.
 */
import { QUALITIES, type Quality, type Reading } from "../engine/record.ts";

/** A parsed reading, or the reason the line was refused. */
export type LineResult = { reading: Reading } | { error: string };

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** Epoch ms from a number, a numeric string or an ISO-8601 string. */
function toMs(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Checks and normalises one reading's fields (values may be strings when they came from CSV). */
export function toReading(o: Record<string, unknown>, fromText: boolean): LineResult {
  const ts = toMs(o.ts);
  if (ts === undefined) {
    return { error: `ts must be epoch ms or an ISO-8601 time, got ${show(o.ts)}` };
  }
  for (const k of ["machine", "sensor"] as const) {
    const v = o[k];
    if (typeof v !== "string" || v.length === 0 || v.length > 64) {
      return { error: `${k} must be a non-empty string of at most 64 characters, got ${show(v)}` };
    }
  }
  let value = o.value;
  if (fromText && typeof value === "string" && value.trim() !== "") value = Number(value);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return { error: `value must be a number, got ${show(o.value)}` };
  }
  const r: Reading = { ts, machine: o.machine as string, sensor: o.sensor as string, value };
  for (const k of ["unit", "label", "id"] as const) {
    const v = o[k];
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string") return { error: `${k} must be a string, got ${show(v)}` };
    r[k] = v;
  }
  if (o.quality !== undefined && o.quality !== null && o.quality !== "") {
    if (!QUALITIES.includes(o.quality as Quality)) {
      return { error: `quality must be one of ${QUALITIES.join(", ")}, got ${show(o.quality)}` };
    }
    r.quality = o.quality as Quality;
  }
  return { reading: r };
}

/** Parses one NDJSON line. */
export function parseJsonLine(line: string): LineResult {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    return { error: `expected a JSON object, got ${JSON.stringify(o)}` };
  }
  return toReading(o as Record<string, unknown>, false);
}

/** Splits one CSV line (RFC 4180 quoting: "a ""b""",c). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (v += '"', i += 2);
        else if (line[i] === '"') break;
        else v += line[i++];
      }
      out.push(v);
      i = line.indexOf(",", i);
      if (i < 0) break;
      i++;
    } else {
      const j = line.indexOf(",", i);
      out.push((j < 0 ? line.slice(i) : line.slice(i, j)).trim());
      if (j < 0) break;
      i = j + 1;
    }
  }
  return out;
}

const CSV_REQUIRED = ["ts", "machine", "sensor", "value"];
const CSV_KNOWN = new Set([...CSV_REQUIRED, "unit", "quality", "label", "id"]);

/** Column names of a CSV header, or an error naming the missing or unknown columns. */
export function parseCsvHeader(line: string): { columns: string[] } | { error: string } {
  const columns = splitCsv(line).map((c) => c.toLowerCase());
  const missing = CSV_REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      error: `CSV header must name ${CSV_REQUIRED.join(",")}; missing ${missing.join(", ")}`,
    };
  }
  const unknown = columns.filter((c) => !CSV_KNOWN.has(c));
  if (unknown.length > 0) return { error: `CSV header has unknown columns: ${unknown.join(", ")}` };
  return { columns };
}

/** Parses one CSV data line against the header's columns. */
export function parseCsvLine(line: string, columns: string[]): LineResult {
  const cells = splitCsv(line);
  if (cells.length !== columns.length) {
    return {
      error: `expected ${columns.length} fields (${columns.join(",")}), got ${cells.length}`,
    };
  }
  const o: Record<string, unknown> = {};
  columns.forEach((c, i) => (o[c] = cells[i]));
  return toReading(o, true);
}

/**
 * Lines of a byte stream, with 1-based line numbers; `\r\n` endings allowed.
 * Reads incrementally, so files of any size stream in bounded memory.
 */
export async function* lines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<[line: string, lineNo: number]> {
  let rest = "";
  let no = 0;
  // TextDecoderStream accepts any BufferSource; the cast narrows it to the stream we pipe.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  for await (const chunk of stream.pipeThrough(decoder)) {
    rest += chunk;
    let start = 0;
    let nl: number;
    while ((nl = rest.indexOf("\n", start)) >= 0) {
      const line = rest.slice(start, nl);
      start = nl + 1;
      yield [line.endsWith("\r") ? line.slice(0, -1) : line, ++no];
    }
    rest = rest.slice(start);
  }
  if (rest.length > 0) yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest, ++no];
}
