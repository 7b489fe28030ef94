import { deepEqual, throws } from "node:assert/strict";
import { rulDisplay } from "./display.ts";

Deno.test("rulDisplay() shows hours in red under 24 h", () => {
  deepEqual(rulDisplay(0), { text: "0 HRS", colour: "red" });
  deepEqual(rulDisplay(23.99), { text: "23 HRS", colour: "red" });
});

Deno.test("rulDisplay() switches to yellow days at exactly 24 h", () => {
  deepEqual(rulDisplay(24), { text: "1 DAYS", colour: "yellow" });
  deepEqual(rulDisplay(7 * 24 - 0.01), { text: "6 DAYS", colour: "yellow" });
});

Deno.test("rulDisplay() switches to green weeks at exactly one week", () => {
  deepEqual(rulDisplay(7 * 24), { text: "1 WEEKS", colour: "green" });
  deepEqual(rulDisplay(10 * 7 * 24 + 5), { text: "10 WEEKS", colour: "green" });
});

Deno.test("rulDisplay() refuses negative and non-finite hours", () => {
  throws(() => rulDisplay(-1), /hours must be a finite number >= 0, got -1/);
  throws(() => rulDisplay(Infinity), /got Infinity/);
});
