import { deepEqual, equal, match, throws } from "node:assert/strict";
import { parseArgs } from "./main.ts";

Deno.test("parseArgs takes flags over env and defaults the rest", () => {
  deepEqual(parseArgs([], {}), {
    port: 8000,
    hostname: "0.0.0.0",
    topology: "topology/rig-alpha.yaml",
    databaseUrl: undefined,
    allowedOrigins: [],
    help: false,
  });
  const a = parseArgs(["--port", "9001", "--topology=t.yaml"], {
    PORT: "7000",
    TOPOLOGY: "x.yaml",
    DATABASE_URL: "postgres://db/sluice",
    SLUICE_ALLOWED_ORIGINS: "https://a.example, https://b.example",
  });
  equal(a.port, 9001);
  equal(a.topology, "t.yaml");
  equal(a.databaseUrl, "postgres://db/sluice");
  deepEqual(a.allowedOrigins, ["https://a.example", "https://b.example"]);
  equal(parseArgs(["-h"], {}).help, true);
});

Deno.test("parseArgs refuses unknown flags and bad ports with the value", () => {
  throws(() => parseArgs(["--prot", "1"], {}), { message: /unknown argument "--prot"/ });
  throws(() => parseArgs([], { PORT: "80a" }), { message: /got "80a"/ });
  throws(() => parseArgs(["--port"], {}), { message: /--port needs a value/ });
});

async function runMain(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./main.ts", import.meta.url).pathname, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deno task start --help prints usage and exits 0", async () => {
  const r = await runMain(["--help"]);
  equal(r.code, 0);
  match(r.stdout, /Usage: deno task start/);
  match(r.stdout, /DATABASE_URL/);
});

Deno.test("start exits 1 with positioned diagnostics when the topology has errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/bad.yaml`;
    await Deno.writeTextFile(
      file,
      "version: 1\nname: bad\nsources:\n  sim: { type: simulatr }\nsinks:\n  live: { type: websocket, inputs: [sim] }\n",
    );
    const r = await runMain(["--topology", file, "--port", "0"]);
    equal(r.code, 1);
    match(r.stderr, new RegExp(`${file.replaceAll("/", "\\/")}:4:\\d+: .*simulatr`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
