/** Component definitions in pipeline/windows/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { windowDef } from "./window.ts";

export const components: AnyComponentDef[] = [windowDef];
