/**
 * The database goes away for 30 s mid-stream: the pipeline backs off (the
 * sink retries, the consumer waits), memory stays bounded, and it catches up
 * with nothing lost. Runs a private Postgres cluster (initdb + pg_ctl on a
 * free port) so the shared server is not disturbed.
 */
import { equal, ok } from "node:assert/strict";
import {
  committedTotal,
  consumerYaml,
  freshDatabase,
  PipelineProcess,
  produceReadings,
  readingCount,
  requireServices,
  skip,
  transport,
  uniqueName,
  waitUntil,
  writeTopology,
} from "./kafka_support.ts";

const N = 30_000;
const OUTAGE_MS = 30_000;

/** A throwaway Postgres cluster; as root, its commands run as the postgres user. */
class PrivateCluster {
  constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PrivateCluster> {
    const dir = await Deno.makeTempDir({ prefix: "sluice_pg_" });
    const c = new PrivateCluster(dir, 20_000 + Math.floor(Math.random() * 20_000));
    if (Deno.uid() === 0) await run("chown", ["postgres", dir]);
    await c.#pg("initdb", ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    await c.start();
    return c;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): Promise<void> {
    return this.#pg("pg_ctl", [
      "-D",
      `${this.dir}/data`,
      "-l",
      `${this.dir}/log`,
      "-w",
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      "start",
    ]);
  }

  stop(): Promise<void> {
    return this.#pg("pg_ctl", ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }

  #pg(cmd: string, args: string[]): Promise<void> {
    return Deno.uid() === 0
      ? run("runuser", ["-u", "postgres", "--", cmd, ...args])
      : run(cmd, args);
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test({
  name: "kafka pipeline rides out a 30 s database outage with bounded memory and no loss",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    requireServices();
    const cluster = await PrivateCluster.create();
    const t = transport();
    const topic = uniqueName("kt_outage");
    await t.ensureTopics([{ topic, partitions: 6 }]);
    const db = await freshDatabase(topic, cluster.url);
    const file = await writeTopology(
      consumerYaml({ topic, group: topic, fetchBytes: 32_768, maxRetries: 12 }),
    );
    const proc = new PipelineProcess(file, {
      KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS")!,
      DATABASE_URL: db.url,
    });
    try {
      await produceReadings(t, topic, 0, N / 2);
      await waitUntil(
        "first half written",
        () => readingCount(db.sql),
        (n) => n === N / 2,
        60_000,
        () => proc.stderr,
      );
      // Offsets are committed with the next checkpoint (checkpoint_interval), after the write.
      await waitUntil(
        "first half committed",
        () => committedTotal(t, topic, topic),
        (n) => n === N / 2,
        30_000,
        () => proc.stderr,
      );
      const rssBefore = proc.rssMb();
      await cluster.stop();
      const outageEnds = Date.now() + OUTAGE_MS;
      await produceReadings(t, topic, N / 2, N);
      let rssMax = 0;
      while (Date.now() < outageEnds) {
        rssMax = Math.max(rssMax, proc.rssMb());
        await new Promise((r) => setTimeout(r, 1000));
      }
      equal(
        await committedTotal(t, topic, topic),
        N / 2,
        "nothing committed while the database is down",
      );
      await cluster.start();
      await waitUntil(
        "everything committed after the outage",
        () => committedTotal(t, topic, topic),
        (n) => n === N,
        90_000,
        () => proc.stderr,
      );
      equal(await proc.interrupt(), 0, proc.stderr);
      equal(await readingCount(db.sql), N);
      ok(
        rssMax < rssBefore + 100,
        `RSS grew from ${rssBefore} MB to ${rssMax} MB during the outage`,
      );
    } finally {
      await proc.crash().catch(() => {});
      await db.drop().catch(() => {});
      await cluster.destroy();
      await t.deleteTopics([topic]).catch(() => {});
    }
  },
});
