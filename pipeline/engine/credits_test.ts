import { equal } from "node:assert/strict";
import { Credits } from "./credits.ts";

Deno.test("Credits blocks the acquirer past capacity until a release", async () => {
  const c = new Credits(2);
  await c.acquire();
  await c.acquire();
  let third = false;
  const p = c.acquire().then(() => third = true);
  await Promise.resolve();
  equal(third, false);
  c.release();
  await p;
  equal(third, true);
  equal(c.inUse, 2);
});
