/** Help texts of `deno task topology` and its subcommands. */
import { SCHEMA_PATH } from "./json_schema.ts";

export const USAGE: Record<string, string> = {
  main: `Usage: deno task topology <command> [options]

Commands:
  check FILE…                       validate topology files; print every problem as file:line:col
  graph FILE [--format mermaid|dot] draw the graph (default mermaid) [--out F]
  docs [--out F]                    Markdown reference of every component type
  schema [--out F] [--check]        write ${SCHEMA_PATH} (or check it is up to date)
  test FILE…                        run the tests: blocks of topology files
  run FILE [--workers N]            run a topology until its sources end or Ctrl-C

Run "deno task topology <command> --help" for details.
Exit codes: 0 ok, 1 problems found, 2 usage error.`,
  check: `Usage: deno task topology check FILE…

Validates each topology file and prints every problem at once, as
file:line:col: message. Prints "ok: N components" for files without errors.
Exit 1 when any file has errors.`,
  graph: `Usage: deno task topology graph FILE [--format mermaid|dot] [--out F]

Prints the component graph. Sources, transforms and sinks have different shapes;
edges from a port other than "out" are labelled with the port.`,
  docs: `Usage: deno task topology docs [--out F]

Prints the Markdown reference of every component type (or writes it to F,
e.g. docs/components.md).`,
  schema: `Usage: deno task topology schema [--out F] [--check]

Writes the JSON Schema of topology files, generated from the registry, to
${SCHEMA_PATH} (or F). With --check, writes nothing and exits 1 if the file
is stale.`,
  test: `Usage: deno task topology test FILE…

Runs the tests: blocks of each topology file (recorded input in, expected
outputs out, no wall clock, no network). Exit 1 if any test fails.`,
  run: `Usage: deno task topology run FILE [--workers N]

Runs the topology against the database (DATABASE_URL, else embedded Postgres)
until its sources end or Ctrl-C, then flushes and stops.`,
};
