/**
 * The minimal live page: per machine a table of sensors updating in place,
 * health, recent alerts, messages/s and totals.
 */
import { type Body, byId, cssEscape, doc, type El, type Row } from "./dom.ts";
import { RealtimeClient, type StreamMessage } from "./ws_client.ts";

const rows = new Map<string, Row>();

function machineCard(asset: string): El {
  const found = doc.querySelector(`[data-machine="${cssEscape(asset)}"]`);
  if (found) return found;
  const card = doc.createElement("section");
  card.className = "machine";
  card.dataset.machine = asset;
  card.innerHTML = `<h2><span class="name"></span> <span class="health">health —</span></h2>
    <table><thead><tr><th>sensor</th><th>value</th><th>unit</th></tr></thead><tbody></tbody></table>`;
  card.querySelector(".name")!.textContent = `Machine ${asset}`;
  byId("machines").append(card);
  return card;
}

function sensor(d: Record<string, unknown>): void {
  const id = String(d.sensor_id);
  let row = rows.get(id);
  if (!row) {
    row = doc.createElement("tr") as Row;
    row.innerHTML = "<td></td><td class='num'></td><td></td>";
    row.cells[0].textContent = String(d.sensor_type);
    const body = machineCard(String(d.asset_id)).querySelector("tbody") as Body;
    const after = Array.from(body.rows).find((r) =>
      (r.cells[0].textContent ?? "") > String(d.sensor_type)
    );
    body.insertBefore(row, after ?? null);
    rows.set(id, row);
  }
  const v = Number(d.value);
  row.cells[1].textContent = Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  row.cells[2].textContent = d.unit == null ? "" : String(d.unit);
  row.className = `q-${d.quality}`;
}

function alertItem(m: StreamMessage): void {
  const d = m.data;
  const li = doc.createElement("li");
  li.className = `sev-${d.severity}`;
  const when = new Date(m.timestamp).toISOString().slice(11, 19);
  li.textContent = `${when} ${d.asset_id} [${d.severity}] ${d.title}`;
  const list = byId("alerts");
  list.prepend(li);
  while (list.children.length > 30) list.lastElementChild!.remove();
}

function health(d: Record<string, unknown>): void {
  const el = machineCard(String(d.asset_id)).querySelector(".health")!;
  el.textContent = `health ${d.score}% (${d.risk_level})`;
  el.className = `health risk-${d.risk_level}`;
}

let received = 0;
const client = new RealtimeClient(
  "/ws/dashboard/default",
  ["sensor_data", "alerts", "health_scores"],
  {
    onMessages(messages) {
      received += messages.length;
      for (const m of messages) {
        if (m.type === "sensor_update") sensor(m.data);
        else if (m.type === "alert_triggered") alertItem(m);
        else if (m.type === "health_update") health(m.data);
      }
    },
    onStatus(status, detail) {
      const el = byId("status");
      el.textContent = `${status} (${detail})`;
      el.className = `status ${status}`;
    },
  },
);
client.connect();

async function pollStats(): Promise<void> {
  try {
    const s = await (await fetch("/api/stats")).json();
    byId("rate").textContent = String(s.messages_per_sec);
    byId("total").textContent = String(s.total_readings);
    byId("received").textContent = String(received);
  } catch {
    // The server is restarting; the next poll will tell.
  }
}
setInterval(pollStats, 1000);
pollStats();
