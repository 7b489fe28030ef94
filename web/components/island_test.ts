import { equal, throws } from "node:assert/strict";
import { Island, islandScript, scriptJson } from "./island.ts";

Deno.test("scriptJson cannot close the script element it is embedded in", () => {
  const text = scriptJson({ title: "</script><script>alert(1)</script> & \u2028" });
  equal(text.includes("</script>"), false);
  equal(text.includes("&"), false);
  equal(JSON.parse(text).title, "</script><script>alert(1)</script> & \u2028");
});

Deno.test("Island renders a mount element and its JSON props; names must be PascalCase", async () => {
  const html = String(await Island("Topology", { poll_ms: 1000 }, "loading"));
  equal(
    html.includes('<div class="island" id="island-Topology" data-island="Topology">loading'),
    true,
  );
  equal(html.includes('id="island-Topology-props">{"poll_ms":1000}</script>'), true);
  equal(islandScript("Topology"), "/static/build/islands/Topology.js");
  throws(() => Island("topology", {}), /PascalCase/);
});
