/** Component definitions in pipeline/sources/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { httpIngest } from "./http_ingest.ts";
import { kafkaSource } from "./kafka.ts";
import { replay } from "./replay.ts";
import { simulator } from "./simulator.ts";

export const components: AnyComponentDef[] = [simulator, replay, kafkaSource, httpIngest];
