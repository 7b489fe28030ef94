/**
 * `deno task start`: the web server with the pipeline inside (SPEC §12).
 * Flags win over env; see {@link HELP}.
 */
import { bundleIfStale } from "./bundle.ts";
import { startServer, TopologyLoadError } from "./server.ts";

export const HELP =
  `sluice web server: runs a topology and serves the dashboard, API and WebSockets.

Usage: deno task start [options]

Options (environment variable in brackets):
  --port N              port to listen on [PORT], default 8000
  --hostname H          interface to bind [HOSTNAME], default 0.0.0.0
  --topology FILE       topology file [TOPOLOGY], default topology/rig-alpha.yaml
  --database-url URL    Postgres server [DATABASE_URL]; default embedded PGlite in data/pglite
  --allowed-origins L   extra origins allowed to open WebSockets, comma-separated
                        [SLUICE_ALLOWED_ORIGINS]
  -h, --help            show this help

Ctrl-C (SIGINT) or SIGTERM stops the sources, flushes every sink and exits 0.
`;

interface Args {
  port: number;
  hostname: string;
  topology: string;
  databaseUrl?: string;
  allowedOrigins: string[];
  help: boolean;
}

/** Reads flags and env; throws with a usage message on bad input. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): Args {
  const flags = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      help = true;
      continue;
    }
    const m = /^--(port|hostname|topology|database-url|allowed-origins)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`Cannot start: unknown argument "${a}" (see --help)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`Cannot start: --${m[1]} needs a value`);
    flags.set(m[1], value);
  }
  const portText = flags.get("port") ?? env.PORT ?? "8000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Cannot start: port must be an integer in 0..65535, got "${portText}"`);
  }
  const origins = flags.get("allowed-origins") ?? env.SLUICE_ALLOWED_ORIGINS ?? "";
  return {
    port,
    hostname: flags.get("hostname") ?? env.HOSTNAME ?? "0.0.0.0",
    topology: flags.get("topology") ?? env.TOPOLOGY ?? "topology/rig-alpha.yaml",
    databaseUrl: flags.get("database-url") ?? env.DATABASE_URL,
    allowedOrigins: origins.split(",").map((s) => s.trim()).filter(Boolean),
    help,
  };
}

async function main(): Promise<number> {
  const env = Deno.env.toObject();
  let args: Args;
  try {
    args = parseArgs(Deno.args, env);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  try {
    const rebuilt = await bundleIfStale();
    if (rebuilt.length) console.log(`sluice: bundled browser scripts: ${rebuilt.join(", ")}`);
  } catch (e) {
    console.error(`sluice: ${(e as Error).message}`);
  }
  let server;
  try {
    server = await startServer({ ...args, env });
  } catch (e) {
    if (e instanceof TopologyLoadError) {
      for (const l of e.lines) console.error(l);
      return 1;
    }
    throw e;
  }
  const done = Promise.withResolvers<void>();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(sig, () => {
      console.log(`sluice: ${sig}: stopping (flushing sinks)…`);
      done.resolve();
    });
  }
  await done.promise;
  await server.stop();
  console.log("sluice: stopped");
  return 0;
}

if (import.meta.main) Deno.exit(await main());
