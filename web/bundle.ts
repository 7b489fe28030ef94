/**
 * Bundles the browser scripts in web/static/ into web/static/build/ with
 * `deno bundle --platform browser`. `deno task bundle` always rebuilds;
 * `web/main.ts` calls {@link bundleIfStale} at start.
 */

const STATIC = new URL("./static/", import.meta.url);
const BUILD = new URL("./static/build/", import.meta.url);

/** Entry points: web/static/<name>.ts → web/static/build/<name>.js. */
export const ENTRIES = ["live", "realtime_page"] as const;

async function mtime(url: URL): Promise<number | undefined> {
  try {
    return (await Deno.stat(url)).mtime?.getTime();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Newest modification time of the browser sources (every .ts in web/static/). */
async function newestSource(): Promise<number> {
  let newest = 0;
  for await (const e of Deno.readDir(STATIC)) {
    if (e.isFile && e.name.endsWith(".ts")) {
      newest = Math.max(newest, (await mtime(new URL(e.name, STATIC))) ?? 0);
    }
  }
  return newest;
}

/** Bundles one entry; throws with deno's output when it fails. */
export async function bundle(name: string): Promise<void> {
  await Deno.mkdir(BUILD, { recursive: true });
  const out = new URL(`${name}.js`, BUILD);
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "-o",
      out.pathname,
      new URL(`${name}.ts`, STATIC).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const r = await cmd.output();
  if (!r.success) {
    throw new Error(
      `Cannot bundle web/static/${name}.ts: deno bundle exited with ${r.code}\n` +
        new TextDecoder().decode(r.stderr),
    );
  }
}

/** Rebuilds the entries whose bundle is missing or older than a source; returns those rebuilt. */
export async function bundleIfStale(): Promise<string[]> {
  const newest = await newestSource();
  const rebuilt: string[] = [];
  for (const name of ENTRIES) {
    const built = await mtime(new URL(`${name}.js`, BUILD));
    if (built !== undefined && built >= newest) continue;
    await bundle(name);
    rebuilt.push(name);
  }
  return rebuilt;
}

if (import.meta.main) {
  for (const name of ENTRIES) {
    await bundle(name);
    console.log(`bundled web/static/${name}.ts → web/static/build/${name}.js`);
  }
}
