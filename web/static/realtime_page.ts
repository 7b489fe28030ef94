/** The plain real-time test page (SPEC §8): connect button, status, counters, live log. */
import { byId as $, doc } from "./dom.ts";
import { RealtimeClient } from "./ws_client.ts";

const counts: Record<string, number> = { sensor_update: 0, alert_triggered: 0, health_update: 0 };
let batches = 0;

function log(line: string): void {
  const li = doc.createElement("li");
  li.textContent = `${new Date().toISOString().slice(11, 23)} ${line}`;
  const list = $("log");
  list.prepend(li);
  while (list.children.length > 200) list.lastElementChild!.remove();
}

function show(): void {
  for (const [k, v] of Object.entries(counts)) $(`count-${k}`).textContent = String(v);
  $("count-batches").textContent = String(batches);
  $("count-reconnects").textContent = String(client.reconnects);
  $("position").textContent = client.position ?? "—";
}

const client = new RealtimeClient("/ws/dashboard/default", [
  "sensor_data",
  "alerts",
  "health_scores",
], {
  onMessages(messages) {
    batches++;
    for (const m of messages) {
      counts[m.type] = (counts[m.type] ?? 0) + 1;
      if (m.type !== "sensor_update") log(`${m.type} ${JSON.stringify(m.data)}`);
    }
    log(`batch of ${messages.length} up to offset ${messages.at(-1)?.position.offset}`);
    show();
  },
  onStatus(status, detail) {
    $("status").textContent = status;
    $("status").className = `status ${status}`;
    log(`${status}: ${detail}`);
    show();
  },
  onReload(reason) {
    log(`reload: ${reason}`);
  },
  onFrame(f) {
    if (f.type === "error") log(`error: ${f.message}`);
  },
});

let connected = false;
$("connect").addEventListener("click", () => {
  connected = !connected;
  if (connected) client.connect();
  else client.disconnect();
  $("connect").textContent = connected ? "Disconnect" : "Connect";
});
