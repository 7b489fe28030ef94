/**
 * Kafka connection settings from the environment (SPEC §12):
 * `KAFKA_BROKERS` (comma-separated host:port), `KAFKA_SASL_MECHANISM`
 * (plain | scram-sha-256 | scram-sha-512), `KAFKA_SASL_USERNAME`,
 * `KAFKA_SASL_PASSWORD`, `KAFKA_SSL` (true/1 to use TLS), and
 * `KAFKA_CLIENT_ID` (default "sluice").
 */

export const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;
export type SaslMechanism = typeof SASL_MECHANISMS[number];

/** Where and how to connect; secrets stay in memory, never in messages. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

const HOST_PORT = /^[A-Za-z0-9._:\[\]-]+:\d{1,5}$/;

/**
 * Reads the connection from `env`; `brokers` (e.g. from a topology option)
 * wins over `KAFKA_BROKERS`.
 *
 * @example
 * ```ts
 * import { kafkaConnectionFromEnv } from "./kafka_env.ts";
 * const c = kafkaConnectionFromEnv({ KAFKA_BROKERS: "127.0.0.1:9092" });
 * console.log(c.brokers); // ["127.0.0.1:9092"]
 * ```
 */
export function kafkaConnectionFromEnv(
  env: Record<string, string | undefined>,
  brokers?: string[],
): KafkaConnection {
  const list = brokers?.length
    ? brokers
    : (env.KAFKA_BROKERS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) {
    throw new Error(
      "Cannot connect to Kafka: no brokers (set KAFKA_BROKERS, e.g. 127.0.0.1:9092, " +
        "or `brokers:` in the topology; `deno task kafka:up` starts a local one)",
    );
  }
  for (const b of list) {
    if (!HOST_PORT.test(b)) {
      throw new Error(`Cannot connect to Kafka: broker must be host:port, got "${b}"`);
    }
  }
  const ssl = /^(1|true|yes|on)$/i.test(env.KAFKA_SSL ?? "");
  const conn: KafkaConnection = { brokers: list, clientId: env.KAFKA_CLIENT_ID || "sluice", ssl };
  const mechanism = (env.KAFKA_SASL_MECHANISM ?? "").trim().toLowerCase();
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new Error(
        `Cannot connect to Kafka: KAFKA_SASL_MECHANISM must be one of ${
          SASL_MECHANISMS.join(", ")
        }, got "${mechanism}"`,
      );
    }
    const username = env.KAFKA_SASL_USERNAME ?? "";
    const password = env.KAFKA_SASL_PASSWORD ?? "";
    if (!username || !password) {
      throw new Error(
        `Cannot connect to Kafka: KAFKA_SASL_MECHANISM is "${mechanism}" but ` +
          `KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is empty`,
      );
    }
    conn.sasl = { mechanism: mechanism as SaslMechanism, username, password };
  }
  return conn;
}
