/** Component definitions in pipeline/transforms/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { select } from "./select.ts";
import { validate } from "./validate.ts";

export const components: AnyComponentDef[] = [select, validate];
