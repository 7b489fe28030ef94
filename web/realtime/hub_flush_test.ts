import { equal } from "node:assert/strict";
import { ManualClock } from "../../pipeline/engine/clock.ts";
import { Hub } from "./hub.ts";
import { readings, RecordingSink } from "./testing.ts";

const SUBSCRIBE = JSON.stringify({ type: "subscribe", channels: ["sensor_data"] });

function started(opts: ConstructorParameters<typeof Hub>[0] = {}) {
  const clock = new ManualClock(1_700_000_000_000, false);
  const hub = new Hub({ clock, epoch: 3, heartbeatMs: 3_600_000, ...opts });
  const stop = hub.start();
  const client = () => {
    const sink = new RecordingSink();
    hub.connect(sink).receive(SUBSCRIBE);
    return sink;
  };
  return { clock, hub, stop, client };
}

Deno.test("a started hub sends an idle client's message right after the publishing batch", async () => {
  const { clock, hub, stop, client } = started();
  try {
    const sink = client();
    hub.publish(readings("A", ["rpm"]), "clean", "live");
    hub.publish(readings("B", ["rpm"]), "clean", "live");
    await Promise.resolve();
    equal(sink.ofType("batch").length, 1, "one frame for the whole publish burst");
    equal(sink.messages().length, 2);
    // Within the minimum gap the next message waits…
    clock.advance(5);
    hub.publish(readings("C", ["rpm"]), "clean", "live");
    await Promise.resolve();
    equal(sink.ofType("batch").length, 1);
    // …and goes once the gap (20 ms) has passed.
    clock.advance(15);
    hub.flushDue();
    equal(sink.ofType("batch").length, 2);
    equal(sink.messages().length, 3);
  } finally {
    stop();
  }
});

Deno.test("with more clients than fastClientLimit frames are coalesced to flushMs", async () => {
  const { clock, hub, stop, client } = started({ fastClientLimit: 1 });
  try {
    const a = client();
    const b = client();
    equal(hub.frameGapMs(), 100);
    hub.publish(readings("A", ["rpm"]), "clean", "live");
    await Promise.resolve();
    equal(a.ofType("batch").length, 1); // never flushed before: due at once
    hub.publish(readings("A", ["rpm"], 2_000), "clean", "live");
    clock.advance(20);
    hub.flushDue();
    equal(a.ofType("batch").length, 1);
    clock.advance(80);
    hub.flushDue();
    equal(a.ofType("batch").length, 2);
    equal(b.messages().length, 2);
  } finally {
    stop();
  }
});

Deno.test("an unstarted hub flushes only on tick (tests drive it by hand)", async () => {
  const hub = new Hub({ clock: new ManualClock(0, false), epoch: 1 });
  const sink = new RecordingSink();
  hub.connect(sink).receive(SUBSCRIBE);
  hub.publish(readings("A", ["rpm"]), "clean", "live");
  await Promise.resolve();
  equal(sink.ofType("batch").length, 0);
  hub.tick();
  equal(sink.ofType("batch").length, 1);
});
