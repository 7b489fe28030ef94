import { equal } from "node:assert/strict";
import { rigLevel } from "./level.ts";
import { createTwinState } from "./state.ts";

function rig(
  patch: Partial<{ rpm: number; temperature: number; vibration: number; score: number }>,
) {
  return { ...createTwinState().rigs.A, rpm: 2000, temperature: 75, vibration: 1, ...patch };
}

Deno.test("rigLevel is NOM for normal values and before any reading", () => {
  equal(rigLevel(rig({})), "NOM");
  equal(rigLevel(createTwinState().rigs.B), "NOM");
});

Deno.test("rigLevel follows the catalog's warning and critical levels", () => {
  equal(rigLevel(rig({ temperature: 105 })), "WRN");
  equal(rigLevel(rig({ temperature: 125 })), "CRIT");
  equal(rigLevel(rig({ vibration: 5 })), "WRN");
  equal(rigLevel(rig({ rpm: 4600 })), "CRIT");
});

Deno.test("rigLevel is CRIT when the anomaly score passes 0.5", () => {
  equal(rigLevel(rig({ score: 0.5 })), "NOM");
  equal(rigLevel(rig({ score: 0.65 })), "CRIT");
});
