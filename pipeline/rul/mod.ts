/** Component definitions in pipeline/rul/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { rul } from "./rul.ts";

export const components: AnyComponentDef[] = [rul];

export { type RulDisplay, rulDisplay } from "./display.ts";
export { evaluateRul, rulScores } from "./evaluate.ts";
export { loadRulModel, predictRul, type RulModel } from "./model.ts";
export { CMAPSS_SENSORS, INFORMATIVE_SENSOR_NAMES, loadCmapss, parseCmapss } from "./cmapss.ts";
