/**
 * `POST /api/v1/ingest`: readings from outside into the running topology's
 * `http_ingest` source.
 *
 * Auth (until the API-keys issue lands): the request's `X-API-KEY` must equal
 * the env `SLUICE_INGEST_KEY`; without that variable every request is refused
 * with 401. Body: one reading, an array of readings, or `{"readings": [...]}`.
 * Every item is validated on its own: valid ones are ingested, invalid ones are
 * reported as `{index, reason}`. `?source=NAME` picks the `http_ingest`
 * component when the topology has several. The answer comes once the accepted
 * readings were handed downstream (backpressure); 503 when the source's queue
 * is full.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Reading } from "../../pipeline/engine/record.ts";
import { type HttpIngestSource, ingestTargets } from "../../pipeline/sources/http_ingest.ts";
import { toReading } from "../../pipeline/sources/replay_parse.ts";
import { jsonError } from "./errors.ts";

export interface IngestDeps {
  /** The expected API key (default: env SLUICE_INGEST_KEY, read per request). */
  key?: () => string | undefined;
  /** The running sources (default: the process-wide registry). */
  targets?: () => ReadonlyMap<string, HttpIngestSource>;
  /** Most items per request (default 10 000). */
  maxItems?: number;
}

/** Constant-time string comparison. */
function sameKey(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a), y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Validates every item; returns the readings and the refusals by index. */
export function validateItems(items: unknown[]): {
  readings: Reading[];
  rejected: { index: number; reason: string }[];
} {
  const readings: Reading[] = [];
  const rejected: { index: number; reason: string }[] = [];
  items.forEach((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      rejected.push({ index, reason: `expected a reading object, got ${JSON.stringify(item)}` });
      return;
    }
    const unknown = Object.keys(item).filter((k) =>
      !["ts", "machine", "sensor", "value", "unit", "quality", "label", "id"].includes(k)
    );
    if (unknown.length > 0) {
      rejected.push({
        index,
        reason: `unknown field${unknown.length > 1 ? "s" : ""} ${
          unknown.map((k) => `"${k}"`).join(", ")
        }`,
      });
      return;
    }
    const r = toReading(item as Record<string, unknown>, false);
    if ("error" in r) rejected.push({ index, reason: r.error });
    else readings.push(r.reading);
  });
  return { readings, rejected };
}

/** The ingest sub-app (mount at `/api/v1/ingest`). */
export function ingestApi(deps: IngestDeps = {}): Hono {
  const key = deps.key ?? (() => Deno.env.get("SLUICE_INGEST_KEY"));
  const targets = deps.targets ?? ingestTargets;
  const maxItems = deps.maxItems ?? 10_000;
  const app = new Hono();
  app.onError(jsonError);
  app.post("/", async (c) => {
    const expected = key();
    const given = c.req.header("x-api-key");
    if (!expected) {
      throw new HTTPException(401, {
        message: "Cannot ingest: ingest is disabled (set SLUICE_INGEST_KEY on the server)",
      });
    }
    if (!given || !sameKey(given, expected)) {
      throw new HTTPException(401, {
        message: `Cannot ingest: ${given ? "wrong" : "missing"} X-API-KEY header`,
      });
    }
    const all = targets();
    const wanted = c.req.query("source");
    const target = wanted !== undefined
      ? all.get(wanted)
      : all.size === 1
      ? [...all.values()][0]
      : undefined;
    if (!target) {
      const names = [...all.keys()];
      throw new HTTPException(all.size === 0 || wanted !== undefined ? 404 : 409, {
        message: wanted !== undefined
          ? `Cannot ingest: no http_ingest source "${wanted}" runs (running: ${
            names.join(", ") || "none"
          })`
          : all.size === 0
          ? "Cannot ingest: the running topology has no http_ingest source"
          : `Cannot ingest: several http_ingest sources run (${
            names.join(", ")
          }); pick one with ?source=NAME`,
      });
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HTTPException(400, { message: "Cannot ingest: the body must be JSON" });
    }
    const items = Array.isArray(body)
      ? body
      : body && typeof body === "object" && Array.isArray((body as { readings?: unknown }).readings)
      ? (body as { readings: unknown[] }).readings
      : [body];
    if (items.length === 0) {
      throw new HTTPException(400, { message: "Cannot ingest: no readings in the body" });
    }
    if (items.length > maxItems) {
      throw new HTTPException(413, {
        message: `Cannot ingest: ${items.length} readings in one request, at most ${maxItems}`,
      });
    }
    const { readings, rejected } = validateItems(items);
    if (readings.length > 0) {
      try {
        await target.push(readings);
      } catch (e) {
        const status = e instanceof RangeError ? 503 : 409;
        throw new HTTPException(status, { message: (e as Error).message });
      }
    }
    return c.json(
      { source: target.name, accepted: readings.length, rejected },
      readings.length === 0 ? 400 : 200,
    );
  });
  return app;
}
