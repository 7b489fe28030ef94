/**
 * Durations in topology files.
 *
 * The convention, held across every component: a duration option is written as
 * a string with a unit — `500ms`, `5s`, `2m`, `1h`, `1d`, decimals (`1.5s`) and
 * compounds (`1m30s`) allowed — and arrives in the parsed config as a number
 * of **milliseconds**. A plain non-negative number is also accepted and means
 * milliseconds; that keeps parsed configs (and `examples`, which are typed as
 * parsed configs) valid input to the same schema.
 */
import { z } from "zod";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The string form, anchored; also used as the JSON Schema `pattern`. */
export const DURATION_PATTERN = "^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$";
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Milliseconds in a duration string, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 * parseDuration("1m30s"); // 90000
 * parseDuration("5 sec"); // undefined
 * ```
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(PART_RE)) ms += Number(n) * UNIT_MS[unit];
  return ms;
}

/**
 * The shortest exact string for a number of milliseconds (for docs and messages).
 *
 * @example
 * ```ts
 * import { formatDuration } from "./duration.ts";
 * formatDuration(90000); // "1m30s"
 * formatDuration(250); // "250ms"
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return String(ms);
  if (ms === 0) return "0s";
  if (!Number.isInteger(ms)) return `${ms}ms`;
  let rest = ms;
  let out = "";
  for (const unit of ["d", "h", "m", "s", "ms"]) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}

/** The message every malformed duration gets. */
export function durationMessage(input: unknown): string {
  return `expected a duration like "5s", "500ms", "2m", got ${describe(input)}`;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Zod schema for a duration option: `"5s"` → `5000`, `250` → `250` (ms).
 *
 * zod v4's `.default()` takes the *parsed* value, so write defaults either as
 * `.prefault("5s")` (parsed like user input; shown as "5s" in docs and in the
 * JSON Schema) or in milliseconds, `.default(5000)`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { durationMs } from "./duration.ts";
 * const config = z.object({
 *   size: durationMs.meta({ description: "Window length" }),
 *   watermark: durationMs.default(2000).meta({ description: "Allowed out-of-orderness" }),
 * }).strict();
 * config.parse({ size: "5s" }); // { size: 5000, watermark: 2000 }
 * ```
 */
export const durationMs = z
  .union([
    z.number({ error: (iss) => durationMessage(iss.input) }).nonnegative({
      error: (iss) => durationMessage(iss.input),
    }),
    z.string({ error: (iss) => durationMessage(iss.input) }).regex(DURATION_RE, {
      error: (iss) => durationMessage(iss.input),
    }),
  ], { error: (iss) => durationMessage(iss.input) })
  .transform((v) => typeof v === "number" ? v : parseDuration(v)!)
  .meta({
    description: 'Duration: a number with a unit (ms, s, m, h, d), e.g. "500ms", "5s", "1m30s"',
  });
