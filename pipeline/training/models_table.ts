/** Rows of the `models` table (migrations/001_init.sql): one per training run. */
import type { Sql } from "postgres";
import type { TrainedModel } from "./train_models.ts";

/** A recorded model version. */
export interface ModelRow {
  name: string;
  version: number;
}

/**
 * Inserts a training run as the next version of `model.name` (1 for the first),
 * with its parameters, metrics, model path and the training window.
 */
export async function recordModel(
  sql: Sql,
  model: TrainedModel,
  window: { from: number; to: number },
): Promise<ModelRow> {
  const [row] = await sql<{ version: number }[]>`
    insert into models (name, version, kind, params, metrics, trained_from, trained_to, path)
    select ${model.name}, coalesce(max(version), 0) + 1, ${model.kind},
           ${sql.json(model.params as never)}, ${sql.json(model.metrics as never)},
           ${new Date(window.from)}, ${new Date(window.to)}, ${model.path}
    from models where name = ${model.name}
    returning version`;
  return { name: model.name, version: row.version };
}
