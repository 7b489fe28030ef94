/**
 * Shared plumbing of the Kafka integration tests: the real broker
 * (`KAFKA_BROKERS`, started by `deno task kafka:up`) and the real Postgres
 * server (`DATABASE_URL`). Under `CI=true` a missing service fails the
 * tests; elsewhere they are skipped with a note.
 *
 * Each test gets unique topic/group names and a fresh database, and runs the
 * pipeline as a subprocess (`pipeline/dsl/cli.ts run`) so it can be killed.
 * Waiting on those processes is polling with a deadline: the deadline only
 * turns a hang into a failure, it is not what the test asserts.
 */
import postgres from "postgres";
import { migrate } from "../../pipeline/store/migrate.ts";
import { kafkaConnectionFromEnv } from "../../pipeline/transport/kafka_env.ts";
import { kafkajsTransport } from "../../pipeline/transport/kafkajs_transport.ts";
import type { OutgoingMessage, Transport } from "../../pipeline/transport/transport.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CI = Deno.env.get("CI") === "true";
export const BROKERS = Deno.env.get("KAFKA_BROKERS") ?? "";
export const DATABASE_URL = Deno.env.get("DATABASE_URL") ?? "";

/** `ignore` for Deno.test: skip without services, except under CI (where the test then fails). */
export const skip = !CI && (!BROKERS || !DATABASE_URL);
if (skip) console.error("kafka integration tests skipped: set KAFKA_BROKERS and DATABASE_URL");

/** Throws (under CI) when a service is not configured. */
export function requireServices(): void {
  if (!BROKERS) throw new Error("KAFKA_BROKERS is not set (run `deno task kafka:up`)");
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (a Postgres server is needed)");
}

export function transport(): Transport {
  return kafkajsTransport(kafkaConnectionFromEnv({ KAFKA_BROKERS: BROKERS }), {
    level: "nothing",
  });
}

/** A short unique suffix for topic, group and database names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A fresh, migrated database on the server of `base` (default DATABASE_URL); `drop()` removes it. */
export async function freshDatabase(name: string, base = DATABASE_URL) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  await migrate(sql, {});
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const a = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

export const T0 = Date.UTC(2024, 0, 1);
const MACHINES = ["A", "B", "C"];

/** Reading `i` of a test stream: unique (machine, sensor, ts) and a unique id. */
export function readingMessage(i: number): OutgoingMessage {
  const machine = MACHINES[i % 3];
  const r = {
    ts: T0 + Math.floor(i / 3) * 10,
    machine,
    sensor: "rpm",
    value: 1000 + (i % 2000),
    unit: "rpm",
    id: `r${i}`,
  };
  return { key: machine, value: JSON.stringify(r) };
}

/** Produces readings [from, to) to `topic`, `chunk` per request (≈ broker record batches). */
export async function produceReadings(
  t: Transport,
  topic: string,
  from: number,
  to: number,
  chunk = 1000,
) {
  const p = t.producer({ compression: "none" });
  try {
    for (let i = from; i < to; i += chunk) {
      const msgs: OutgoingMessage[] = [];
      for (let j = i; j < Math.min(to, i + chunk); j++) msgs.push(readingMessage(j));
      await p.send(topic, msgs);
    }
  } finally {
    await p.close();
  }
}

/** A consuming pipeline (the CLI's `run`) as a killable subprocess. */
export class PipelineProcess {
  readonly child: Deno.ChildProcess;
  #err = "";
  #drained: Promise<void>;

  constructor(file: string, env: Record<string, string>) {
    const child = this.child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}pipeline/dsl/cli.ts`, "run", file],
      cwd: ROOT,
      env: { ...env, NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    this.#drained = (async () => {
      const dec = new TextDecoder();
      for await (const chunk of child.stderr) {
        this.#err = (this.#err + dec.decode(chunk)).slice(-4000);
      }
    })();
  }

  get pid(): number {
    return this.child.pid;
  }

  /** The last few KB of its stderr, for failure messages. */
  get stderr(): string {
    return this.#err;
  }

  /** kill -9: no shutdown, no flush, no offset commit. */
  async crash(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.child.status;
    await this.#drained;
  }

  /** Ctrl-C: the pipeline flushes and exits; resolves with the exit code. */
  async interrupt(): Promise<number> {
    this.child.kill("SIGINT");
    const { code } = await this.child.status;
    await this.#drained;
    return code;
  }

  /** Resident memory in MB (Linux), for the bounded-memory check. */
  rssMb(): number {
    const status = Deno.readTextFileSync(`/proc/${this.pid}/status`);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0");
    return kb / 1024;
  }
}

/** Polls `probe` every 200 ms until `done(value)`; throws with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  context: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch {
      // the service may be restarting; keep polling until the deadline
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})\n` +
          context(),
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Row count of `readings` in a database. */
export async function readingCount(sql: postgres.Sql): Promise<number> {
  const [{ n }] = await sql`select count(*)::int as n from readings`;
  return n;
}

/** The window aggregates of a database, one row per (machine, sensor, window). */
export async function aggregateRows(sql: postgres.Sql) {
  return await sql<
    { key: string; count: number; mean: number; min: number; max: number }[]
  >`select machine || '/' || sensor || '/' || (extract(epoch from window_start) * 1000)::bigint
             as key, count, mean, min, max
    from aggregates order by machine, sensor, window_start, window_end`;
}

/** Sum of committed positions of a group on a topic (= records consumed and durable). */
export async function committedTotal(t: Transport, group: string, topic: string) {
  const offsets = await t.committed(group, topic);
  return offsets.reduce((s, o) => s + Math.max(0, Number(o.offset)), 0);
}

/** Writes a consumer topology for one test into a temp dir; returns its path. */
export async function writeTopology(yaml: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "sluice_kafka_" });
  const file = `${dir}/topology.yaml`;
  await Deno.writeTextFile(file, yaml);
  return file;
}

/** The consumer topology of the tests: kafka → validate → postgres (+ dlq). */
export function consumerYaml(opts: {
  topic: string;
  group: string;
  extraSinks?: string;
  maxRetries?: number;
  /** Smaller fetches mean more, smaller transactions and offset commits. */
  fetchBytes?: number;
  /** Adds 1 s tumbling windows (nothing is ever too late) whose aggregates go to the database. */
  windows?: boolean;
  /** The kafka source's `checkpoint_interval` (default 5s). */
  checkpointInterval?: string;
}): string {
  const win = opts.windows
    ? `  win: { type: window, inputs: [clean], kind: tumbling, size: 1s, watermark: 2s,
         allowed_lateness: 1h }\n`
    : "";
  return `version: 1
name: kafka-consumer-test
workers: 1
sources:
  kafka: { type: kafka, topics: [${opts.topic}], group_id: ${opts.group}, machines: [A, B, C],
           session_timeout: 6s, max_bytes_per_partition: ${opts.fetchBytes ?? 1048576},
           checkpoint_interval: ${opts.checkpointInterval ?? "5s"} }
transforms:
  clean: { type: validate, inputs: [kafka] }
${win}sinks:
  db: { type: postgres, inputs: [clean${opts.windows ? ", win" : ""}], max_retries: ${
    opts.maxRetries ?? 8
  } }
  dead: { type: dlq, inputs: [kafka.dlq, clean.dlq] }
${opts.extraSinks ?? ""}`;
}
