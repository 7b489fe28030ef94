/** Component definitions in pipeline/sinks/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { discard } from "./discard.ts";
import { dlqSink } from "./dlq.ts";
import { fileSink } from "./file.ts";
import { kafkaSink } from "./kafka.ts";
import { postgresSink } from "./postgres.ts";
import { websocket } from "./websocket.ts";

export const components: AnyComponentDef[] = [
  websocket,
  discard,
  postgresSink,
  fileSink,
  dlqSink,
  kafkaSink,
];
