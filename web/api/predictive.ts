/**
 * Predictive maintenance API (SPEC §8, issue 5 item 8), mounted under `/api`:
 *
 * - `GET /api/v1/predictive-health`: per machine the latest remaining useful
 *   life (live from the topology's `rul` components, else the newest row of
 *   `rul_estimates`), with the display text (`X HRS|X DAYS|X WEEKS`) and colour.
 * - `GET /api/lstm-status`: the `lstm_autoencoder` components' state (trained?,
 *   quality, threshold, sequence length), merged over partitions.
 * - `GET /api/lstm-predictions`: each machine's current score and forecast.
 * - `POST /api/models/reload`: makes every `isolation_forest` and
 *   `lstm_autoencoder` component reload its model file (after `deno task train`).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Sql } from "postgres";
import type { RulEstimate } from "../../pipeline/engine/record.ts";
import { rulDisplay } from "../../pipeline/rul/display.ts";
import { configuredMachines, type PipelinePort } from "../pipeline_port.ts";
import { type Forecast, forecastMessage } from "../../pipeline/detectors/lstm_forecast.ts";

export interface PredictiveDeps {
  pipeline: PipelinePort;
  /** The store: RUL of machines the live stream has not estimated yet. */
  sql?: Sql;
  /** Aborting it unsubscribes the taps on the `rul` components. */
  signal?: AbortSignal;
}

/** One machine's entry of `GET /api/v1/predictive-health`. */
export interface MachineHealth {
  machine: string;
  rul_hours: number | null;
  lower_hours: number | null;
  upper_hours: number | null;
  confidence: number | null;
  method: string | null;
  /** `X HRS` (red, < 24 h), `X DAYS` (yellow, < 1 week), `X WEEKS` (green); null without an estimate. */
  display: string | null;
  colour: "red" | "yellow" | "green" | null;
  /** Event time of the estimate (ISO-8601). */
  ts: string | null;
  source: "live" | "store" | "none";
}

const RELOADABLE = ["isolation_forest", "lstm_autoencoder"];

interface LastScore {
  ts: number;
  score: number;
  is_anomaly: boolean;
  forecast: Forecast | null;
}

/** One `lstm_autoencoder` component's status, merged over its partitions. */
export interface LstmStatus {
  component: string;
  trained: boolean;
  /** Trained partition replicas out of all, e.g. "2/8". */
  replicas_trained: string;
  training: boolean;
  error: string | null;
  sequence: number | null;
  threshold: number | null;
  sensors: string[];
  quality: unknown;
  machines: Record<string, LastScore | null>;
}

/**
 * Merges the per-partition answers of `control({action: "status"})` (each
 * partition trains on and scores its own machines; replicas that own no
 * machine never train, so one trained replica makes the component trained).
 */
export function mergeLstmStatus(component: string, answers: unknown[]): LstmStatus {
  const parts = answers.filter((a): a is Record<string, unknown> => !!a && typeof a === "object");
  const first = parts.find((p) => p.trained) ?? parts[0] ?? {};
  const machines: Record<string, LastScore | null> = {};
  for (const p of parts) Object.assign(machines, p.machines ?? {});
  const errors = parts.map((p) => p.error).filter((e) => typeof e === "string");
  return {
    component,
    trained: parts.some((p) => p.trained === true),
    replicas_trained: `${parts.filter((p) => p.trained === true).length}/${parts.length}`,
    training: parts.some((p) => p.training === true),
    error: errors.length > 0 ? String(errors[0]) : null,
    sequence: typeof first.sequence === "number" ? first.sequence : null,
    threshold: typeof first.threshold === "number" ? first.threshold : null,
    sensors: Array.isArray(first.sensors) ? first.sensors as string[] : [],
    quality: first.quality ?? null,
    machines,
  };
}

/** Names of the running topology's components of one `type`. */
function componentsOfType(pipeline: PipelinePort, type: string): string[] {
  return pipeline.topology.components.filter((c) => c.type === type).map((c) => c.name);
}

/** Latest RUL estimate per machine, as the `rul` components emit them. */
function liveRul(deps: PredictiveDeps): Map<string, RulEstimate> {
  const latest = new Map<string, RulEstimate>();
  for (const name of componentsOfType(deps.pipeline, "rul")) {
    const stop = deps.pipeline.tap(name, "out", (batch) => {
      if (batch.kind !== "events") return;
      for (const r of batch.records) {
        if (r.kind !== "rul") continue;
        const prev = latest.get(r.machine);
        if (!prev || r.ts >= prev.ts) latest.set(r.machine, r);
      }
    });
    deps.signal?.addEventListener("abort", stop, { once: true });
  }
  return latest;
}

interface RulRow {
  machine: string;
  ts: Date;
  method: string;
  hours: number;
  hours_lower: number | null;
  hours_upper: number | null;
  confidence: number | null;
}

async function storedRul(sql: Sql): Promise<Map<string, RulEstimate>> {
  const rows = await sql<RulRow[]>`
    select distinct on (machine) machine, ts, method, hours, hours_lower, hours_upper, confidence
    from rul_estimates order by machine, ts desc`;
  return new Map(rows.map((r) => [r.machine, {
    kind: "rul",
    machine: r.machine,
    ts: new Date(r.ts).getTime(),
    method: r.method,
    hours: r.hours,
    lower: r.hours_lower ?? r.hours,
    upper: r.hours_upper ?? r.hours,
    confidence: r.confidence ?? 0,
  }]));
}

function health(
  machine: string,
  e: RulEstimate | undefined,
  source: "live" | "store",
): MachineHealth {
  if (!e) {
    return {
      machine,
      rul_hours: null,
      lower_hours: null,
      upper_hours: null,
      confidence: null,
      method: null,
      display: null,
      colour: null,
      ts: null,
      source: "none",
    };
  }
  const d = rulDisplay(Math.max(0, e.hours));
  return {
    machine,
    rul_hours: Math.round(e.hours * 10) / 10,
    lower_hours: Math.round(e.lower * 10) / 10,
    upper_hours: Math.round(e.upper * 10) / 10,
    confidence: e.confidence,
    method: e.method,
    display: d.text,
    colour: d.colour,
    ts: new Date(e.ts).toISOString(),
    source,
  };
}

/** The predictive API sub-app (mount with `app.route("/api", predictiveApi(deps))`). */
export function predictiveApi(deps: PredictiveDeps): Hono {
  const { pipeline } = deps;
  const live = liveRul(deps);
  const app = new Hono();

  app.get("/v1/predictive-health", async (c) => {
    const stored = deps.sql ? await storedRul(deps.sql) : new Map<string, RulEstimate>();
    const machines = [
      ...new Set([...configuredMachines(pipeline), ...live.keys(), ...stored.keys()]),
    ].sort();
    return c.json({
      rul_components: componentsOfType(pipeline, "rul"),
      machines: machines.map((m) =>
        live.has(m) ? health(m, live.get(m), "live") : health(m, stored.get(m), "store")
      ),
    });
  });

  const lstm = async () => {
    const names = componentsOfType(pipeline, "lstm_autoencoder");
    if (names.length === 0) {
      throw new HTTPException(404, {
        message: "no lstm_autoencoder component in the running topology",
      });
    }
    return await Promise.all(names.map(async (name) => {
      try {
        return mergeLstmStatus(name, await pipeline.control(name, { action: "status" }));
      } catch (e) {
        throw new HTTPException(502, {
          message: `Cannot read the status of "${name}": ${e instanceof Error ? e.message : e}`,
        });
      }
    }));
  };

  app.get("/lstm-status", async (c) => {
    const components = (await lstm()).map(({ machines: _, ...status }) => status);
    return c.json({ components });
  });

  app.get("/lstm-predictions", async (c) => {
    const predictions = (await lstm()).flatMap((s) =>
      Object.entries(s.machines).map(([machine, last]) => ({
        component: s.component,
        machine,
        ts: last ? new Date(last.ts).toISOString() : null,
        score: last?.score ?? null,
        is_anomaly: last?.is_anomaly ?? null,
        forecast: last?.forecast ?? null,
        message: last?.forecast ? forecastMessage(last.forecast) : null,
      }))
    ).sort((a, b) => a.machine.localeCompare(b.machine));
    return c.json({ predictions });
  });

  app.post("/models/reload", async (c) => {
    const names = pipeline.topology.components.filter((x) => RELOADABLE.includes(x.type));
    if (names.length === 0) {
      throw new HTTPException(404, {
        message: "no isolation_forest or lstm_autoencoder component in the running topology",
      });
    }
    const results = await Promise.all(names.map(async ({ name, type }) => {
      try {
        const answers = await pipeline.control(name, { action: "reload" });
        const failed = answers.find((a) => (a as { ok?: unknown } | null)?.ok === false);
        return failed
          ? { component: name, type, ok: false, error: (failed as { error?: unknown }).error }
          : { component: name, type, ok: true, answers };
      } catch (e) {
        return {
          component: name,
          type,
          ok: false,
          error: e instanceof Error ? e.message : String(e),
        };
      }
    }));
    return c.json({ reloaded: results.filter((r) => r.ok).length, results });
  });

  return app;
}
