import assert from "node:assert/strict";
import { closest, didYouMean, editDistance, quoteList } from "./suggest.ts";

Deno.test("editDistance() counts a swap of adjacent letters as one edit", () => {
  assert.equal(editDistance("window", "widnow"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("same", "same"), 0);
});

Deno.test("closest() suggests likely typos only", () => {
  assert.equal(closest("windw", ["window", "validate", "threshold"]), "window");
  assert.equal(closest("Treshold", ["window", "threshold"]), "threshold");
  assert.equal(closest("postgres_sink", ["window", "threshold"]), undefined);
  assert.equal(closest("a", []), undefined);
});

Deno.test("didYouMean() and quoteList() phrase suggestions", () => {
  assert.equal(didYouMean("sise", ["size", "slide"]), '; did you mean "size"?');
  assert.equal(didYouMean("zzzz", ["size"]), "");
  assert.equal(quoteList(["a", "b", "c"]), '"a", "b" and "c"');
  assert.equal(quoteList(["a"]), '"a"');
});
