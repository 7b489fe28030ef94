/** Component definitions in pipeline/sinks/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { discard } from "./discard.ts";
import { websocket } from "./websocket.ts";

export const components: AnyComponentDef[] = [websocket, discard];
