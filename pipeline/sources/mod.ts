/** Component definitions in pipeline/sources/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";

export const components: AnyComponentDef[] = [];
